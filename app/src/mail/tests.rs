use super::*;

#[test]
fn a_sent_message_keeps_no_token() {
    let token = "a1".repeat(32);
    let body = invitation("Vonk Metaal", &format!("https://techkaart.example/wachtwoord/{token}")).body;
    let kept = without_links(&body);
    assert!(!kept.contains(&token), "{kept}");
    assert_eq!(
        kept.matches("https://techkaart.example/wachtwoord/…").count(),
        2,
        "{kept}"
    );
    assert!(kept.contains("Vonk Metaal") && kept.ends_with("ignore this message.\n"));
    assert_eq!(without_links("geen link"), "geen link");
    assert_eq!(without_links("/wachtwoord/"), "/wachtwoord/");
}

#[test]
fn both_messages_carry_the_link_in_both_languages() {
    let link = "https://techkaart.example/wachtwoord/abc";
    for message in [invitation("Vonk Metaal", link), password_reset(link)] {
        assert_eq!(message.body.matches(link).count(), 2, "{}", message.body);
        assert!(message.body.contains("Hallo") && message.body.contains("Hello"));
    }
    assert!(invitation("Vonk Metaal", link).subject.contains("Vonk Metaal"));
}

#[test]
fn a_students_and_a_guardians_links_are_in_both_languages_and_not_kept() {
    let token = "b2".repeat(32);
    let placement = InterestIn {
        title: "BBL Lasser",
        company: "Vonk Metaal",
    };
    let student = format!("https://techkaart.example/mijn-interesse/{token}");
    let guardian = format!("https://techkaart.example/toestemming/{token}");
    let privacy = "https://techkaart.example/privacy";
    let to_student = interest_confirmation("Sanne", placement, true, &student);
    let to_guardian = guardian_consent("Sanne", placement, &guardian, privacy);
    for (message, link) in [(&to_student, &student), (&to_guardian, &guardian)] {
        assert_eq!(message.body.matches(link.as_str()).count(), 2, "{}", message.body);
        assert!(message.body.contains("BBL Lasser") && message.body.contains("Vonk Metaal"));
        assert!(!without_links(&message.body).contains(&token));
    }
    assert!(to_student.body.contains("ouder of verzorger") && to_student.body.contains("parent or guardian"));
    assert!(
        !interest_confirmation("Sanne", placement, false, &student)
            .body
            .contains("ouder")
    );
    assert_eq!(to_guardian.body.matches(privacy).count(), 2);
}

#[test]
fn a_registered_student_gets_their_link_in_both_languages() {
    let token = "c3".repeat(32);
    let link = format!("https://techkaart.example/mijn-interesse/{token}");
    let privacy = "https://techkaart.example/privacy";
    let placement = InterestIn {
        title: "BBL Lasser",
        company: "Vonk Metaal",
    };
    let named = interest_registered(
        "Sanne",
        Some(placement),
        crate::domain::Region::Kempen,
        None,
        &link,
        privacy,
    );
    assert_eq!(named.body.matches(link.as_str()).count(), 2, "{}", named.body);
    assert!(named.body.contains("\"BBL Lasser\" bij Vonk Metaal") && named.body.contains("at Vonk Metaal"));
    assert!(named.body.contains("Kempen") && !without_links(&named.body).contains(&token));
    assert!(named.body.contains("samen met je school") && named.body.contains("Together with your school"));
    let open = interest_registered("Sanne", None, crate::domain::Region::Ijmond, None, &link, privacy);
    assert!(open.body.contains("IJmond") && open.body.contains("leerplek in de techniek"));
    // Noted by a teacher: the mail says so, and who looks for a placement.
    let by_teacher = interest_registered(
        "Sanne",
        None,
        crate::domain::Region::Kempen,
        Some("Pius X College"),
        &link,
        privacy,
    );
    assert!(
        by_teacher
            .body
            .contains("Een docent van Pius X College heeft je interesse genoteerd")
    );
    assert!(
        by_teacher
            .body
            .contains("A teacher of Pius X College noted your interest")
    );
    assert!(by_teacher.body.contains("de coördinator van de Kempen zoekt") && !by_teacher.body.contains("samen met"));
}
