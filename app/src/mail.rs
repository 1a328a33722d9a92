//! The mail Techkaart sends (server only): invitations and password resets, students'
//! and parents' links and news about interests, class sign-ups, and kiosk screens'
//! silences, each written in Dutch with the English below it.
//!
//! Every message is written to the outbox in the transaction that caused it, so a
//! rolled-back invitation sends nothing. The receiver's language is not known, so each
//! message is written in Dutch with the English below it. The server log says that a
//! message is waiting, never what is in it: the body holds a one-time link.

use crate::db::{Tx, accounts};
use crate::domain::EmailAddress;
use crate::domain::accounts::MailPurpose;

pub use crate::domain::accounts::Message;

/// Where a link's token starts in a message: the paths of the pages such links open (a
/// password page, a class sign-up's page, a student's interests, a guardian's consent).
const LINK_PATHS: [&str; 4] = ["/wachtwoord/", "/aanmelding/", "/mijn-interesse/", "/toestemming/"];

/// `body` with every one-time link's token replaced by "…": what the outbox keeps of a
/// message once it is sent, so neither the outbox nor a copy of the database opens an
/// account with it.
pub fn without_links(body: &str) -> String {
    let mut kept = String::with_capacity(body.len());
    let mut rest = body;
    while let Some((start, path)) = LINK_PATHS
        .iter()
        .filter_map(|path| rest.find(path).map(|start| (start, path)))
        .min()
    {
        let (before, link) = rest.split_at(start + path.len());
        kept.push_str(before);
        let token_end = link.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(link.len());
        if token_end > 0 {
            kept.push('…');
        }
        rest = &link[token_end..];
    }
    kept.push_str(rest);
    kept
}

/// The invitation for a company user: `link` lets them set their password.
pub fn invitation(company: &str, link: &str) -> Message {
    Message {
        subject: format!("Uitnodiging voor Techkaart: {company} / Invitation to Techkaart"),
        body: format!(
            "Hallo,\n\n\
             De coördinator van je regio nodigt je uit om de gegevens en leerplekken van {company} \
             op Techkaart bij te houden. Kies met deze link een wachtwoord (de link werkt 7 dagen en één keer):\n\n\
             {link}\n\n\
             Had je deze uitnodiging niet verwacht? Dan kun je dit bericht negeren.\n\n\
             ---\n\n\
             Hello,\n\n\
             The coordinator of your region invites you to keep the profile and placements of {company} \
             current on Techkaart. Choose a password with this link (it works once, for 7 days):\n\n\
             {link}\n\n\
             If you did not expect this invitation, you can ignore this message.\n"
        ),
        purpose: Some(MailPurpose::Invitation),
    }
}

/// The invitation for a teacher of `school`: `link` lets them set their password.
pub fn teacher_invitation(school: &str, link: &str) -> Message {
    Message {
        subject: format!("Uitnodiging voor Techkaart: {school} / Invitation to Techkaart"),
        body: format!(
            "Hallo,\n\n\
             De coördinator van je regio nodigt je uit om op Techkaart leerlingen van {school} \
             aan te melden voor een BBL-plek, stage of oriëntatiedag. De school staat dan voor de aanmelding in, \
             dus er is geen toestemming van een ouder via Techkaart nodig. Je ziet daarna waar elke aanmelding staat. \
             Kies met deze link een wachtwoord (de link werkt 7 dagen en één keer):\n\n\
             {link}\n\n\
             Had je deze uitnodiging niet verwacht? Dan kun je dit bericht negeren.\n\n\
             ---\n\n\
             Hello,\n\n\
             The coordinator of your region invites you to register students of {school} on Techkaart \
             for a BBL placement, an internship or an orientation day. The school then answers for the registration, \
             so no parent's consent through Techkaart is needed. You then see where each registration stands. \
             Choose a password with this link (it works once, for 7 days):\n\n\
             {link}\n\n\
             If you did not expect this invitation, you can ignore this message.\n"
        ),
        purpose: Some(MailPurpose::Invitation),
    }
}

/// The "forgot password" message: `link` lets them choose a new password.
pub fn password_reset(link: &str) -> Message {
    Message {
        subject: "Nieuw wachtwoord voor Techkaart / New password for Techkaart".to_owned(),
        body: format!(
            "Hallo,\n\n\
             Iemand (hopelijk jij) vroeg om een nieuw wachtwoord voor je account op Techkaart. \
             Kies het met deze link (hij werkt 2 uur en één keer):\n\n\
             {link}\n\n\
             Heb je niets gevraagd? Dan blijft je wachtwoord zoals het is en kun je dit bericht negeren.\n\n\
             ---\n\n\
             Hello,\n\n\
             Someone (hopefully you) asked for a new password for your Techkaart account. \
             Choose it with this link (it works once, for 2 hours):\n\n\
             {link}\n\n\
             If you did not ask, your password stays as it is and you can ignore this message.\n"
        ),
        purpose: Some(MailPurpose::PasswordReset),
    }
}

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

/// The placement an interest is about, as its mails name it.
#[derive(Clone, Copy, Debug)]
pub struct InterestIn<'a> {
    pub title: &'a str,
    pub company: &'a str,
}

/// The mail to a student who said they are interested: `link` confirms the address and
/// opens their own page. Under 16 it says that a parent or guardian must agree too.
pub fn interest_confirmation(first_name: &str, placement: InterestIn<'_>, under_16: bool, link: &str) -> Message {
    let InterestIn { title, company } = placement;
    let (nl_guardian, en_guardian) = if under_16 {
        (
            "Omdat je jonger bent dan 16, krijgt je ouder of verzorger ook een mail. Pas als jij én je ouder of \
             verzorger op de link hebben gedrukt, gaat je interesse naar de coördinator.\n\n",
            "Because you are under 16, your parent or guardian gets a mail too. Only when you and your parent or \
             guardian have both used your links does your interest go to the coordinator.\n\n",
        )
    } else {
        ("", "")
    };
    Message {
        subject: format!("Bevestig je interesse: {title} / Confirm your interest"),
        body: format!(
            "Hoi {first_name},\n\n\
             Je hebt op Techkaart laten weten dat je interesse hebt in \"{title}\" bij {company}. \
             Klopt dat? Open dan deze link en druk op \"Bevestigen\". Dat moet binnen 3 dagen, anders wissen we alles weer.\n\n\
             {link}\n\n\
             {nl_guardian}\
             Met dezelfde link zie je later wat we van je bewaren, hoe het ervoor staat, en kun je alles verwijderen. \
             Bewaar deze mail dus goed.\n\n\
             Was jij dit niet? Doe dan niets: zonder bevestiging wissen we het na 3 dagen.\n\n\
             ---\n\n\
             Hi {first_name},\n\n\
             You told Techkaart that you are interested in \"{title}\" at {company}. \
             Is that right? Open this link and press \"Confirm\" within 3 days; otherwise we delete everything again.\n\n\
             {link}\n\n\
             {en_guardian}\
             The same link later shows what we keep about you and where your interest stands, and lets you delete \
             everything. So keep this mail.\n\n\
             Wasn't this you? Then do nothing: without confirmation it is deleted after 3 days.\n"
        ),
        purpose: Some(crate::domain::accounts::MailPurpose::Interest),
    }
}

/// The mail to a student whose interest the coordinator of `region` registered for them
/// (asked by their school): what was noted, that nothing needs confirming, and `link` to
/// their own page, where they see, withdraw or delete it.
pub fn interest_registered(
    first_name: &str,
    placement: Option<InterestIn<'_>>,
    region: crate::domain::Region,
    teachers_school: Option<&str>,
    link: &str,
    privacy: &str,
) -> Message {
    let region = region.name();
    // Who noted it: a teacher of the student's school, or the coordinator with the school.
    let (nl_who, en_who) = match teachers_school {
        Some(school) => (
            format!("Een docent van {school} heeft je interesse genoteerd"),
            format!("A teacher of {school} noted your interest"),
        ),
        None => (
            format!("De coördinator van de {region} heeft samen met je school je interesse genoteerd"),
            format!("Together with your school, the coordinator of the {region} noted your interest"),
        ),
    };
    let (nl_about, en_about) = match placement {
        Some(InterestIn { title, company }) => (
            format!("voor \"{title}\" bij {company}"),
            format!("for \"{title}\" at {company}"),
        ),
        None => (
            "voor een leerplek in de techniek".to_owned(),
            "for a placement in engineering".to_owned(),
        ),
    };
    Message {
        subject: "Je interesse is genoteerd / Your interest was noted".to_owned(),
        body: format!(
            "Hoi {first_name},\n\n\
             {nl_who} {nl_about}. \
             Je hoeft niets te bevestigen: de coördinator van de {region} zoekt een plek die bij je past en laat van zich horen.\n\n\
             Op deze link zie je wat we van je bewaren en hoe het ervoor staat. Je kunt je interesse daar ook \
             intrekken of alles verwijderen:\n\n\
             {link}\n\n\
             Bewaar deze mail dus goed. Meer uitleg: {privacy}\n\n\
             ---\n\n\
             Hi {first_name},\n\n\
             {en_who} {en_about}. \
             You don't need to confirm anything: the coordinator of the {region} looks for a placement that fits you and will be in touch.\n\n\
             This link shows what we keep about you and where things stand. There you can also withdraw or delete \
             everything:\n\n\
             {link}\n\n\
             So keep this mail. More about privacy: {privacy}\n"
        ),
        purpose: Some(crate::domain::accounts::MailPurpose::Interest),
    }
}

/// The mail to the parent or guardian of a student under 16: what the student sent, what
/// is kept and for how long, and `link` to agree or to have it deleted.
pub fn guardian_consent(first_name: &str, placement: InterestIn<'_>, link: &str, privacy: &str) -> Message {
    let InterestIn { title, company } = placement;
    Message {
        subject: format!("Toestemming gevraagd voor {first_name} / Your consent is asked"),
        body: format!(
            "Beste ouder of verzorger,\n\n\
             {first_name} heeft op Techkaart laten weten interesse te hebben in \"{title}\" bij {company}. \
             Techkaart helpt jongeren in de Kempen en de IJmond aan een leerplek in de techniek. \
             Omdat {first_name} jonger is dan 16, vragen we eerst uw toestemming.\n\n\
             Wat bewaren we? Voornaam, leeftijdsgroep (geen geboortedatum), school en opleiding, \
             e-mailadres (en telefoonnummer als {first_name} liever gebeld wordt), wanneer {first_name} kan beginnen, \
             de 4 cijfers van de postcode (voor de reistijd) en een korte motivatie. Geen adres, foto of BSN.\n\n\
             Wie ziet het? De coördinator van de regio. Een bedrijf ziet pas voornaam, school en opleiding als de \
             coördinator {first_name} aan dat bedrijf voorstelt, en de contactgegevens pas bij een kennismaking.\n\n\
             Hoe lang? Tot 4 weken nadat de interesse is afgerond, en nooit langer dan 6 maanden zonder dat er iets \
             mee gebeurt. {first_name} kan alles op elk moment zelf verwijderen.\n\n\
             Gaat u akkoord, of wilt u dat we alles verwijderen? Kies het hier:\n\n\
             {link}\n\n\
             Zonder uw toestemming wissen we alles na 3 dagen. Meer uitleg: {privacy}\n\n\
             ---\n\n\
             Dear parent or guardian,\n\n\
             {first_name} told Techkaart that they are interested in \"{title}\" at {company}. \
             Techkaart helps young people in the Kempen and IJmond regions find a training place in engineering. \
             Because {first_name} is under 16, we ask for your consent first.\n\n\
             What do we keep? First name, age group (no date of birth), school and programme, e-mail address \
             (and a phone number if {first_name} prefers a call), when {first_name} could start, the 4 digits of the \
             postcode (for travel time) and a short motivation. No address, photo or citizen service number.\n\n\
             Who sees it? The region's coordinator. A company sees first name, school and programme only once the \
             coordinator introduces {first_name} to it, and contact details only for a first meeting.\n\n\
             For how long? Until 4 weeks after the interest is settled, and never longer than 6 months without \
             anything happening. {first_name} can delete everything at any time.\n\n\
             Do you agree, or do you want us to delete everything? Choose here:\n\n\
             {link}\n\n\
             Without your consent everything is deleted after 3 days. More: {privacy}\n"
        ),
        purpose: Some(crate::domain::accounts::MailPurpose::Interest),
    }
}

/// The answer to a student whose interest was closed: the coordinator's own words, or the
/// standard text for `reason` in both languages. It names the placement (`title`, empty
/// when it was removed) and what happens to the data.
pub fn interest_closed(
    first_name: &str,
    title: &str,
    region: crate::domain::Region,
    reason: crate::domain::CloseReason,
    feedback: Option<&str>,
) -> Message {
    use crate::i18n::{EN, NL};
    let region = region.name();
    let about = if title.is_empty() {
        String::new()
    } else {
        format!(" (\"{title}\")")
    };
    let words = match feedback {
        Some(own) => own.to_owned(),
        None => format!(
            "{}\n\n({})",
            NL.interests.feedback_template(reason),
            EN.interests.feedback_template(reason)
        ),
    };
    Message {
        subject: format!("Over je interesse{about} / About your interest"),
        body: format!(
            "Hoi {first_name} / Hi {first_name},\n\n\
             {words}\n\n\
             De coördinator van de regio {region} / The coordinator of the {region} region\n\n\
             ---\n\n\
             Je gegevens wissen we over 4 weken. Met de link uit je eerste mail kun je ze nu al verwijderen, \
             of vragen om ze te bewaren voor volgend seizoen.\n\
             We delete your data in 4 weeks. With the link in your first mail you can delete it now, or ask us to \
             keep it for next season.\n"
        ),
        purpose: None,
    }
}

/// The mail to a student whose company proposes to meet: the moments in the company's
/// words, and `link` (the student's page, a fresh link) where they choose one. The company
/// learns how to reach them only then.
pub fn meeting_proposed(first_name: &str, title: &str, company: &str, times: &str, link: &str) -> Message {
    Message {
        subject: format!("{company} wil kennismaken / {company} would like to meet you"),
        body: format!(
            "Hoi {first_name},\n\n\
             Goed nieuws: {company} wil met je kennismaken over \"{title}\". Zij stellen deze momenten voor:\n\n\
             {times}\n\n\
             Kies een moment op je eigen pagina. Pas dan krijgt het bedrijf je e-mailadres en telefoonnummer, \
             om de afspraak te maken:\n\n\
             {link}\n\n\
             Past geen van de momenten, of wil je niet? Kies dan niets en mail de coördinator van je regio.\n\n\
             ---\n\n\
             Hi {first_name},\n\n\
             Good news: {company} would like to meet you about \"{title}\". They propose these moments:\n\n\
             {times}\n\n\
             Choose a moment on your own page. Only then does the company get your e-mail address and phone \
             number, to fix the meeting:\n\n\
             {link}\n\n\
             If none of the moments suits you, or you do not want to, choose nothing and mail your region's \
             coordinator.\n"
        ),
        purpose: None,
    }
}

/// The mail to a company's users that the student of a candidate for `title` chose
/// `moment`: their contact details are on the dashboard (`page`), not in the mail.
pub fn meeting_accepted(first_name: &str, title: &str, moment: &str, page: &str) -> Message {
    Message {
        subject: format!("Kennismaking afgesproken / Meeting agreed: {title}"),
        body: format!(
            "Hallo,\n\n\
             {first_name} heeft een moment gekozen voor de kennismaking over \"{title}\": {moment}.\n\
             Op je dashboard zie je nu hoe je {first_name} bereikt:\n\n\
             {page}\n\n\
             ---\n\n\
             Hello,\n\n\
             {first_name} chose a moment to meet about \"{title}\": {moment}.\n\
             Your dashboard now shows how to reach {first_name}:\n\n\
             {page}\n"
        ),
        purpose: None,
    }
}

/// The mail to the parent of a student under 16 who agreed to meet `company` about `title`
/// at `moment`.
pub fn meeting_accepted_to_guardian(first_name: &str, title: &str, company: &str, moment: &str) -> Message {
    Message {
        subject: format!("{first_name} gaat kennismaken bij {company} / {first_name} will meet {company}"),
        body: format!(
            "Beste ouder of verzorger,\n\n\
             {first_name} heeft afgesproken om kennis te maken met {company} over \"{title}\": {moment}.\n\
             {company} heeft nu het e-mailadres en het telefoonnummer van {first_name} om de afspraak te maken. \
             Vragen? Mail de coördinator van de regio.\n\n\
             ---\n\n\
             Dear parent or guardian,\n\n\
             {first_name} agreed to meet {company} about \"{title}\": {moment}.\n\
             {company} now has the e-mail address and phone number of {first_name} to fix the meeting. \
             Questions? Mail the region's coordinator.\n"
        ),
        purpose: None,
    }
}

/// The mail to a company's users that the coordinator introduced a candidate to their
/// placement `title`; `page` is where they see them. It names no student.
pub fn candidate_introduced(title: &str, page: &str) -> Message {
    Message {
        subject: format!("Een kandidaat voor {title} / A candidate for {title}"),
        body: format!(
            "Hallo,\n\n\
             De coördinator van je regio heeft een leerling voorgesteld voor \"{title}\". \
             Op je dashboard zie je wie het is en kun je een kennismaking voorstellen of laten weten dat het niet past:\n\n\
             {page}\n\n\
             ---\n\n\
             Hello,\n\n\
             Your region's coordinator introduced a student for \"{title}\". \
             Your dashboard shows who it is, and there you propose a first meeting or say that it does not fit:\n\n\
             {page}\n"
        ),
        purpose: None,
    }
}

/// The mail to a student whose "keep me for next season" ends soon: `until` in Dutch and
/// English, and `link` (a fresh one) to keep it longer or delete it now.
pub fn keep_ending(first_name: &str, until: (String, String), link: &str) -> Message {
    let (nl_until, en_until) = until;
    Message {
        subject: "Je gegevens bij Techkaart / Your data at Techkaart".to_owned(),
        body: format!(
            "Hoi {first_name},\n\n\
             Je vroeg ons om je gegevens te bewaren voor een volgend seizoen. Op {nl_until} wissen we ze. \
             Wil je dat we ze nog een jaar bewaren? Open dan deze link en kies \"Ja, bewaar het\". \
             Doe je niets, dan wissen we alles op die dag.\n\n\
             {link}\n\n\
             (Deze link vervangt de link uit een eerdere mail.)\n\n\
             ---\n\n\
             Hi {first_name},\n\n\
             You asked us to keep your data for a next season. We delete it on {en_until}. \
             Would you like us to keep it for another year? Open this link and choose \"Yes, keep it\". \
             If you do nothing, we delete everything on that day.\n\n\
             {link}\n\n\
             (This link replaces the one in an earlier mail.)\n"
        ),
        purpose: Some(crate::domain::accounts::MailPurpose::Interest),
    }
}

/// Whether a screen went silent or came back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenNews {
    /// No heartbeat for half an hour during its on-hours.
    Offline,
    /// It reported again after `Offline`.
    Back,
}

/// The message to a screen's owners that `screen` went silent or is back; `page` is where
/// they see their screens.
pub fn screen_status(news: ScreenNews, screen: &str, last_seen: &str, page: &str) -> Message {
    let (subject, nl, en) = match news {
        ScreenNews::Offline => (
            format!("Scherm offline: {screen} / Screen offline"),
            format!(
                "Het scherm \"{screen}\" meldt zich sinds {last_seen} niet meer, terwijl het aan hoort te staan. \
                 Staat de tv of het kastje nog aan, en heeft het internet? Wie het scherm weer aanzet, hoeft niets te koppelen: \
                 het scherm gaat verder waar het was."
            ),
            format!(
                "The screen \"{screen}\" has not reported since {last_seen}, during its on-hours. \
                 Is the TV or its stick still on, and does it have internet? Switched back on, it carries on by itself: \
                 no pairing needed."
            ),
        ),
        ScreenNews::Back => (
            format!("Scherm weer online: {screen} / Screen back online"),
            format!("Het scherm \"{screen}\" meldt zich weer en toont zijn dia's."),
            format!("The screen \"{screen}\" reports again and shows its slides."),
        ),
    };
    Message {
        subject,
        body: format!("Hallo,\n\n{nl}\n\nJe schermen: {page}\n\n---\n\nHello,\n\n{en}\n\nYour screens: {page}\n"),
        purpose: None,
    }
}

/// Writes `message` for `recipient` to the outbox and logs that it is waiting.
pub async fn queue(
    tx: &mut Tx,
    recipient: &EmailAddress,
    message: &Message,
    user_id: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let id = accounts::record_mail(tx, recipient, message, user_id, None, now).await?;
    tracing::info!(
        mail = id,
        "a message is waiting in the outbox: SMTP sends it when configured, otherwise the coordinator forwards it from /beheer"
    );
    Ok(id)
}

/// Writes `message` about interest `interest_id` for `recipient` (the student or their
/// parent) to the outbox: it is deleted with the interest.
pub async fn queue_about_interest(
    tx: &mut Tx,
    recipient: &EmailAddress,
    message: &Message,
    interest_id: i64,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let id = accounts::record_mail(tx, recipient, message, None, Some(interest_id), now).await?;
    tracing::info!(mail = id, "a message to a student or parent is waiting in the outbox");
    Ok(id)
}

#[cfg(test)]
mod tests {
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
        assert!(
            by_teacher.body.contains("de coördinator van de Kempen zoekt") && !by_teacher.body.contains("samen met")
        );
    }
}
