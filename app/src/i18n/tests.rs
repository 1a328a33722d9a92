use super::language::BROWSER_TEXTS;
use super::*;

#[test]
fn dates_money_and_hours_read_the_dutch_way() {
    assert_eq!(NL.words.date("2027-02-01"), "1 februari 2027");
    assert_eq!(NL.words.date("2027-13-01"), "2027-13-01");
    assert_eq!(NL.words.euros(1250), "€ 1.250");
    assert_eq!(NL.words.euros(125), "€ 125");
    assert_eq!(NL.words.euros(1_234_567), "€ 1.234.567");
    assert_eq!(NL.words.pay(Some(1100), Some(1500)), "€ 1.100 tot € 1.500 per maand");
    assert_eq!(NL.words.pay(None, None), "niet vermeld");
    assert_eq!(NL.words.hours(Some(32), Some(4)), "32 uur, 4 dagen per week");
    assert_eq!(NL.words.weekday(3), "woensdag");
    assert_eq!(NL.words.size_band(SizeBand::Small), "10 tot 49 medewerkers");
}

#[test]
fn dates_money_and_hours_read_the_english_way() {
    assert_eq!(EN.words.date("2027-02-01"), "1 February 2027");
    assert_eq!(EN.words.euros(1_234_567), "€1,234,567");
    assert_eq!(EN.words.pay(Some(1100), Some(1500)), "€1,100 to €1,500 a month");
    assert_eq!(EN.words.hours(Some(32), Some(1)), "32 hours, 1 day a week");
    assert_eq!(EN.words.weekday(3), "Wednesday");
    assert_eq!(EN.words.size_band(SizeBand::Large), "250+ employees");
    let travel = crate::map::estimate(
        crate::map::LatLon::new(51.3655, 5.2602),
        crate::map::LatLon::new(51.3686, 5.2203),
    );
    assert!(
        EN.words.travel(&travel).starts_with("about 2.8 km"),
        "{}",
        EN.words.travel(&travel)
    );
    assert!(
        NL.words.travel(&travel).starts_with("ca. 2,8 km"),
        "{}",
        NL.words.travel(&travel)
    );
}

#[test]
fn counts_use_singular_for_one_and_plural_otherwise() {
    assert_eq!(NL.words.kind_count(PlacementKind::OrientationDay, 2), "2 snuffeldagen");
    assert_eq!(NL.home.companies_found(1), "1 bedrijf gevonden");
    assert_eq!(EN.home.companies_found(1), "1 company found");
    assert_eq!(EN.home.companies_found(0), "0 companies found");
    assert_eq!(EN.words.kind_count(PlacementKind::Bbl, 1), "1 work-study place");
}

#[test]
fn the_cookie_wins_then_accept_language_then_dutch() {
    assert_eq!(negotiate(None, None).lang, "nl");
    assert_eq!(negotiate(None, Some("en-GB,en;q=0.9")).lang, "en");
    assert_eq!(negotiate(None, Some("de-DE,en;q=0.5,nl;q=0.8")).lang, "nl");
    assert_eq!(negotiate(None, Some("fr, de")).lang, "nl");
    assert_eq!(negotiate(Some("a=1; taal=en"), Some("nl")).lang, "en");
    assert_eq!(
        negotiate(Some("taal=xx"), Some("en")).lang,
        "en",
        "an unknown cookie is ignored"
    );
}

/// Every label of one closed set in one language: none empty, no two the same.
fn assert_distinct_labels(lang: &str, set: &str, labels: Vec<String>) {
    for label in &labels {
        assert!(!label.trim().is_empty(), "{lang}: an empty {set} label");
    }
    let distinct: std::collections::HashSet<&String> = labels.iter().collect();
    assert_eq!(
        distinct.len(),
        labels.len(),
        "{lang}: two {set} values share a label: {labels:?}"
    );
}

#[test]
fn every_language_names_every_value_of_every_set_distinctly() {
    for texts in LANGUAGES {
        let lang = texts.lang;
        let labels = |all: Vec<&str>| all.into_iter().map(str::to_owned).collect::<Vec<_>>();
        assert_distinct_labels(
            lang,
            "kind",
            labels(PlacementKind::ALL.iter().map(|&k| texts.words.kind(k)).collect()),
        );
        assert_distinct_labels(
            lang,
            "kind count",
            PlacementKind::ALL
                .iter()
                .map(|&k| texts.words.kind_count(k, 2))
                .collect(),
        );
        assert_distinct_labels(
            lang,
            "level",
            labels(Level::ALL.iter().map(|&l| texts.words.level(l)).collect()),
        );
        assert_distinct_labels(
            lang,
            "field",
            labels(Field::ALL.iter().map(|&f| texts.words.field(f)).collect()),
        );
        assert_distinct_labels(
            lang,
            "status",
            labels(PlacementStatus::ALL.iter().map(|&s| texts.words.status(s)).collect()),
        );
        assert_distinct_labels(
            lang,
            "audit action",
            labels(
                AuditAction::ALL
                    .iter()
                    .map(|&a| texts.dashboard.audit_action(a))
                    .collect(),
            ),
        );
        assert_distinct_labels(
            lang,
            "event kind",
            labels(EventKind::ALL.iter().map(|&k| texts.words.event_kind(k)).collect()),
        );
        assert_distinct_labels(
            lang,
            "audience",
            labels(Audience::ALL.iter().map(|&a| texts.events.audience(a)).collect()),
        );
        assert_distinct_labels(
            lang,
            "participation",
            labels(
                Participation::ALL
                    .iter()
                    .map(|&p| texts.events.participation(p))
                    .collect(),
            ),
        );
        assert_distinct_labels(
            lang,
            "problem",
            labels(Problem::ALL.iter().map(|&p| texts.words.problem(p)).collect()),
        );
        assert_eq!(by_code(texts.lang).map(|t| t.lang), Some(texts.lang));
    }
}

#[test]
fn moments_are_read_on_dutch_clocks_in_both_languages() {
    let winter = crate::domain::Instant::parse("2026-11-29T20:53:00Z").expect("instant");
    assert_eq!(NL.words.moment(winter), "29 november 2026 21:53");
    let summer = crate::domain::Instant::parse("2026-07-01T22:30:00Z").expect("instant");
    assert_eq!(EN.words.moment(summer), EN.words.date("2026-07-02") + " 00:30");
}

#[test]
fn the_browser_gets_each_languages_own_groups() {
    assert_eq!(BROWSER_TEXTS.len(), LANGUAGES.len());
    for (browser, texts) in BROWSER_TEXTS.iter().zip(LANGUAGES) {
        assert_eq!(browser.lang, texts.lang);
        assert!(std::ptr::eq(browser.map, texts.map) && std::ptr::eq(browser.words, texts.words));
        assert!(std::ptr::eq(browser.labels, texts.labels));
    }
    assert_ne!(BROWSER_TEXTS[0].map.map_label, BROWSER_TEXTS[1].map.map_label);
}

#[test]
fn the_languages_differ_where_the_words_do() {
    // Catches a table copied from another language and not translated.
    assert_ne!(NL.words.kind(PlacementKind::Job), EN.words.kind(PlacementKind::Job));
    assert_ne!(
        NL.words.status(PlacementStatus::Filled),
        EN.words.status(PlacementStatus::Filled)
    );
    assert_ne!(NL.words.problem(Problem::Required), EN.words.problem(Problem::Required));
    assert_ne!(
        NL.dashboard.audit_action(AuditAction::Invite),
        EN.dashboard.audit_action(AuditAction::Invite)
    );
}

#[test]
fn every_field_an_interest_or_screen_entry_records_has_a_name_and_a_readable_value() {
    let fields = [
        "stage",
        "close_reason",
        "declined_by",
        "placement",
        "meeting_accepted",
        "rows",
        "screen_name",
        "orientation",
        "shows",
        "on_days",
        "on_from",
        "on_until",
    ];
    for texts in LANGUAGES {
        for field in fields {
            assert_ne!(
                texts.field_name(field),
                texts.labels.unknown_field,
                "{} {field}",
                texts.lang
            );
        }
        assert_eq!(texts.stored_value("meeting_accepted", "yes"), "✓");
        assert_eq!(texts.stored_value("placement", "12"), "#12");
        assert_ne!(texts.stored_value("orientation", "portrait"), "portrait");
        assert_ne!(texts.stored_value("on_days", "1234567"), "1234567");
    }
}
