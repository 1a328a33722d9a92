//! HTTP tests: the real server on port 0 against a fresh database, on both backends.

use crate::common::{TestApp, region_of};
use app::api::search::SearchCompanies;
use app::db;
use app::domain::{PlacementStatus, Region};
use app::error::AppError;
use app::search::Search;
use server::seed;

/// Demo company names with at least one open placement, in `region` (or both), by name.
fn listed_demo_names(region: Option<Region>) -> Vec<String> {
    let mut names: Vec<String> = seed::demo_data(db::today())
        .into_iter()
        .filter(|(c, _)| region.is_none_or(|r| region_of(&c.municipality) == r))
        .filter(|(_, p)| p.iter().any(|p| p.status == PlacementStatus::Open))
        .map(|(c, _)| c.name)
        .collect();
    names.sort();
    names
}

db_test!(the_home_page_renders_the_first_page_of_demo_companies_in_dutch, |db| {
    seed::demo(&db).await.expect("demo seed");
    let app = TestApp::spawn(db).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"<html lang="nl""#), "no Dutch lang attribute");
    let names = listed_demo_names(None);
    assert!(html.contains(&app::i18n::NL.home.companies_found(names.len() as u32)));
    let cards = html.matches(r#"class="company-card""#).count();
    assert_eq!(cards, app::search::engine::PER_PAGE as usize, "one full page of cards");
    // The list is in the HTML itself, not streamed in later by a script.
    assert!(
        !html.contains(app::i18n::NL.site.loading),
        "the page was sent before its data"
    );
    app.stop().await;
});

db_test!(the_region_filter_server_function_returns_only_that_region, |db| {
    seed::demo(&db).await.expect("demo seed");
    let app = TestApp::spawn(db).await;
    for region in Region::ALL.iter().copied() {
        let expected = listed_demo_names(Some(region));
        let query = Search::default().with_filters(|f| f.region = Some(region)).to_query();
        let mut names = Vec::new();
        for page in 1..=3 {
            let result = app
                .call(&SearchCompanies {
                    query: format!("{query}&pagina={page}"),
                    marker_zoom: 10,
                })
                .await
                .expect("search");
            assert_eq!(result.total as usize, expected.len());
            assert!(
                result.hits.iter().all(|h| h.municipality.region() == region),
                "another region leaked into {region}"
            );
            names.extend(result.hits.into_iter().map(|h| h.name));
        }
        names.sort();
        assert_eq!(names, expected, "every page together lists the region once");
    }
    app.stop().await;
});

db_test!(a_region_link_renders_only_that_region_on_the_server, |db| {
    seed::demo(&db).await.expect("demo seed");
    let app = TestApp::spawn(db).await;
    let html = app.get("/?regio=ijmond").await.text().await.expect("body");
    let ijmond = listed_demo_names(Some(Region::Ijmond));
    let shown = ijmond.iter().filter(|name| html.contains(&format!(">{name}<"))).count();
    assert_eq!(
        shown,
        ijmond.len().min(app::search::engine::PER_PAGE as usize),
        "a full first page of IJmond companies"
    );
    for name in listed_demo_names(Some(Region::Kempen)) {
        assert!(!html.contains(&format!(">{name}<")), "{name} is in the Kempen");
    }
    app.stop().await;
});

db_test!(a_page_past_the_end_says_so_and_links_to_the_first_page, |db| {
    seed::demo(&db).await.expect("demo seed");
    let app = TestApp::spawn(db).await;
    let html = app.get("/?regio=ijmond&pagina=7").await.text().await.expect("body");
    assert!(html.contains(app::i18n::NL.home.page_past_the_end), "no explanation");
    assert!(html.contains(r#"href="/?regio=ijmond""#), "no link to the first page");
    assert!(
        !html.contains(app::i18n::NL.home.no_results),
        "claims there are no companies"
    );
    app.stop().await;
});

db_test!(a_page_beyond_the_limit_is_refused_with_a_validation_error, |db| {
    let app = TestApp::spawn(db).await;
    let refused = app
        .call(&SearchCompanies {
            query: "pagina=1000000".into(),
            marker_zoom: 10,
        })
        .await;
    assert!(
        matches!(refused, Err(AppError::Validation(ref errors)) if errors[0].field == "pagina"),
        "{refused:?}"
    );
    app.stop().await;
});

db_test!(healthz_is_ready_while_the_database_answers_and_alive_without_it, |db| {
    let app = TestApp::spawn(db.clone()).await;
    let up = app.get("/healthz").await;
    assert_eq!(up.status(), 200);
    assert_eq!(up.text().await.expect("body"), "ready");
    // A newer release migrated the database: this instance is alive but not ready.
    crate::common::execute(
        &db,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (9999, 'from a newer release', TRUE, '00', 1)",
    )
    .await
    .expect("a newer migration");
    let newer = app.get("/healthz").await;
    assert_eq!(newer.status(), 503);
    assert_eq!(
        newer.text().await.expect("body"),
        "database schema newer than this release"
    );
    assert_eq!(app.get("/healthz/alive").await.status(), 200);
    db.close().await;
    let down = app.get("/healthz").await;
    assert_eq!(down.status(), 503);
    assert_eq!(down.text().await.expect("body"), "database unavailable");
    let alive = app.get("/healthz/alive").await;
    assert_eq!(alive.status(), 200, "alive without its database");
    assert_eq!(alive.text().await.expect("body"), "alive");
    app.stop().await;
});

db_test!(metrics_count_requests_by_kind_for_this_machine_only, |db| {
    let app = TestApp::spawn(db.clone()).await;
    app::catalog::current(&db).await.expect("catalog");
    // One mail waits in the outbox.
    crate::common::execute(
        &db,
        "INSERT INTO outbox (recipient, subject, body, purpose, created_at)
             VALUES ('a@example.nl', 'Onderwerp', 'Tekst', 'test', '2026-12-01T08:00:00Z')",
    )
    .await
    .expect("a waiting mail");
    for _ in 0..3 {
        assert_eq!(app.get("/").await.status(), 200);
    }
    assert_eq!(app.get("/bestaat-niet").await.status(), 404);
    assert_eq!(app.get("/healthz").await.status(), 200);
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ASCII")
            .starts_with("text/plain; version=0.0.4")
    );
    let text = response.text().await.expect("body");
    let value = |line_start: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(line_start)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("no {line_start} in\n{text}"))
            .parse()
            .expect("a number")
    };
    assert_eq!(value("techkaart_requests_total{kind=\"page\",status=\"2xx\"}"), 3.0);
    assert_eq!(value("techkaart_requests_total{kind=\"page\",status=\"4xx\"}"), 1.0);
    assert_eq!(value("techkaart_requests_total{kind=\"health\",status=\"2xx\"}"), 1.0);
    assert_eq!(value("techkaart_request_duration_seconds_count{kind=\"page\"}"), 4.0);
    assert_eq!(value("techkaart_outbox_waiting"), 1.0);
    assert_eq!(value("techkaart_open_streams"), 0.0);
    let companies = app::db::companies::count_companies(&db).await.expect("count");
    assert!(value("techkaart_catalog_companies") <= companies as f64);
    assert!(value("techkaart_catalog_age_seconds") >= 0.0);
    assert!(value("techkaart_catalog_build_seconds") > 0.0);
    assert!(text.contains("techkaart_db_connections{pool="), "{text}");
    // Through a proxy (even one on this machine) nobody reads them.
    let proxied = app
        .client
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "192.0.2.1")
        .send()
        .await
        .expect("GET");
    assert_eq!(proxied.status(), 404);
    app.stop().await;
});

db_test!(an_unknown_address_gets_a_404_page_with_a_way_back, |db| {
    let app = TestApp::spawn(db).await;
    let response = app.get("/bestaat-niet").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.expect("body");
    assert!(html.contains("Pagina niet gevonden"));
    assert!(html.contains(r#"href="/""#));
    app.stop().await;
});

db_test!(html_is_compressed_for_browsers_that_accept_brotli, |db| {
    seed::demo(&db).await.expect("demo seed");
    let app = TestApp::spawn(db).await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("GET");
    assert_eq!(
        response.headers().get("content-encoding").map(|v| v.as_bytes()),
        Some(&b"br"[..])
    );
    app.stop().await;
});

db_test!(a_company_page_shows_its_profile_and_links_its_open_placements, |db| {
    seed::demo(&db).await.expect("demo seed");
    let (company, placements) = seed::demo_data(db::today())
        .into_iter()
        .find(|(c, p)| c.sbb_accredited && p.iter().any(|p| p.status.is_open()))
        .expect("an accredited demo company with open placements");
    let app = TestApp::spawn(db).await;
    let response = app.get(&format!("/bedrijven/{}", company.slug.as_str())).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("body");
    assert!(
        html.contains(&format!("<title>{} – Techkaart</title>", company.name)),
        "no page title"
    );
    assert!(html.contains("Erkend leerbedrijf"));
    assert!(html.contains(&company.street_address));
    assert!(html.contains("url(/tiles/15/"), "no map tiles");
    for placement in placements.iter().filter(|p| p.status.is_open()) {
        assert!(html.contains(&placement.title), "{} missing", placement.title);
    }
    assert!(html.contains(&format!("/bedrijven/{}/plekken/", company.slug.as_str())));
    app.stop().await;
});

db_test!(a_placement_page_shows_every_detail_and_how_to_apply, |db| {
    seed::demo(&db).await.expect("demo seed");
    let listed = db::companies::list_public_companies(&db).await.expect("listed");
    let mut bbl = None;
    for company in &listed {
        let profile = db::companies::get_published_company(&db, &company.slug)
            .await
            .expect("q")
            .expect("company");
        if let Some(p) = profile
            .placements
            .iter()
            .find(|p| p.kind == app::domain::PlacementKind::Bbl)
        {
            bbl = Some((company.slug.clone(), p.id));
            break;
        }
    }
    let (slug, id) = bbl.expect("a BBL placement in the demo data");
    let details = db::placements::get_published_placement(&db, &slug, id)
        .await
        .expect("q")
        .expect("placement");
    let app = TestApp::spawn(db).await;
    let response = app.get(&format!("/bedrijven/{slug}/plekken/{id}")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("body");
    let t = &app::i18n::NL;
    for expected in [
        details.placement.title.clone(),
        t.words.level(details.placement.level).to_owned(),
        t.words
            .pay(details.placement.pay_min_eur, details.placement.pay_max_eur),
        t.words.weekday(details.placement.school_days[0]).to_owned(),
        details.contact_email.clone().expect("demo e-mail"),
    ] {
        assert!(html.contains(&expected), "{expected:?} missing");
    }
    let company = details.company_name.replace('&', "&amp;");
    assert!(
        html.contains(&format!("<title>{} bij {company}", details.placement.title)),
        "Dutch page title"
    );
    let english = app.page_in("en", &format!("/bedrijven/{slug}/plekken/{id}")).await;
    let en = &app::i18n::EN;
    assert!(
        english.contains(&format!("<title>{} at {company}", details.placement.title)),
        "English page title"
    );
    assert!(
        english.contains(
            en.words
                .months(details.placement.duration_months.expect("demo BBL duration"))
                .as_str()
        )
    );
    app.stop().await;
});

db_test!(unknown_companies_and_placements_get_a_404_page_in_dutch, |db| {
    seed::demo(&db).await.expect("demo seed");
    let listed = db::companies::list_public_companies(&db).await.expect("listed");
    let first = db::companies::get_published_company(&db, &listed[0].slug)
        .await
        .expect("q")
        .expect("company");
    let app = TestApp::spawn(db).await;
    let wrong_company = format!("/bedrijven/{}/plekken/{}", listed[1].slug, first.placements[0].id);
    for (path, message) in [
        (
            "/bedrijven/bestaat-niet".to_owned(),
            app::i18n::NL.company.company_not_found,
        ),
        (wrong_company, app::i18n::NL.company.placement_not_found),
        (
            format!("/bedrijven/{}/plekken/abc", listed[0].slug),
            app::i18n::NL.company.placement_not_found,
        ),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.expect("body").contains(message), "{path}");
    }
    let refused = app
        .call(&app::api::companies::GetCompany {
            slug: "bestaat-niet".into(),
        })
        .await;
    assert_eq!(refused, Err(AppError::NotFound));
    app.stop().await;
});

db_test!(english_comes_from_the_browser_or_the_switch_and_is_remembered, |db| {
    seed::demo(&db).await.expect("demo seed");
    let app = TestApp::spawn(db).await;
    let en = &app::i18n::EN;
    let english = app.page_in("en-GB,en;q=0.9,nl;q=0.5", "/").await;
    assert!(english.contains(r#"<html lang="en""#), "Accept-Language picks English");
    assert!(english.contains(en.home.home_heading) && english.contains("companies found"));
    assert!(english.contains(r#"href="/taal/nl?terug="#), "a link back to Dutch");

    // The switch sets a cookie and returns to the page it was used on.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let switched = no_redirects
        .get(app.url("/taal/en?terug=%2Fbedrijven%2Fx%3Fa%3D1"))
        .send()
        .await
        .expect("GET");
    assert_eq!(switched.status(), 303);
    assert_eq!(switched.headers()["location"], "/bedrijven/x?a=1");
    let cookie = switched.headers()["set-cookie"].to_str().expect("cookie");
    assert!(
        cookie.starts_with("taal=en;") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    // Ways a browser reads as another site: two slashes, a tab or newline it drops, a
    // backslash it takes for a slash, a dot segment it removes.
    for elsewhere in [
        "%2F%2Fevil.example",
        "/%09/evil.example/",
        "/%0A/evil.example/",
        "/%5Cevil.example",
        "/.//evil.example",
    ] {
        let answer = no_redirects
            .get(app.url(&format!("/taal/en?terug={elsewhere}")))
            .send()
            .await
            .expect("GET");
        assert_eq!(
            answer.headers()["location"],
            "/",
            "{elsewhere}: only paths on this site"
        );
    }
    assert_eq!(
        no_redirects
            .get(app.url("/taal/xx"))
            .send()
            .await
            .expect("GET")
            .status(),
        404
    );

    // The cookie outranks the browser's languages, also on the 404 page.
    app.get("/taal/en?terug=/").await;
    let missing = app
        .client
        .get(app.url("/bedrijven/bestaat-niet"))
        .header("accept-language", "nl")
        .send()
        .await
        .expect("GET");
    assert_eq!(missing.status(), 404);
    let html = missing.text().await.expect("body");
    assert!(
        html.contains(r#"<html lang="en""#) && html.contains(en.company.company_not_found),
        "the 404 page in English"
    );
    app.stop().await;
});

db_test!(
    the_home_page_is_kept_per_catalog_and_language_and_never_goes_stale,
    |db| {
        seed::demo(&db).await.expect("demo seed");
        let app = TestApp::spawn(db.clone()).await;
        let page = |language: &'static str, encoding: &'static str| {
            let request = app
                .client
                .get(app.url("/"))
                .header("accept-language", language)
                .header("accept-encoding", encoding);
            async move {
                let response = request.send().await.expect("GET /");
                assert_eq!(response.status(), 200);
                let brotli = response.headers().get("content-encoding").is_some_and(|v| v == "br");
                let body = response.bytes().await.expect("body").to_vec();
                if brotli {
                    let mut html = Vec::new();
                    brotli::BrotliDecompress(&mut &body[..], &mut html).expect("valid brotli");
                    String::from_utf8(html).expect("UTF-8")
                } else {
                    String::from_utf8(body).expect("UTF-8")
                }
            }
        };
        let dutch = page("nl", "identity").await;
        // Byte for byte: a page rendered anew would differ at least in its script nonce.
        assert_eq!(page("nl", "identity").await, dutch, "the kept page again");
        assert_eq!(page("nl", "br").await, dutch, "the kept page, compressed");
        let english = page("en", "br").await;
        assert!(
            english.contains(app::i18n::EN.home.home_heading),
            "English asked, English given"
        );
        assert!(!english.contains(app::i18n::NL.home.home_heading));
        assert!(dutch.contains(app::i18n::NL.home.home_heading));

        // A committed write moves the catalog on, and the next page shows it.
        let before = listed_demo_names(None).len() as u32;
        assert!(dutch.contains(&app::i18n::NL.home.companies_found(before)));
        crate::common::insert_company_with_open_placement(&db, "Nieuwe Draaierij").await;
        let after = page("nl", "br").await;
        assert!(
            after.contains(&app::i18n::NL.home.companies_found(before + 1)),
            "a stale page was served"
        );
        app.stop().await;
    }
);

db_test!(only_pages_with_islands_load_the_wasm, |db| {
    use crate::common::{account, logged_in, page};
    use app::domain::{Region, Role};

    seed::demo(&db).await.expect("demo seed");
    let listed = app::catalog::current(&db).await.expect("catalog");
    let company = &listed.companies[0];
    let placement = company.placements[0].id;
    let event = crate::common::count(&db, "SELECT MIN(id) FROM events").await;
    account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
    let app = TestApp::spawn(db.clone()).await;
    let coordinator = logged_in(&app, "co@kempen.example").await;
    let anonymous = crate::common::browser();
    let pages = [
        (&anonymous, "/".to_owned()),
        (&anonymous, format!("/bedrijven/{}", company.slug)),
        (&anonymous, format!("/bedrijven/{}/plekken/{placement}", company.slug)),
        (&anonymous, "/inloggen".to_owned()),
        (&anonymous, "/wachtwoord-vergeten".to_owned()),
        (&anonymous, format!("/wachtwoord/{}", "0".repeat(64))),
        (&anonymous, "/bestaat-niet".to_owned()),
        (&coordinator, "/beheer".to_owned()),
        (&coordinator, "/beheer/uitnodigen".to_owned()),
        (&coordinator, "/beheer/bedrijven".to_owned()),
        (&coordinator, "/beheer/uitgaande-mail".to_owned()),
        (&coordinator, "/beheer/wijzigingen".to_owned()),
        (&coordinator, "/beheer/evenementen".to_owned()),
        (&coordinator, "/beheer/schermen".to_owned()),
        (&coordinator, "/beheer/interesses".to_owned()),
        (&coordinator, "/beheer/nieuwe-interesse".to_owned()),
        (&coordinator, format!("/beheer/plekken/{placement}/passend")),
        (&anonymous, "/evenementen?regio=kempen".to_owned()),
        (&anonymous, format!("/evenementen/{event}")),
        (&coordinator, "/beheer/evenementen/nieuw".to_owned()),
        (&anonymous, "/scherm".to_owned()),
        (&coordinator, "/beheer/schermen/koppel".to_owned()),
    ];
    for (client, path) in pages {
        let (_, html) = page(client, &app, &path).await;
        let islands = html.contains("<leptos-island");
        let loads_wasm = html.contains(".wasm");
        assert_eq!(
            islands, loads_wasm,
            "{path}: islands {islands}, loads the wasm {loads_wasm}"
        );
        assert_eq!(islands, app::routes::has_islands(&path), "{path}");
        // A workspace page (no islands) does not carry its data a second time, as a script.
        let workspace = path.starts_with("/beheer/") && !path.starts_with("/beheer/evenementen");
        if !islands && workspace && !path.starts_with("/beheer/schermen") {
            assert!(!html.contains("__RESOLVED_RESOURCES["), "{path} serialises its data");
        }
    }
    app.stop().await;
});

/// Two servers on one PostgreSQL database, as behind a proxy: a placement a company user
/// adds through the first shows on the second's company page and in its search, without
/// a restart (the second hears of it by notification and rebuilds its catalog). The wait
/// is bounded generously; the time it took is printed.
#[cfg(postgres_tests)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_placement_added_through_one_server_shows_on_the_other() {
    use app::domain::Role;

    let (url, name) = crate::common::empty_postgres_database().await;
    let db_one = server::database::open(&url).await.expect("first instance");
    let db_two = server::database::open(&url).await.expect("second instance");
    crate::common::insert_company_with_open_placement(&db_one, "Vonk Metaal").await;
    let vonk = crate::common::count(&db_one, "SELECT id FROM companies").await;
    crate::common::account(&db_one, "jan@vonk.example", Role::Company, Some(vonk), None).await;
    let one = TestApp::spawn(db_one.clone()).await;
    let two = TestApp::spawn(db_two.clone()).await;
    let title = format!("Lasser elders {}", rand::random::<u32>());
    let shown_on_two = || async {
        let page = two.page_in("nl", "/bedrijven/vonk-metaal").await;
        let search = two
            .call(&SearchCompanies {
                query: format!("zoek={}", title.replace(' ', "+")),
                marker_zoom: 10,
            })
            .await
            .expect("search");
        (page.contains(&title), search.total)
    };
    assert_eq!(shown_on_two().await, (false, 0), "not there before");

    let jan = crate::common::logged_in(&one, "jan@vonk.example").await;
    let written = std::time::Instant::now();
    one.call_as(
        &jan,
        &app::api::own_placements::SavePlacement {
            id: None,
            form: crate::company::bbl_form(&title),
        },
    )
    .await
    .expect("Jan adds a placement through the first server");
    let mut seen = shown_on_two().await;
    while seen != (true, 1) && written.elapsed() < std::time::Duration::from_secs(10) {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        seen = shown_on_two().await;
    }
    assert_eq!(seen, (true, 1), "the second server shows it on the page and in search");
    eprintln!("shown on the second server after {:?}", written.elapsed());
    one.stop().await;
    two.stop().await;
    db_one.close().await;
    db_two.close().await;
    crate::common::drop_postgres_database(&name).await;
}
