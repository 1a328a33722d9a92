//! The search server function: every filter alone and combined, on SQLite and PostgreSQL,
//! over a small set of companies stored through the app's own inserts.

use crate::common::TestApp;
use app::api::search::{SearchCompanies, SearchMarkers};
use app::db::Db;
use app::domain::{Field, Level, Municipality, NewPlacement, PlacementKind, PlacementStatus, Region, Slug};
use app::error::AppError;
use app::search::engine::SearchResult;
use app::search::{Filters, Origin, Search};
use leptos::server_fn::ServerFn;

/// Title, kind, level, field, start date, status.
type FixturePlacement = (
    &'static str,
    PlacementKind,
    Level,
    Field,
    Option<&'static str>,
    PlacementStatus,
);

/// A search change and the company names it should find.
type Case = (Box<dyn FnOnce(&mut Filters)>, Vec<&'static str>);

struct Fixture {
    name: &'static str,
    town: &'static str,
    municipality: Municipality,
    at: (f64, f64),
    sbb: bool,
    description: &'static str,
    published: bool,
    placements: &'static [FixturePlacement],
}

use Field::*;
use Level::*;
use PlacementKind::*;
use PlacementStatus::*;

const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "Vonk Lastechniek",
        town: "Bladel",
        municipality: Municipality::Bladel,
        at: (51.3686, 5.2203),
        sbb: true,
        description: "Lassen van landbouwmachines",
        published: true,
        placements: &[
            ("BBL lasser", Bbl, Mbo2, Welding, Some("2027-02-01"), Open),
            ("Snuffeldag werkplaats", OrientationDay, Vmbo, Welding, None, Open),
            ("BBL plaatwerker", Bbl, Mbo2, SheetMetal, None, Filled),
        ],
    },
    Fixture {
        name: "Hapert Draaitechniek",
        town: "Hapert",
        municipality: Municipality::Bladel,
        at: (51.3655, 5.2602),
        sbb: false,
        description: "Verspanen in kleine series",
        published: true,
        placements: &[(
            "Stage CNC-operator",
            BolInternship,
            Mbo3,
            Machining,
            Some("2026-09-01"),
            Open,
        )],
    },
    Fixture {
        name: "Café Élan Installaties",
        town: "Eersel",
        municipality: Municipality::Eersel,
        at: (51.3575, 5.3178),
        sbb: true,
        description: "Warmtepompen",
        published: true,
        placements: &[("Monteur installatietechniek", Job, Mbo4, Installation, None, Open)],
    },
    Fixture {
        name: "Havenkade Staal",
        town: "IJmuiden",
        municipality: Municipality::Velsen,
        at: (52.4612, 4.6104),
        sbb: true,
        description: "Staalbouw voor de haven",
        published: true,
        placements: &[(
            "BBL constructiewerker",
            Bbl,
            Mbo2,
            SteelConstruction,
            Some("2027-03-01"),
            Open,
        )],
    },
    Fixture {
        name: "Gesloten Metaal",
        town: "Bladel",
        municipality: Municipality::Bladel,
        at: (51.37, 5.22),
        sbb: true,
        description: "",
        published: true,
        placements: &[("BBL lasser", Bbl, Mbo2, Welding, None, Closed)],
    },
    Fixture {
        name: "Verborgen Lasbedrijf",
        town: "Bladel",
        municipality: Municipality::Bladel,
        at: (51.37, 5.22),
        sbb: true,
        description: "",
        published: false,
        placements: &[("BBL lasser", Bbl, Mbo2, Welding, None, Open)],
    },
];

async fn store_fixtures(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    for fixture in FIXTURES {
        let mut company = crate::common::company(fixture.name);
        company.slug = Slug::from_name(fixture.name).expect("slug");
        company.town = fixture.town.to_owned();
        company.municipality = fixture.municipality.code().to_owned();
        (company.latitude, company.longitude) = fixture.at;
        company.sbb_accredited = fixture.sbb;
        company.description_nl = fixture.description.to_owned();
        company.published = fixture.published;
        let id = app::db::companies::insert_company(&mut tx, &company, "2026-11-01T10:00:00Z")
            .await
            .expect("company");
        for (title, kind, level, field, start, status) in fixture.placements {
            let placement = NewPlacement {
                title: (*title).to_owned(),
                kind: *kind,
                level: *level,
                field: *field,
                qualification: None,
                crebo: None,
                description_nl: String::new(),
                description_en: String::new(),
                hours_per_week: None,
                days_per_week: None,
                school_days: vec![],
                start_date: start.and_then(app::domain::Day::parse),
                duration_months: None,
                places: 1,
                pay_min_eur: None,
                pay_max_eur: None,
                status: *status,
                last_confirmed_on: app::domain::Day::parse("2026-11-01").expect("a day"),
            };
            app::db::placements::insert_placement(&mut tx, id, &placement, "2026-11-01T10:00:00Z")
                .await
                .expect("placement");
        }
    }
    tx.commit().await.expect("commit");
}

async fn search(app: &TestApp, change: impl FnOnce(&mut Filters)) -> SearchResult {
    let query = Search::default().with_filters(change).to_query();
    app.call(&SearchCompanies { query, marker_zoom: 10 })
        .await
        .expect("search")
}

fn names(result: &SearchResult) -> Vec<&str> {
    let mut names: Vec<&str> = result.hits.iter().map(|h| h.name.as_str()).collect();
    names.sort_unstable();
    names
}

db_test!(every_filter_alone_narrows_the_search_as_stored_in_the_database, |db| {
    store_fixtures(&db).await;
    let app = TestApp::spawn(db).await;
    let all = search(&app, |_| {}).await;
    assert_eq!(
        names(&all),
        [
            "Café Élan Installaties",
            "Hapert Draaitechniek",
            "Havenkade Staal",
            "Vonk Lastechniek"
        ],
        "published companies with an open placement, and no others"
    );
    let markers: u32 = all.markers.iter().map(|m| m.count).sum();
    assert_eq!(markers, 4, "the map shows what the list shows");

    let cases: Vec<Case> = vec![
        (Box::new(|f| f.region = Some(Region::Ijmond)), vec!["Havenkade Staal"]),
        (
            Box::new(|f| f.municipality = Some(Municipality::Bladel)),
            vec!["Hapert Draaitechniek", "Vonk Lastechniek"],
        ),
        (
            Box::new(|f| f.kind = Some(Bbl)),
            vec!["Havenkade Staal", "Vonk Lastechniek"],
        ),
        (Box::new(|f| f.level = Some(Vmbo)), vec!["Vonk Lastechniek"]),
        (
            Box::new(|f| f.field = Some(Installation)),
            vec!["Café Élan Installaties"],
        ),
        (
            Box::new(|f| f.sbb_only = true),
            vec!["Café Élan Installaties", "Havenkade Staal", "Vonk Lastechniek"],
        ),
        (
            // The orientation day has no start date ("by arrangement") and counts.
            Box::new(|f| f.start_from = app::domain::Day::parse("2027-02-15")),
            vec!["Café Élan Installaties", "Havenkade Staal", "Vonk Lastechniek"],
        ),
        (Box::new(|f| f.text = "las".into()), vec!["Vonk Lastechniek"]),
        (
            Box::new(|f| f.text = "CAFE elan".into()),
            vec!["Café Élan Installaties"],
        ),
        (Box::new(|f| f.text = "operator".into()), vec!["Hapert Draaitechniek"]),
        (
            // Bladel is 2.8 km from Hapert, Eersel 4.1 km.
            Box::new(|f| {
                f.origin = Some(Origin::Town("hapert".into()));
                f.radius_km = Some(3);
            }),
            vec!["Hapert Draaitechniek", "Vonk Lastechniek"],
        ),
        (
            Box::new(|f| f.area = Some(app::map::region_bounds(Region::Ijmond))),
            vec!["Havenkade Staal"],
        ),
    ];
    for (change, expected) in cases {
        let result = search(&app, change).await;
        assert_eq!(names(&result), expected);
        assert_eq!(result.total as usize, expected.len());
    }
    app.stop().await;
});

db_test!(filters_combine_and_count_only_the_matching_placements, |db| {
    store_fixtures(&db).await;
    let app = TestApp::spawn(db).await;
    let bbl_mbo2_bladel = search(&app, |f| {
        f.kind = Some(Bbl);
        f.level = Some(Mbo2);
        f.municipality = Some(Municipality::Bladel);
    })
    .await;
    assert_eq!(names(&bbl_mbo2_bladel), ["Vonk Lastechniek"]);
    let hit = &bbl_mbo2_bladel.hits[0];
    assert_eq!(
        (hit.open.bbl, hit.open.orientation_day),
        (1, 0),
        "the snuffeldag does not match"
    );
    assert_eq!(hit.placements.len(), 1);
    assert_eq!(
        hit.placements[0].title, "BBL lasser",
        "the filled BBL place is not offered"
    );

    let none = search(&app, |f| {
        f.region = Some(Region::Ijmond);
        f.field = Some(Welding);
    })
    .await;
    assert_eq!((none.total, none.hits.len(), none.markers.len()), (0, 0, 0));

    let from_ijmuiden = search(&app, |f| {
        f.origin = Some(Origin::Town("ijmuiden".into()));
        f.sbb_only = true;
    })
    .await;
    let order: Vec<&str> = from_ijmuiden.hits.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        order,
        ["Havenkade Staal", "Vonk Lastechniek", "Café Élan Installaties"],
        "nearest first"
    );
    assert!(from_ijmuiden.hits[0].travel.is_some_and(|t| t.distance_km < 2.0));
    app.stop().await;
});

db_test!(a_search_the_server_cannot_read_is_refused_with_its_keys, |db| {
    let app = TestApp::spawn(db).await;
    let refused = app
        .call(&SearchCompanies {
            query: "soort=stage&straal=900&zoek=las".into(),
            marker_zoom: 10,
        })
        .await;
    match refused {
        Err(AppError::Validation(errors)) => {
            let keys: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(keys, ["soort", "straal"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    app.stop().await;
});

db_test!(the_home_page_renders_map_markers_and_results_without_javascript, |db| {
    store_fixtures(&db).await;
    let app = TestApp::spawn(db).await;
    let html = app
        .get("/?soort=bbl&niveau=mbo2&gemeente=bladel")
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("Vonk Lastechniek"), "the match is listed");
    assert!(!html.contains("Havenkade Staal"), "another municipality is not");
    assert!(html.contains("1 bedrijf gevonden"));
    assert!(html.contains(r#"class="map__tile""#), "tiles are in the first HTML");
    assert!(html.contains("/tiles/"), "tiles come from the proxy");
    assert!(
        html.contains(r#"class="marker""#) && html.contains(r#"href="/bedrijven/vonk-lastechniek""#),
        "a marker links to the company"
    );
    // Without JavaScript the zoom buttons are links that keep the filters.
    assert!(html.contains("kaart="), "zoom links carry the view");
    assert!(
        html.contains(r#"<option value="bbl" selected"#),
        "the form shows the choice"
    );
    app.stop().await;
});

db_test!(the_map_asks_for_markers_alone_and_gets_the_searchs_own, |db| {
    store_fixtures(&db).await;
    let app = TestApp::spawn(db).await;
    let query = Search::default().to_query();
    let mut counts = Vec::new();
    for marker_zoom in [8, 16] {
        let full = app
            .call(&SearchCompanies {
                query: query.clone(),
                marker_zoom,
            })
            .await
            .expect("search");
        let (status, text) = markers_of(&app, &query, marker_zoom).await;
        assert_eq!(status, 200, "{text}");
        let markers = app::search::marker_text::read(&text).unwrap_or_else(|| panic!("unreadable: {text:?}"));
        // The same markers, their positions written with six decimals (about 10 cm).
        let expected = app::search::marker_text::read(&app::search::marker_text::write(&full.markers));
        assert_eq!(Some(markers.clone()), expected, "zoom {marker_zoom}");
        let covered: u32 = markers.iter().map(|m| m.count).sum();
        assert_eq!(covered, full.total, "every match has a marker at zoom {marker_zoom}");
        counts.push(markers.len());
    }
    assert!(counts[1] > counts[0], "closer in, clusters split: {counts:?}");
    // A search the server cannot read: 400 with the error as every server function
    // answers it (the map only learns that it got no markers).
    let (status, text) = markers_of(&app, "regio=utrecht", 10).await;
    let refused: AppError = serde_json::from_str(&text).expect("the error as JSON");
    assert_eq!(status, 400);
    assert!(
        matches!(refused, AppError::Validation(ref errors) if errors[0].field == "regio"),
        "{refused:?}"
    );
    app.stop().await;
});

/// What `search_markers` answers the map: status and body (markers as `marker_text`).
async fn markers_of(app: &TestApp, query: &str, marker_zoom: u8) -> (u16, String) {
    let args = SearchMarkers {
        query: query.to_owned(),
        marker_zoom,
    };
    let body = serde_qs::to_string(&args).expect("encode arguments");
    app.post_raw(&app.client, SearchMarkers::PATH, &body, &[]).await
}
