//! Class sign-ups: a teacher signs up a class for an event (no account needed), and
//! changes or cancels it through the link in their mail; the organiser reads them.
//!
//! A sign-up holds nothing until its teacher confirms the address by the mailed link
//! (unconfirmed ones are deleted after 48 hours). Places are decided when it is confirmed,
//! after locking the event (`db::sign_ups::lock_places`), so the confirmed head counts never
//! pass the capacity however many teachers confirm at once; the rest wait in order, and
//! move up (with a mail) when places come free. The organiser can remove a sign-up with a
//! reason the teacher is mailed.

use leptos::prelude::*;

use crate::domain::{Event, Occupancy, SignUp, SignUpForm};
use crate::error::AppError;

/// A sign-up as its teacher's page shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OwnSignUp {
    pub sign_up: SignUp,
    pub event: Event,
}

/// Signs up a class for event `event_id`, unconfirmed, and mails the teacher the link that
/// confirms it (`confirm_sign_up`); back to the event's page, which says to look in the mail.
#[server(endpoint = "sign_up_class")]
pub async fn sign_up_class(event_id: i64, form: SignUpForm) -> Result<(), AppError> {
    use crate::db::sign_ups;
    use crate::domain::{FieldError, Participation, Problem};
    use crate::error::Draft;
    use crate::mail::SignUpNews;

    let db = crate::db::from_context()?;
    let at = crate::db::now();
    let now = at.stored();
    let event = crate::db::events::get_public_event(&db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = event.event.participation == Participation::ClassSignUp && !event.is_cancelled() && !event.is_past(at);
    if !open {
        return Err(AppError::Forbidden);
    }
    let invalid = |errors| AppError::invalid(errors, Draft::SignUp(form.clone()));
    let sign_up = form.read().map_err(invalid)?;
    // Per network: a script with ever new addresses fills neither the events nor the outbox.
    let throttle = use_context::<std::sync::Arc<crate::throttle::Throttle>>().ok_or(AppError::Internal)?;
    throttle
        .attempt(&[crate::throttle::Attempter::SignUpFrom(
            crate::api::request::anonymous_client_network(),
        )])
        .await?
        .map_err(crate::api::request::too_many_attempts)?;
    let mut tx = db.begin().await?;
    // Per address, counted in this transaction under the address's lock: parallel posts
    // for one address count one by one.
    let hour_ago = crate::db::timestamp_in(-3600);
    crate::db::attempts::lock_mail_to(&mut tx, "class sign-ups", sign_up.email.as_str(), throttle.now_millis()).await?;
    if sign_ups::count_recent(&mut tx, sign_up.email.as_str(), &hour_ago).await?
        >= crate::domain::sign_ups::SIGN_UPS_PER_ADDRESS_PER_HOUR
    {
        return Err(crate::api::request::too_many_attempts(std::time::Duration::from_secs(
            3600,
        )));
    }
    let capacity = event.event.capacity.unwrap_or(0);
    if sign_up.head_count > capacity {
        return Err(invalid(vec![FieldError::new("head_count", Problem::OutOfRange)]));
    }
    // Stored unconfirmed: it holds no places until the teacher confirms by the mail's link.
    let token = crate::auth::random_token();
    sign_ups::insert_sign_up(&mut tx, event_id, &sign_up, &crate::auth::token_hash(&token), &now).await?;
    let link = sign_up_link(&token)?;
    let message = crate::mail::sign_up(SignUpNews::ConfirmAddress, &event, sign_up.head_count, &link);
    crate::mail::queue(&mut tx, &sign_up.email, &message, None, &now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/evenementen/{event_id}?aangemeld=bevestigen#aanmelden"));
    Ok(())
}

/// The teacher confirms the sign-up of `token` by the link in the mail: now it gets places
/// (or a place on the waiting list), decided under the event's lock like every other
/// change, and the teacher is mailed which. Confirming again changes nothing.
#[server(endpoint = "confirm_sign_up")]
pub async fn confirm_sign_up(token: String) -> Result<(), AppError> {
    use crate::db::sign_ups;
    use crate::domain::{EmailAddress, SignUpStatus, sign_ups::gets_places};
    use crate::mail::SignUpNews;

    let db = crate::db::from_context()?;
    let at = crate::db::now();
    let now = at.stored();
    let hash = crate::auth::token_hash(&token);
    let found = sign_ups::find_by_token(&db, &hash)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    let event = crate::db::events::get_event(&db, found.event_id)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    if event.is_cancelled() || event.is_past(at) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let (capacity, current) = locked_sign_up(&mut tx, found.event_id, &hash).await?;
    if current.confirmed_at.is_none() && current.status != SignUpStatus::Cancelled {
        let occupancy = sign_ups::occupancy_in(&mut tx, found.event_id).await?;
        let (status, news) = if gets_places(occupancy, capacity, current.head_count) {
            (SignUpStatus::Confirmed, SignUpNews::Confirmed)
        } else {
            (SignUpStatus::Waiting, SignUpNews::Waiting)
        };
        sign_ups::confirm(&mut tx, &current, status, &now).await?;
        let recipient = EmailAddress::parse(&current.email).map_err(|_| AppError::Internal)?;
        let message = crate::mail::sign_up(news, &event, current.head_count, &sign_up_link(&token)?);
        crate::mail::queue(&mut tx, &recipient, &message, None, &now).await?;
        tx.commit().await?;
    }
    leptos_axum::redirect(&format!("/aanmelding/{token}?bevestigd=1"));
    Ok(())
}

/// The sign-up of the link's `token`, with its event.
#[server(endpoint = "load_sign_up")]
pub async fn load_sign_up(token: String) -> Result<OwnSignUp, AppError> {
    let db = crate::db::from_context()?;
    let sign_up = crate::db::sign_ups::find_by_token(&db, &crate::auth::token_hash(&token))
        .await?
        .ok_or(AppError::LinkInvalid)?;
    let event = crate::db::events::get_event(&db, sign_up.event_id)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    Ok(OwnSignUp { sign_up, event })
}

/// What `change_sign_up` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignUpChange {
    /// A new head count: kept places if it fits, refused if a confirmed class grows past
    /// the free places.
    HeadCount,
    Cancel,
}

/// Changes the head count of the sign-up of `token`, or cancels it; freed places go to
/// the waiting list in order, each with a mail.
#[server(endpoint = "change_sign_up")]
pub async fn change_sign_up(
    token: String,
    change: SignUpChange,
    #[server(default)] head_count: String,
) -> Result<(), AppError> {
    use crate::db::sign_ups;
    use crate::domain::{EmailAddress, FieldError, SignUpStatus, sign_ups::read_head_count};
    use crate::error::Draft;
    use crate::mail::SignUpNews;

    let db = crate::db::from_context()?;
    let now = crate::db::now_timestamp();
    let hash = crate::auth::token_hash(&token);
    let found = sign_ups::find_by_token(&db, &hash)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    let new_count = match change {
        SignUpChange::HeadCount => read_head_count(&head_count)
            .map_err(|problem| AppError::invalid(vec![FieldError::new("head_count", problem)], Draft::Nothing))?,
        SignUpChange::Cancel => found.head_count,
    };
    let event = crate::db::events::get_event(&db, found.event_id)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    let mut tx = db.begin().await?;
    let (capacity, current) = locked_sign_up(&mut tx, found.event_id, &hash).await?;
    if current.status == SignUpStatus::Cancelled {
        return Err(AppError::LinkInvalid);
    }
    let (status, news) = match change {
        SignUpChange::Cancel => (SignUpStatus::Cancelled, SignUpNews::Cancelled),
        SignUpChange::HeadCount => {
            if current.status == SignUpStatus::Confirmed {
                let others = sign_ups::occupancy_in(&mut tx, found.event_id).await?.confirmed - current.head_count;
                if others + new_count > capacity {
                    let problem = crate::domain::Problem::OutOfRange;
                    return Err(AppError::invalid(
                        vec![FieldError::new("head_count", problem)],
                        Draft::Nothing,
                    ));
                }
            }
            (current.status, SignUpNews::Changed)
        }
    };
    sign_ups::update_sign_up(&mut tx, &current, status, new_count, &now).await?;
    let link = sign_up_link(&token)?;
    let recipient = EmailAddress::parse(&current.email).map_err(|_| AppError::Internal)?;
    crate::mail::queue(
        &mut tx,
        &recipient,
        &crate::mail::sign_up(news, &event, new_count, &link),
        None,
        &now,
    )
    .await?;
    move_up_waiting(&mut tx, &event, capacity, &now).await?;
    tx.commit().await?;
    let done = match change {
        SignUpChange::Cancel => "afgemeld",
        SignUpChange::HeadCount => "gewijzigd",
    };
    leptos_axum::redirect(&format!("/aanmelding/{token}?{done}=1"));
    Ok(())
}

/// Locks the places of event `event_id` and reads the sign-up of the token `hash` again
/// under the lock (another change may have moved it meanwhile): the event's capacity and
/// the sign-up as it is now.
#[cfg(feature = "ssr")]
async fn locked_sign_up(
    tx: &mut crate::db::Tx,
    event_id: i64,
    hash: &str,
) -> Result<(i64, crate::domain::SignUp), AppError> {
    let capacity = crate::db::sign_ups::lock_places(tx, event_id)
        .await?
        .ok_or(AppError::LinkInvalid)?
        .unwrap_or(0);
    let current = crate::db::sign_ups::find_by_token_in(tx, hash)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    Ok((capacity, current))
}

/// Moves waiting classes of `event` up into places that came free (at most `capacity`),
/// inside `tx`, and mails each teacher.
#[cfg(feature = "ssr")]
async fn move_up_waiting(
    tx: &mut crate::db::Tx,
    event: &crate::domain::Event,
    capacity: i64,
    now: &str,
) -> Result<(), AppError> {
    for moved in crate::db::sign_ups::move_up_waiting(tx, event.id, capacity, now).await? {
        // Their own link is not known here (only its hash is stored): the mail points
        // to the event, and their first mail keeps the link to change or cancel.
        let event_link = format!(
            "{}/evenementen/{}",
            crate::api::request::site_settings()?.public_url.trim_end_matches('/'),
            event.id
        );
        let message = crate::mail::sign_up(crate::mail::SignUpNews::MovedUp, event, moved.head_count, &event_link);
        let recipient = crate::domain::EmailAddress::parse(&moved.email).map_err(|_| AppError::Internal)?;
        crate::mail::queue(tx, &recipient, &message, None, now).await?;
    }
    Ok(())
}

/// The longest reason an organiser gives for removing a sign-up.
pub const REMOVE_REASON_MAX: usize = 500;

/// The organiser of event `event_id` (its company's users, the region's coordinator)
/// removes sign-up `id` with a `reason`, which the teacher is mailed; its places go to the
/// waiting list in order. Back to the event's page.
#[server(endpoint = "remove_sign_up")]
pub async fn remove_sign_up(event_id: i64, id: i64, reason: String) -> Result<(), AppError> {
    use crate::domain::{EmailAddress, FieldError, SignUpStatus};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let event = crate::api::events::organiser_of(&db, event_id).await?;
    let reason = crate::domain::read_reason(&reason, REMOVE_REASON_MAX)
        .map_err(|problem| AppError::invalid(vec![FieldError::new("reason", problem)], Draft::Nothing))?;
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let capacity = crate::db::sign_ups::lock_places(&mut tx, event_id)
        .await?
        .ok_or(AppError::NotFound)?
        .unwrap_or(0);
    let sign_up = crate::db::sign_ups::find_in_event(&mut tx, event_id, id)
        .await?
        .filter(|s| s.status != SignUpStatus::Cancelled)
        .ok_or(AppError::NotFound)?;
    crate::db::sign_ups::update_sign_up(&mut tx, &sign_up, SignUpStatus::Cancelled, sign_up.head_count, &now).await?;
    let recipient = EmailAddress::parse(&sign_up.email).map_err(|_| AppError::Internal)?;
    let message = crate::mail::sign_up_removed(&event, sign_up.head_count, reason);
    crate::mail::queue(&mut tx, &recipient, &message, None, &now).await?;
    move_up_waiting(&mut tx, &event, capacity, &now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/beheer/evenementen/{event_id}#sign-ups-heading"));
    Ok(())
}

/// The sign-ups of event `event_id` for its organiser (or the region's coordinator):
/// every class in the order they came, and how full it is.
#[server(endpoint = "event_sign_ups")]
pub async fn event_sign_ups(event_id: i64) -> Result<(Vec<SignUp>, Occupancy), AppError> {
    let db = crate::db::from_context()?;
    crate::api::events::organiser_of(&db, event_id).await?;
    Ok((
        crate::db::sign_ups::list_for_event(&db, event_id).await?,
        crate::db::sign_ups::occupancy(&db, event_id).await?,
    ))
}

/// How full event `event_id` is, for its public page.
#[server(endpoint = "event_occupancy")]
pub async fn event_occupancy(event_id: i64) -> Result<Occupancy, AppError> {
    let db = crate::db::from_context()?;
    Ok(crate::db::sign_ups::occupancy(&db, event_id).await?)
}

#[cfg(feature = "ssr")]
fn sign_up_link(token: &str) -> Result<String, AppError> {
    let site = crate::api::request::site_settings()?;
    Ok(format!("{}/aanmelding/{token}", site.public_url.trim_end_matches('/')))
}

/// The sign-ups of event `event_id` as CSV for a spreadsheet (`spreadsheet::line`), for
/// whoever may manage the event.
#[cfg(feature = "ssr")]
pub fn sign_ups_csv(sign_ups: &[SignUp], t: &crate::i18n::Texts) -> String {
    use crate::spreadsheet::line;
    let mut out = line([
        t.events.signed_up_at,
        t.labels.status_label,
        t.events.teacher_name_label,
        t.events.school_label,
        t.labels.email_label,
        t.events.head_count_label,
    ]);
    for s in sign_ups {
        out.push_str(&line([
            t.words.moment(s.created_at),
            t.events.sign_up_status(s.status).to_owned(),
            s.teacher_name.clone(),
            s.school.clone(),
            s.email.clone(),
            s.head_count.to_string(),
        ]));
    }
    out
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::domain::{Instant, SignUpStatus};

    #[test]
    fn the_csv_quotes_every_cell_and_defuses_what_a_spreadsheet_would_run() {
        let sign_up = SignUp {
            id: 1,
            event_id: 2,
            teacher_name: "=HYPERLINK(\"x\")".into(),
            school: "De \"Kempen\"; Bladel".into(),
            email: "a@b.example".into(),
            head_count: 24,
            status: SignUpStatus::Waiting,
            created_at: Instant::parse("2026-11-30T09:05:00Z").expect("instant"),
            confirmed_at: None,
        };
        let csv = sign_ups_csv(&[sign_up], &crate::i18n::NL);
        let row = csv.lines().nth(1).expect("a row");
        assert_eq!(
            row,
            "\"30 november 2026 10:05\";\"Wachtlijst\";\"'=HYPERLINK(\"\"x\"\")\";\"De \"\"Kempen\"\"; Bladel\";\"a@b.example\";\"24\""
        );
        assert!(csv.starts_with("\"Aangemeld op\";\"Status\""));
    }
}
