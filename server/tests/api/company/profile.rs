//! A company's profile: editing it, the SBB recognition only the coordinator sets, the logo.

use super::*;

db_test!(
    a_company_edits_its_profile_but_not_its_recognition_and_meets_a_conflict,
    |db| {
        use app::api::own_profile::{LoadOwnProfile, SaveProfile};

        let app = TestApp::spawn(db.clone()).await;
        let mut vonk = crate::common::company("Vonk Metaal");
        vonk.sbb_accredited = false;
        let vonk = insert_company(&db, &vonk).await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        account(&db, "els@vonk.example", Role::Company, Some(vonk), None).await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let els = logged_in(&app, "els@vonk.example").await;
        let profile = app.call_as(&jan, &LoadOwnProfile {}).await.expect("profile");
        assert_eq!(profile.form.name, "Vonk Metaal");

        // IJmuiden is not in Bladel's region: refused, nothing saved.
        let mut moved = profile.form.clone();
        moved.latitude = "52.4580".into();
        moved.longitude = "4.6200".into();
        let before = snapshot(&db).await;
        let refused = app
            .call_as(&jan, &SaveProfile { form: moved })
            .await
            .expect_err("outside the region");
        assert_eq!(
            refused
                .field_errors()
                .iter()
                .map(|e| e.field.as_str())
                .collect::<Vec<_>>(),
            ["location"]
        );
        assert_eq!(snapshot(&db).await, before);

        // A new name and a pin moved within Bladel; a sneaked-in SBB flag is ignored.
        let mut edited = profile.form.clone();
        edited.name = "Vonk Metaal & Zonen".into();
        edited.latitude = "51,3700".into();
        let mut body = serde_qs::to_string(&SaveProfile { form: edited }).expect("encode");
        body.push_str("&form[sbb_accredited]=1");
        let (status, text) = app
            .post_raw(&jan, app::api::own_profile::SaveProfile::PATH, &body, &[])
            .await;
        assert_eq!(status, 200, "{text}");
        assert_eq!(
        count(&db, "SELECT COUNT(*) FROM companies WHERE name = 'Vonk Metaal & Zonen' AND latitude = 51.37 AND sbb_accredited = false AND version = 2").await,
        1
    );
        // The catalog (and so the public page) follows at once.
        let (_, html) = page(&browser(), &app, "/bedrijven/vonk-metaal").await;
        assert!(
            html.contains("Vonk Metaal &amp; Zonen"),
            "the public page shows the new name"
        );

        // Els started from version 1 too: refused, with Jan's change shown.
        let mut hers = profile.form.clone();
        hers.contact_phone = "040 123 4567".into();
        let before = snapshot(&db).await;
        let refused = app.call_as(&els, &SaveProfile { form: hers }).await.expect_err("stale");
        assert_eq!(snapshot(&db).await, before, "nothing overwritten");
        match refused {
            AppError::Refused(refusal) => {
                assert!(refusal.stale);
                let changed: Vec<(String, String)> = refusal
                    .saved_since
                    .iter()
                    .flat_map(|e| e.changes.iter().map(|c| (c.field.clone(), c.after.clone())))
                    .collect();
                assert_eq!(
                    changed,
                    [
                        ("name".to_owned(), "Vonk Metaal & Zonen".to_owned()),
                        ("latitude".to_owned(), "51.37000".to_owned())
                    ]
                );
                assert!(
                    matches!(refusal.draft, Draft::Profile(ref f) if f.version == 2 && f.contact_phone == "040 123 4567")
                );
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(
            app.call_as(&browser(), &LoadOwnProfile {})
                .await
                .map_err(|e| e.status()),
            Err(401)
        );
        let body = serde_qs::to_string(&SaveProfile { form: profile.form }).expect("encode");
        assert_eq!(
            app.post_raw(&browser(), app::api::own_profile::SaveProfile::PATH, &body, &[])
                .await
                .0,
            401
        );
        app.stop().await;
    }
);

db_test!(only_the_regions_coordinator_sets_the_sbb_recognition, |db| {
    use app::api::recognition::SetRecognition;

    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
    let recognise = SetRecognition {
        company_id: vonk,
        version: 1,
        recognised: true,
    };
    let before = snapshot(&db).await;
    for (who, expected) in [("jan@vonk.example", 403), ("co@ijmond.example", 404)] {
        let client = logged_in(&app, who).await;
        assert_eq!(
            app.call_as(&client, &recognise).await.map_err(|e| e.status()),
            Err(expected),
            "{who}"
        );
    }
    assert_eq!(
        app.call_as(&browser(), &recognise).await.map_err(|e| e.status()),
        Err(401)
    );
    let after: Vec<String> = snapshot(&db)
        .await
        .lines()
        .filter(|l| !l.starts_with("sessions"))
        .map(str::to_owned)
        .collect();
    let before: Vec<String> = before
        .lines()
        .filter(|l| !l.starts_with("sessions"))
        .map(str::to_owned)
        .collect();
    assert_eq!(after, before, "nothing changed");

    let kempen = logged_in(&app, "co@kempen.example").await;
    app.call_as(&kempen, &recognise)
        .await
        .expect("the Kempen coordinator may");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM companies WHERE sbb_accredited = true AND version = 2"
        )
        .await,
        1
    );
    let (_, html) = page(&browser(), &app, "/bedrijven/vonk-metaal").await;
    assert!(
        html.contains(NL.site.sbb_badge),
        "the public page shows the recognition"
    );
    // The same switch again, based on the old version, is refused.
    let stale = app.call_as(&kempen, &recognise).await.map_err(|e| e.status());
    assert_eq!(stale, Err(409));
    // The company's change log names the coordinator by role, never by address; the
    // coordinator's own overview still says who did it.
    let jan = logged_in(&app, "jan@vonk.example").await;
    let (_, html) = page(&jan, &app, "/beheer").await;
    assert!(html.contains(NL.dashboard.coordinator_actor), "{html}");
    assert!(
        !html.contains("co@kempen.example"),
        "no coordinator's address for a company"
    );
    let (_, html) = page(&kempen, &app, "/beheer/wijzigingen").await;
    assert!(html.contains("co@kempen.example"));
    app.stop().await;
});

/// A multipart body with one file field `logo`; returns the content type and the body.
pub(super) fn logo_upload(bytes: &[u8], file_name: &str) -> (String, Vec<u8>) {
    let boundary = "techkaart-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A PNG of `width` × `height` with a text chunk that must not survive.
pub(super) fn png_with_comment(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder
            .add_text_chunk("Comment".into(), "geheim-adres-thuis".into())
            .expect("text chunk");
        let mut writer = encoder.write_header().expect("header");
        writer
            .write_image_data(&vec![120u8; (width * height * 3) as usize])
            .expect("pixels");
    }
    bytes
}

db_test!(a_logo_is_reencoded_and_bad_uploads_are_refused, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let vonk = insert_company(&db, &crate::common::company("Vonk Metaal")).await;
    account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let jan = logged_in(&app, "jan@vonk.example").await;
    let post = |client: &reqwest::Client, bytes: &[u8], name: &str, accept: &str, origin: Option<&str>| {
        let (content_type, body) = logo_upload(bytes, name);
        let mut request = client
            .post(app.url("/beheer/logo"))
            .header("content-type", content_type)
            .header("accept", accept)
            .body(body);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let status = |r: reqwest::Response| r.status().as_u16();

    let before = snapshot(&db).await;
    assert_eq!(
        status(
            post(&browser(), &png_with_comment(50, 50), "a.png", "*/*", None)
                .await
                .expect("post")
        ),
        401
    );
    assert_eq!(
        status(
            post(
                &jan,
                &png_with_comment(50, 50),
                "a.png",
                "*/*",
                Some("https://evil.example")
            )
            .await
            .expect("post")
        ),
        403
    );
    assert_eq!(
        status(
            post(&jan, b"<script>alert(1)</script>", "logo.png", "*/*", None)
                .await
                .expect("post")
        ),
        415,
        "text named .png"
    );
    let huge = vec![0u8; 3 * 1024 * 1024];
    // The server answers 413 as soon as the length is known and closes the connection, so
    // the client may still be writing the body then and see the connection break instead of
    // reading the answer. Either way it was refused before the body arrived, and nothing
    // was stored (checked below).
    match post(&jan, &huge, "groot.png", "*/*", None).await {
        Ok(response) => assert_eq!(status(response), 413),
        Err(error) => {
            let mut causes = Vec::new();
            let mut cause = std::error::Error::source(&error);
            while let Some(inner) = cause {
                causes.push(inner.to_string());
                cause = inner.source();
            }
            let broken = causes.iter().any(|c| c.contains("Broken pipe") || c.contains("reset"));
            assert!(error.is_request() && broken, "{error:?}");
        }
    }
    assert_eq!(
        status(
            post(&jan, &png_with_comment(5000, 5000), "bom.png", "*/*", None)
                .await
                .expect("post")
        ),
        422
    );
    let back = post(&jan, b"GIF89a", "logo.gif", "text/html", None)
        .await
        .expect("post");
    assert_eq!(back.status(), 303);
    assert_eq!(
        back.headers()["location"],
        "/beheer/profiel?logo_fout=geen-afbeelding#logo"
    );
    let (_, html) = page(&jan, &app, "/beheer/profiel?logo_fout=geen-afbeelding").await;
    assert!(html.contains(NL.edit.logo_not_image), "the refusal is told");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM company_logos").await, 0);
    assert_eq!(
        snapshot(&db)
            .await
            .lines()
            .filter(|l| !l.starts_with("sessions"))
            .collect::<Vec<_>>(),
        before
            .lines()
            .filter(|l| !l.starts_with("sessions"))
            .collect::<Vec<_>>(),
        "nothing stored"
    );

    // A good one, too large: scaled down, encoded anew, the text chunk gone.
    let saved = post(&jan, &png_with_comment(800, 400), "logo.png", "text/html", None)
        .await
        .expect("post");
    assert_eq!(saved.headers()["location"], "/beheer/profiel?logo=1#logo");
    let (_, html) = page(&browser(), &app, "/bedrijven/vonk-metaal").await;
    let start = html
        .find(&format!("/logos/{vonk}?v="))
        .expect("the public page shows the logo");
    let address = html[start..].split('"').next().expect("address").to_owned();
    let logo = browser().get(app.url(&address)).send().await.expect("GET");
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert!(
        logo.headers()["cache-control"]
            .to_str()
            .expect("ASCII")
            .contains("public")
    );
    let bytes = logo.bytes().await.expect("bytes");
    let decoded = image::load_from_memory(&bytes).expect("a PNG");
    assert_eq!((decoded.width(), decoded.height()), (400, 200));
    assert!(!bytes.windows(6).any(|w| w == b"geheim"), "the metadata is gone");

    // Unpublished: the logo is no longer anyone's to see but the company's own users'.
    crate::common::execute(
        &db,
        &format!("UPDATE companies SET published = FALSE WHERE id = {vonk}"),
    )
    .await
    .expect("unpublish");
    let anonymous = browser().get(app.url(&address)).send().await.expect("GET");
    assert_eq!(anonymous.status(), 404, "an unpublished company's logo is not served");
    let own = jan.get(app.url(&address)).send().await.expect("GET");
    assert_eq!(own.status(), 200, "its own user still sees it on the profile page");
    assert_eq!(own.headers()["cache-control"], "private, no-store");
    app.stop().await;
});
