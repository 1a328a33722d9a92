//! The mail about a student's interest: to the student, their parent or guardian and the company.

use super::Message;

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
