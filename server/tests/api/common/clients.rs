//! Browsers for tests: a cookie-keeping client, logged in; posting a form and reading a page
//! as a browser without JavaScript would.

use super::*;

/// A client with its own cookies that does not follow redirects, like a second browser.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A client logged in as `email` (with `PASSWORD`).
pub async fn logged_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = browser();
    let answer = app
        .call_as(
            &client,
            &app::api::accounts::LogIn {
                email: email.to_owned(),
                password: PASSWORD.to_owned(),
            },
        )
        .await;
    assert!(answer.is_ok(), "log in as {email}: {answer:?}");
    client
}

/// Posts a form from the page at `from`, as a browser does; returns the redirect target.
pub async fn post_form(
    client: &reqwest::Client,
    app: &TestApp,
    action: &str,
    fields: &(impl serde::Serialize + ?Sized),
    from: &str,
) -> (String, Option<String>) {
    let response = client
        .post(app.url(action))
        .header("accept", "text/html")
        .header("referer", app.url(from))
        .form(fields)
        .send()
        .await
        .expect("form post");
    assert_eq!(response.status(), 302, "a form post answers with a redirect");
    let location = response
        .headers()
        .get("location")
        .expect("location")
        .to_str()
        .expect("request")
        .to_owned();
    // The session's cookie; a refused form may also set the browser's draft cookie.
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .find(|cookie| cookie.starts_with("sessie=") || cookie.starts_with("__Host-sessie="));
    (location, cookie)
}

/// GETs `path` as a browser; returns the status and the body, or the target of a redirect.
pub async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let target = if path.starts_with("http") {
        path.to_owned()
    } else {
        app.url(path)
    };
    let response = client
        .get(target)
        .header("accept", "text/html")
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().expect("ASCII header").to_owned());
    let body = response.text().await.expect("body");
    (status, location.unwrap_or(body))
}
