//! Only errors this server produced, for this person, are shown on a form.
//!
//! After a plain form post that was refused, Leptos sends the browser back to the form
//! with the error in the address (`?__path=...&__err=...`), and the page shows it. Taken as
//! it comes, anyone could send a logged-in coordinator a link that fills the invitation
//! form with an address of their choosing, or shows made-up "changed since" entries. So
//! every such redirect is signed here (`__sig`, an HMAC-SHA256 of the error, the server
//! function it came from and the session it was made for), and a page request whose error
//! does not carry a valid signature is served as if it had none.
//!
//! The key is made once per database (`app::db::accounts::site_key`), so every instance
//! signs alike and a restart keeps working links.

use axum::extract::{Request, State};
use axum::http::header::{COOKIE, LOCATION};
use axum::http::{HeaderValue, Uri};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The key form errors are signed with, the same for every instance on this database.
pub async fn site_key(db: &app::db::Db) -> Result<[u8; 32], sqlx::Error> {
    let fresh: [u8; 32] = rand::random();
    let fresh: String = fresh.iter().map(|byte| format!("{byte:02x}")).collect();
    let stored = app::db::accounts::site_key(db, "form_errors", &fresh).await?;
    from_hex(&stored)
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or_else(|| sqlx::Error::Decode("the stored form_errors key is not 32 bytes of hex".into()))
}

/// The query parameters Leptos uses for a refused form's error, and our signature.
const PATH: &str = "__path";
const ERROR: &str = "__err";
const SIGNATURE: &str = "__sig";

/// What signs and checks form errors.
#[derive(Clone)]
pub struct FormErrorSigner {
    key: [u8; 32],
    sessions: app::auth::SessionSettings,
}

impl FormErrorSigner {
    pub fn new(key: [u8; 32], sessions: app::auth::SessionSettings) -> FormErrorSigner {
        FormErrorSigner { key, sessions }
    }

    fn mac(&self, session: &str, path: &str, error: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        for part in [session, path, error] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac
    }

    /// The signature of `error` from the server function at `path` for `session`.
    fn sign(&self, session: &str, path: &str, error: &str) -> String {
        let tag = self.mac(session, path, error).finalize().into_bytes();
        tag.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Whether `signature` is the one this server made for these values.
    fn verify(&self, session: &str, path: &str, error: &str, signature: &str) -> bool {
        let Some(tag) = from_hex(signature) else {
            return false;
        };
        self.mac(session, path, error).verify_slice(&tag).is_ok()
    }
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Signs the error in a refused form's redirect, and drops an unsigned or wrongly signed
/// error from a request before the page reads it.
pub async fn signed_form_errors(State(signer): State<FormErrorSigner>, mut request: Request, next: Next) -> Response {
    let cookies = request.headers().get(COOKIE).and_then(|value| value.to_str().ok());
    let session = signer.sessions.token_in(cookies).unwrap_or_default();
    if let Some(query) = request.uri().query()
        && query.contains(ERROR)
    {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let value = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, v)| v.as_str());
        let genuine = match (value(PATH), value(ERROR), value(SIGNATURE)) {
            (Some(path), Some(error), Some(signature)) => signer.verify(&session, path, error, signature),
            _ => false,
        };
        if !genuine {
            tracing::info!("a form error without this server's signature was dropped");
            let kept = pairs
                .iter()
                .filter(|(key, _)| ![PATH, ERROR, SIGNATURE].contains(&key.as_str()));
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish();
            let path = request.uri().path();
            let address = if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            };
            match address.parse::<Uri>() {
                Ok(uri) => *request.uri_mut() = uri,
                Err(_) => *request.uri_mut() = Uri::from_static("/"),
            }
        }
    }
    let mut response = next.run(request).await;
    let signed = response
        .headers()
        .get(LOCATION)
        .and_then(|location| location.to_str().ok())
        .filter(|location| location.contains(ERROR))
        .and_then(|location| with_signature(&signer, &session, location));
    if let Some(location) = signed {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}

/// `location` with the signature of the error it carries added.
fn with_signature(signer: &FormErrorSigner, session: &str, location: &str) -> Option<HeaderValue> {
    const BASE: &str = "http://techkaart.invalid/";
    let relative = !location.contains("://");
    let mut url = url::Url::parse(BASE).ok()?.join(location).ok()?;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let value = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, v)| v.as_str());
    let signature = signer.sign(session, value(PATH).unwrap_or_default(), value(ERROR)?);
    url.query_pairs_mut().append_pair(SIGNATURE, &signature);
    let text = if relative {
        match url.query() {
            Some(query) => format!(
                "{}?{query}{}",
                url.path(),
                url.fragment().map(|f| format!("#{f}")).unwrap_or_default()
            ),
            None => url.path().to_owned(),
        }
    } else {
        url.to_string()
    };
    HeaderValue::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> FormErrorSigner {
        FormErrorSigner::new(
            [7; 32],
            app::auth::SiteSettings::new("http://127.0.0.1:3000").sessions(),
        )
    }

    #[test]
    fn a_signature_holds_only_for_its_error_path_and_session() {
        let signer = signer();
        let signature = signer.sign("sessie-a", "/api/invite", "{\"Refused\":1}");
        assert!(signer.verify("sessie-a", "/api/invite", "{\"Refused\":1}", &signature));
        assert!(!signer.verify("sessie-b", "/api/invite", "{\"Refused\":1}", &signature));
        assert!(!signer.verify("sessie-a", "/api/log_in", "{\"Refused\":1}", &signature));
        assert!(!signer.verify("sessie-a", "/api/invite", "{\"Refused\":2}", &signature));
        assert!(!signer.verify("sessie-a", "/api/invite", "{\"Refused\":1}", "00"));
        assert!(!signer.verify("sessie-a", "/api/invite", "{\"Refused\":1}", "zz"));
        let other = FormErrorSigner::new([8; 32], signer.sessions);
        assert!(!other.verify("sessie-a", "/api/invite", "{\"Refused\":1}", &signature));
    }

    #[test]
    fn a_redirect_keeps_its_address_and_gains_the_signature() {
        let signer = signer();
        let location = "http://127.0.0.1:3000/inloggen?__path=/api/log_in&__err=%7B%22LoginFailed%22%7D";
        let signed = with_signature(&signer, "", location).expect("signed");
        let signed = signed.to_str().expect("ASCII");
        assert!(signed.starts_with("http://127.0.0.1:3000/inloggen?__path="), "{signed}");
        let url = url::Url::parse(signed).expect("an address");
        let pairs: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert!(signer.verify("", &pairs[PATH], &pairs[ERROR], &pairs[SIGNATURE]));
        let relative = with_signature(&signer, "", "/beheer?__path=/api/invite&__err=x#uitnodigen").expect("signed");
        let relative = relative.to_str().expect("ASCII");
        assert!(
            relative.starts_with("/beheer?__path=") && relative.ends_with("#uitnodigen"),
            "{relative}"
        );
    }
}
