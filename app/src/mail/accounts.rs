//! The mail that opens an account: a company's and a teacher's invitation, a new password.

use super::Message;
use crate::domain::accounts::MailPurpose;

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
