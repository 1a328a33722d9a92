//! What pages carry: the content security policy, and the workspace pages per person.

use super::*;

db_test!(
    every_page_carries_a_policy_that_allows_exactly_its_own_inline_scripts,
    |db| {
        let app = TestApp::spawn(db.clone()).await;
        for path in ["/", "/inloggen", "/bestaat-niet"] {
            let response = browser().get(app.url(path)).send().await.expect("GET");
            let headers = response.headers().clone();
            let html = response.text().await.expect("body");
            let policy = headers["content-security-policy"].to_str().expect("ASCII");
            for part in [
                "'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
            ] {
                assert!(policy.contains(part), "{path}: {part} in {policy}");
            }
            let scripts = server::security::inline_script_hashes(&html);
            assert!(!scripts.is_empty(), "{path} has Leptos's inline scripts");
            for hash in scripts {
                assert!(
                    policy.contains(&format!("'sha256-{hash}'")),
                    "{path}: {hash} allowed by {policy}"
                );
            }
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["referrer-policy"], "same-origin");
            assert!(
                headers.get("strict-transport-security").is_none(),
                "no HSTS over plain http"
            );
        }
        app.stop().await;
    }
);

db_test!(
    the_workspace_pages_show_a_coordinator_her_region_searched_and_nobody_else_anything,
    |db| {
        use app::api::dashboard::{WorkspaceChanges, WorkspaceCompanies, WorkspaceOutbox};
        let app = TestApp::spawn(db.clone()).await;
        crate::common::insert_company_with_open_placement(&db, "Vonk Metaal").await;
        crate::common::insert_company_with_open_placement(&db, "Bladel Buigtechniek").await;
        insert_company(&db, &crate::common::company_in_velsen("Staal IJmuiden")).await;
        account(&db, "co@kempen.example", Role::Coordinator, None, Some(Region::Kempen)).await;
        account(&db, "co@ijmond.example", Role::Coordinator, None, Some(Region::Ijmond)).await;
        let vonk = count(&db, "SELECT id FROM companies WHERE slug = 'vonk-metaal'").await;
        account(&db, "jan@vonk.example", Role::Company, Some(vonk), None).await;
        let kempen = logged_in(&app, "co@kempen.example").await;
        let ijmond = logged_in(&app, "co@ijmond.example").await;
        let jan = logged_in(&app, "jan@vonk.example").await;
        let search = |text: &str| WorkspaceCompanies {
            search: text.to_owned(),
        };

        let all = app.call_as(&kempen, &search("")).await.expect("companies");
        let names: Vec<&str> = all.companies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Bladel Buigtechniek", "Vonk Metaal"]);
        assert_eq!((all.total, all.region), (2, Some(Region::Kempen)));
        assert_eq!(
            all.users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(),
            ["jan@vonk.example"]
        );
        // By name in any case, by the address of a person.
        let found = app.call_as(&kempen, &search("  VONK ")).await.expect("companies");
        assert_eq!(found.companies.len(), 1);
        assert_eq!(found.total, 2);
        let by_person = app.call_as(&kempen, &search("jan@")).await.expect("companies");
        assert!(by_person.companies.is_empty() && by_person.users.len() == 1);
        // The IJmond's coordinator sees only the IJmond.
        let theirs = app.call_as(&ijmond, &search("")).await.expect("companies");
        assert_eq!(
            theirs.companies.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Staal IJmuiden"]
        );
        assert!(theirs.users.is_empty());
        // A company user and nobody get nothing.
        assert_eq!(app.call_as(&jan, &search("")).await, Err(AppError::Forbidden));
        assert_eq!(app.call_as(&browser(), &search("")).await, Err(AppError::NotLoggedIn));
        for client in [&jan, &browser()] {
            assert!(
                app.call_as(client, &WorkspaceOutbox { search: String::new() })
                    .await
                    .is_err()
            );
            assert!(app.call_as(client, &WorkspaceChanges {}).await.is_err());
        }
        app.stop().await;
    }
);
