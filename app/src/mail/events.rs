//! The mail a teacher gets about a class sign-up to an event.

use super::Message;

/// What a class sign-up's mail tells the teacher.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignUpNews {
    /// Signed up: confirm the address by the link to get places.
    ConfirmAddress,
    /// Signed up, with places.
    Confirmed,
    /// Signed up, on the waiting list.
    Waiting,
    /// Places came free: off the waiting list.
    MovedUp,
    /// The head count was changed.
    Changed,
    /// Cancelled.
    Cancelled,
}

/// A mail about a class sign-up for `event` (its title and time in both languages),
/// for `head_count` pupils, with `link` to the sign-up's page.
pub fn sign_up(news: SignUpNews, event: &crate::domain::Event, head_count: i64, link: &str) -> Message {
    use crate::i18n::{EN, NL};
    let nl_when = NL.words.event_time(NL.events, event.event.times);
    let en_when = EN.words.event_time(EN.events, event.event.times);
    let place = format!("{}, {}", event.event.venue.name, event.event.venue.town);
    let (nl_news, en_news, subject) = match news {
        SignUpNews::ConfirmAddress => (
            format!(
                "Je hebt een klas van {head_count} leerlingen aangemeld. Bevestig de aanmelding met de link hieronder; \
                 pas dan telt hij en krijg je plaatsen of een plek op de wachtlijst. Zonder bevestiging verdwijnt \
                 de aanmelding na 48 uur. Heb je niets aangemeld? Doe dan niets."
            ),
            format!(
                "You signed up a class of {head_count} pupils. Confirm the sign-up by the link below; only then does it \
                 count and get places or a place on the waiting list. Without confirmation it is deleted after 48 \
                 hours. Did you not sign up? Then do nothing."
            ),
            "Bevestig je aanmelding / Confirm your sign-up",
        ),
        SignUpNews::Confirmed => (
            format!("Je klas van {head_count} leerlingen is aangemeld. Tot dan!"),
            format!("Your class of {head_count} pupils is signed up. See you there!"),
            "Aanmelding bevestigd / Sign-up confirmed",
        ),
        SignUpNews::Waiting => (
            format!(
                "Het evenement is vol: je klas van {head_count} leerlingen staat op de wachtlijst. Komen er plaatsen vrij, dan krijg je bericht."
            ),
            format!(
                "The event is full: your class of {head_count} pupils is on the waiting list. If places come free, we will let you know."
            ),
            "Op de wachtlijst / On the waiting list",
        ),
        SignUpNews::MovedUp => (
            format!("Er kwamen plaatsen vrij: je klas van {head_count} leerlingen is nu aangemeld."),
            format!("Places came free: your class of {head_count} pupils is now signed up."),
            "Plaats vrijgekomen / A place came free",
        ),
        SignUpNews::Changed => (
            format!("De aanmelding is gewijzigd: {head_count} leerlingen."),
            format!("The sign-up was changed: {head_count} pupils."),
            "Aanmelding gewijzigd / Sign-up changed",
        ),
        SignUpNews::Cancelled => (
            "Je aanmelding is afgemeld. Je plaatsen gaan naar de volgende op de wachtlijst.".to_owned(),
            "Your sign-up is cancelled. Your places go to the next on the waiting list.".to_owned(),
            "Afgemeld / Cancelled",
        ),
    };
    let event_en = EN.pick(&event.event.title_nl, &event.event.title_en);
    Message {
        subject: format!("{subject}: {}", event.event.title_nl),
        body: format!(
            "Hallo,\n\n\
             {nl_news}\n\n\
             {}\n{nl_when}\n{place}\n\n\
             Bevestigen, het aantal wijzigen of afmelden:\n{link}\n\n\
             ---\n\n\
             Hello,\n\n\
             {en_news}\n\n\
             {event_en}\n{en_when}\n{place}\n\n\
             Confirm, change the number or cancel:\n{link}\n",
            event.event.title_nl
        ),
        purpose: Some(crate::domain::accounts::MailPurpose::SignUp),
    }
}

/// The mail to a teacher whose class's sign-up for `event` the organiser removed, with the
/// organiser's `reason` in their own words.
pub fn sign_up_removed(event: &crate::domain::Event, head_count: i64, reason: &str) -> Message {
    use crate::i18n::{EN, NL};
    let nl_when = NL.words.event_time(NL.events, event.event.times);
    let en_when = EN.words.event_time(EN.events, event.event.times);
    let event_en = EN.pick(&event.event.title_nl, &event.event.title_en);
    Message {
        subject: format!("Aanmelding verwijderd / Sign-up removed: {}", event.event.title_nl),
        body: format!(
            "Hallo,\n\n\
             De organisator heeft de aanmelding van je klas van {head_count} leerlingen verwijderd voor:\n\
             {}\n{nl_when}\n\n\
             De reden:\n{reason}\n\n\
             Vragen? Antwoord de organisator via de gegevens op de pagina van het evenement.\n\n\
             ---\n\n\
             Hello,\n\n\
             The organiser removed the sign-up of your class of {head_count} pupils for:\n\
             {event_en}\n{en_when}\n\n\
             The reason:\n{reason}\n\n\
             Questions? Reach the organiser through the event's page.\n",
            event.event.title_nl
        ),
        purpose: Some(crate::domain::accounts::MailPurpose::SignUp),
    }
}
