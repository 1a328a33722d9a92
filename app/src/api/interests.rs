//! A student's interest in a placement, from the student's side: saying it (no account,
//! no password), confirming the address, a parent's or guardian's consent under 16, and
//! the student's own page behind the mailed link: where each interest stands, withdraw,
//! keep for next season, download everything, delete everything.
//!
//! The link is the only key. Its token is mailed and never stored (only its SHA-256), and
//! it shows the interests of one address that were each confirmed through their own
//! link, so nobody sees more by typing someone else's address into a form.

use leptos::prelude::*;

use crate::domain::interests::InterestPlacement;
use crate::domain::{Instant, Interest, InterestForm};
use crate::error::AppError;

/// A student's own page: their interests, newest first, each with its placement (`None`
/// when it was removed); `own` is the one whose link opened the page.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OwnInterests {
    pub own: i64,
    pub interests: Vec<(Interest, Option<InterestPlacement>)>,
    pub now: Instant,
}

impl OwnInterests {
    /// The interest whose link opened the page.
    pub fn own(&self) -> Option<&Interest> {
        self.interests.iter().map(|(i, _)| i).find(|i| i.id == self.own)
    }
}

/// What a parent or guardian is asked to agree to.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConsentRequest {
    pub interest: Interest,
    pub placement: Option<InterestPlacement>,
}

/// Says that a student is interested in placement `placement_id`: stores it, unconfirmed,
/// and mails the student (and under 16 the guardian) a link. Back to the placement's
/// page, which says to look in the mail.
#[server(endpoint = "express_interest")]
pub async fn express_interest(placement_id: i64, form: InterestForm) -> Result<(), AppError> {
    use crate::db::interests::{self, InterestAbout};

    let db = crate::db::from_context()?;
    let placement = interests::placement_for_interest(&db, placement_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !placement.open {
        return Err(AppError::Forbidden);
    }
    let named = crate::mail::InterestIn {
        title: &placement.title,
        company: &placement.company_name,
    };
    store_interest(
        &db,
        InterestAbout::placement(Some(placement_id), placement.region),
        named,
        &form,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/bedrijven/{}/plekken/{placement_id}?interesse=verstuurd#interesse",
        placement.company_slug
    ));
    Ok(())
}

/// Says that a student is interested in orientation day `event_id` (planned, not over,
/// on the public pages): the same as for a placement, for the coordinator of the event's
/// region. Back to the event's page.
#[server(endpoint = "express_event_interest")]
pub async fn express_event_interest(event_id: i64, form: InterestForm) -> Result<(), AppError> {
    use crate::db::interests::InterestAbout;

    let db = crate::db::from_context()?;
    let event = crate::db::events::get_public_event(&db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !event.takes_interest(crate::db::now()) {
        return Err(AppError::Forbidden);
    }
    let organiser = match &event.organiser {
        crate::domain::Organiser::Company { name, .. } => name.as_str(),
        crate::domain::Organiser::Region(_) => event.event.venue.name.as_str(),
    };
    let named = crate::mail::InterestIn {
        title: &event.event.title_nl,
        company: organiser,
    };
    store_interest(&db, InterestAbout::event(event_id, event.region()), named, &form).await?;
    leptos_axum::redirect(&format!("/evenementen/{event_id}?interesse=verstuurd#interesse"));
    Ok(())
}

/// Reads a student's interest form, lets it pass the limits (per network, per address),
/// stores it unconfirmed about `about`, and mails the links.
#[cfg(feature = "ssr")]
async fn store_interest(
    db: &crate::db::Db,
    about: crate::db::interests::InterestAbout,
    named: crate::mail::InterestIn<'_>,
    form: &InterestForm,
) -> Result<(), AppError> {
    use crate::db::interests::{self, InterestKeys};
    use crate::domain::interests::INTERESTS_PER_ADDRESS_PER_HOUR;
    use crate::error::Draft;

    let interest = form
        .read(crate::db::today())
        .map_err(|errors| AppError::invalid(errors, Draft::Interest(form.clone())))?;
    // Per network too: a script with ever new addresses fills neither the table nor the outbox.
    let throttle = use_context::<std::sync::Arc<crate::throttle::Throttle>>().ok_or(AppError::Internal)?;
    throttle
        .attempt(&[crate::throttle::Attempter::InterestFrom(
            crate::api::request::anonymous_client_network(),
        )])
        .await?
        .map_err(crate::api::request::too_many_attempts)?;
    let site = crate::api::request::site_settings()?;
    let base = site.public_url.trim_end_matches('/');
    let token = crate::auth::random_token();
    let guardian_token = interest.guardian_email.as_ref().map(|_| crate::auth::random_token());
    let token_hash = crate::auth::token_hash(&token);
    let guardian_hash = guardian_token.as_deref().map(crate::auth::token_hash);
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    // At most so many mails an hour to one address (the student's, the parent's), counted
    // in the transaction that stores this one, under each address's lock, so parallel
    // posts count one by one. In the order of the addresses, so two posts never wait for
    // each other's locks.
    let hour_ago = crate::db::timestamp_in(-3600);
    let mut addresses: Vec<&str> = std::iter::once(&interest.email)
        .chain(interest.guardian_email.as_ref())
        .map(|address| address.as_str())
        .collect();
    addresses.sort_unstable();
    for address in addresses {
        crate::db::attempts::lock_mail_to(&mut tx, "interests", address, throttle.now_millis()).await?;
        if interests::count_recent(&mut tx, address, &hour_ago).await? >= INTERESTS_PER_ADDRESS_PER_HOUR {
            return Err(crate::api::request::too_many_attempts(std::time::Duration::from_secs(
                3600,
            )));
        }
    }
    let keys = InterestKeys {
        token_hash: &token_hash,
        guardian_token_hash: guardian_hash.as_deref(),
    };
    let interest_id = interests::insert_interest(&mut tx, about, &interest, &keys, None, &now).await?;
    let under_16 = interest.guardian_email.is_some();
    let message = crate::mail::interest_confirmation(
        &interest.first_name,
        named,
        under_16,
        &format!("{base}/mijn-interesse/{token}"),
    );
    crate::mail::queue_about_interest(&mut tx, &interest.email, &message, interest_id, &now).await?;
    if let (Some(guardian), Some(guardian_token)) = (&interest.guardian_email, &guardian_token) {
        let message = crate::mail::guardian_consent(
            &interest.first_name,
            named,
            &format!("{base}/toestemming/{guardian_token}"),
            &format!("{base}/privacy"),
        );
        crate::mail::queue_about_interest(&mut tx, guardian, &message, interest_id, &now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The student's own page behind the link with `token`.
#[server(endpoint = "load_own_interests")]
pub async fn load_own_interests(token: String) -> Result<OwnInterests, AppError> {
    let db = crate::db::from_context()?;
    let own = own_interest(&db, &token).await?;
    Ok(OwnInterests {
        own: own.id,
        interests: crate::db::interests::list_of_student(&db, &own).await?,
        now: crate::db::now_instant(),
    })
}

/// The interest of the link with `token`, or `LinkInvalid` (deleted, or never was).
#[cfg(feature = "ssr")]
async fn own_interest(db: &crate::db::Db, token: &str) -> Result<Interest, AppError> {
    crate::db::interests::find_by_token(db, &crate::auth::token_hash(token))
        .await?
        .ok_or(AppError::LinkInvalid)
}

/// The student confirms the address (and that it was them) with their link.
#[server(endpoint = "confirm_interest")]
pub async fn confirm_interest(token: String) -> Result<(), AppError> {
    let db = crate::db::from_context()?;
    let own = own_interest(&db, &token).await?;
    let mut tx = db.begin().await?;
    crate::db::interests::confirm_email(&mut tx, own.id, &crate::db::now_timestamp()).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/mijn-interesse/{token}?bevestigd=1"));
    Ok(())
}

/// The student takes back interest `id` (one of theirs, still at `version`). One nobody
/// saw yet (not confirmed) is deleted at once; another stays "withdrawn" for the
/// coordinator until the purge, four weeks later.
#[server(endpoint = "withdraw_interest")]
pub async fn withdraw_interest(token: String, id: i64, version: i64) -> Result<(), AppError> {
    use crate::api::board::InterestAt;
    use crate::api::edit::{Editor, settle};
    use crate::domain::{AuditAction, Change, Stage};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let own = own_interest(&db, &token).await?;
    let theirs = crate::db::interests::list_of_student(&db, &own).await?;
    let (interest, _) = theirs.into_iter().find(|(i, _)| i.id == id).ok_or(AppError::NotFound)?;
    if !interest.can_withdraw() {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    if interest.waiting_for().is_some() && interest.id != own.id {
        crate::db::interests::delete_interest(&mut tx, interest.id).await?;
    } else {
        // Moved by the coordinator meanwhile: refused, and the page shows where it stands now.
        let now = crate::db::now_timestamp();
        let saved =
            crate::db::interests::set_stage(&mut tx, interest.id, version, Stage::Withdrawn, None, &now).await?;
        let changes = [Change::new("stage", interest.stage.code(), Stage::Withdrawn.code())];
        let edit = InterestAt::from(&interest).edit(Editor::STUDENT, version, AuditAction::Move, &changes);
        settle(&db, &mut tx, saved, edit, |_| Draft::Nothing, &now).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!("/mijn-interesse/{token}?ingetrokken=1"));
    Ok(())
}

/// The student chooses `moment`, one of the moments the company proposed to meet about
/// interest `id` (one of theirs, still at `version`). Only now does the company see the
/// student's e-mail address and phone number; its users are mailed that the moment was
/// chosen, and for a student under 16 the parent is mailed which company and when.
#[server(endpoint = "accept_meeting")]
pub async fn accept_meeting(token: String, id: i64, version: i64, moment: String) -> Result<(), AppError> {
    use crate::api::board::InterestAt;
    use crate::api::edit::{Editor, settle};
    use crate::domain::{AuditAction, Change, EmailAddress, FieldError, Problem};

    let db = crate::db::from_context()?;
    let own = own_interest(&db, &token).await?;
    let theirs = crate::db::interests::list_of_student(&db, &own).await?;
    let (interest, placement) = theirs.into_iter().find(|(i, _)| i.id == id).ok_or(AppError::NotFound)?;
    let moments = interest.moments_to_choose();
    if moments.is_empty() {
        return Err(AppError::Forbidden);
    }
    let Some(moment) = moments.into_iter().find(|m| *m == moment.trim()) else {
        let problem = if moment.trim().is_empty() {
            Problem::Required
        } else {
            Problem::Unknown
        };
        return Err(AppError::Validation(vec![FieldError::new("moment", problem)]));
    };
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let saved = crate::db::interests::accept_meeting(&mut tx, id, version, moment, &now).await?;
    let changes = [Change::new("meeting_accepted", "", "yes")];
    let edit = InterestAt::from(&interest).edit(Editor::STUDENT, version, AuditAction::Move, &changes);
    settle(&db, &mut tx, saved, edit, |_| crate::error::Draft::Nothing, &now).await?;
    if let Some(placement) = &placement {
        let site = crate::api::request::site_settings()?;
        let page = format!("{}/beheer#kandidaten", site.public_url.trim_end_matches('/'));
        let message = crate::mail::meeting_accepted(&interest.first_name, &placement.title, moment, &page);
        for email in crate::db::interests::company_users_of(&mut tx, placement.placement_id).await? {
            if let Ok(recipient) = EmailAddress::parse(&email) {
                crate::mail::queue(&mut tx, &recipient, &message, None, &now).await?;
            }
        }
        if let Some(guardian) = interest
            .guardian_email
            .as_deref()
            .and_then(|g| EmailAddress::parse(g).ok())
        {
            let message = crate::mail::meeting_accepted_to_guardian(
                &interest.first_name,
                &placement.title,
                &placement.company_name,
                moment,
            );
            crate::mail::queue_about_interest(&mut tx, &guardian, &message, id, &now).await?;
        }
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!("/mijn-interesse/{token}?afgesproken=1"));
    Ok(())
}

/// "Keep me for the next season" (for `retention::KEEP_DAYS` from now), or not any more.
#[server(endpoint = "keep_my_interests")]
pub async fn keep_my_interests(token: String, keep: bool) -> Result<(), AppError> {
    use crate::domain::interests::retention::KEEP_DAYS;

    let db = crate::db::from_context()?;
    let own = own_interest(&db, &token).await?;
    let until = keep.then(|| crate::db::timestamp_in(KEEP_DAYS * 86_400));
    let mut tx = db.begin().await?;
    crate::db::interests::keep_until(&mut tx, &own, until.as_deref(), &crate::db::now_timestamp()).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/mijn-interesse/{token}?bewaren={}#bewaren", u8::from(keep)));
    Ok(())
}

/// Deletes everything stored about the student of the link: every interest of theirs and
/// the mail to their address still in the outbox. The link stops working.
#[server(endpoint = "delete_my_data")]
pub async fn delete_my_data(token: String) -> Result<(), AppError> {
    let db = crate::db::from_context()?;
    let own = own_interest(&db, &token).await?;
    let mut tx = db.begin().await?;
    let deleted = crate::db::interests::delete_student(&mut tx, &own, &crate::db::now_timestamp()).await?;
    tx.commit().await?;
    tracing::info!(deleted, "a student deleted their data");
    leptos_axum::redirect("/privacy?verwijderd=1");
    Ok(())
}

/// What the parent or guardian of the link with `token` is asked.
#[server(endpoint = "load_consent_request")]
pub async fn load_consent_request(token: String) -> Result<ConsentRequest, AppError> {
    let db = crate::db::from_context()?;
    let interest = guardian_interest(&db, &token).await?;
    let placement = crate::db::interests::list_of_student(&db, &interest)
        .await?
        .into_iter()
        .find(|(i, _)| i.id == interest.id)
        .and_then(|(_, placement)| placement);
    Ok(ConsentRequest { interest, placement })
}

#[cfg(feature = "ssr")]
async fn guardian_interest(db: &crate::db::Db, token: &str) -> Result<Interest, AppError> {
    crate::db::interests::find_by_guardian_token(db, &crate::auth::token_hash(token))
        .await?
        .ok_or(AppError::LinkInvalid)
}

/// The parent or guardian agrees (the interest counts once the student confirmed too), or
/// does not (the interest is deleted at once).
#[server(endpoint = "answer_guardian_request")]
pub async fn answer_guardian_request(token: String, agree: bool) -> Result<(), AppError> {
    let db = crate::db::from_context()?;
    let interest = guardian_interest(&db, &token).await?;
    let mut tx = db.begin().await?;
    if agree {
        crate::db::interests::confirm_guardian(&mut tx, interest.id, &crate::db::now_timestamp()).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/toestemming/{token}?akkoord=1"));
    } else {
        crate::db::interests::delete_interest(&mut tx, interest.id).await?;
        tx.commit().await?;
        leptos_axum::redirect("/privacy?verwijderd=1");
    }
    Ok(())
}

/// Everything stored about the student of the link with `token`, as the JSON they
/// download from their page.
#[cfg(feature = "ssr")]
pub async fn student_data_json(db: &crate::db::Db, token: &str) -> Result<String, AppError> {
    #[derive(serde::Serialize)]
    struct Download {
        exported_at: Instant,
        about: &'static str,
        interests: Vec<Entry>,
    }
    #[derive(serde::Serialize)]
    struct Entry {
        #[serde(flatten)]
        interest: Interest,
        placement: Option<InterestPlacement>,
    }
    let own = own_interest(db, token).await?;
    let interests = crate::db::interests::list_of_student(db, &own).await?;
    let download = Download {
        exported_at: crate::db::now_instant(),
        about: "Alles wat Techkaart van je bewaart / Everything Techkaart keeps about you",
        interests: interests
            .into_iter()
            .map(|(interest, placement)| Entry { interest, placement })
            .collect(),
    };
    serde_json::to_string_pretty(&download).map_err(|error| {
        tracing::error!(%error, "a student's data did not serialise");
        AppError::Internal
    })
}

/// How long before "keep me for next season" ends the student is asked again, in days.
pub const ASK_BEFORE_KEEP_ENDS_DAYS: i64 = 14;

/// Mails every student whose kept data is deleted within `ASK_BEFORE_KEEP_ENDS_DAYS` of
/// `now` (once), with a fresh link to keep it longer or delete it; returns how many.
#[cfg(feature = "ssr")]
pub async fn ask_before_keep_ends(
    db: &crate::db::Db,
    site: &crate::auth::SiteSettings,
    now: Instant,
) -> Result<usize, AppError> {
    use crate::domain::EmailAddress;
    let before = now.plus_seconds(ASK_BEFORE_KEEP_ENDS_DAYS * 86_400).stored();
    let stamp = now.stored();
    let ending = crate::db::interests::keeps_ending(db, &stamp, &before).await?;
    let base = site.public_url.trim_end_matches('/');
    for student in &ending {
        let token = crate::auth::random_token();
        let mut tx = db.begin().await?;
        crate::db::interests::mark_keep_asked(
            &mut tx,
            student.id,
            &student.email,
            &crate::auth::token_hash(&token),
            &stamp,
        )
        .await?;
        let until = (
            crate::i18n::NL.words.moment(student.keep_until),
            crate::i18n::EN.words.moment(student.keep_until),
        );
        let message = crate::mail::keep_ending(&student.first_name, until, &format!("{base}/mijn-interesse/{token}"));
        let recipient = EmailAddress::parse(&student.email).map_err(|_| AppError::Internal)?;
        crate::mail::queue_about_interest(&mut tx, &recipient, &message, student.id, &stamp).await?;
        tx.commit().await?;
    }
    Ok(ending.len())
}
