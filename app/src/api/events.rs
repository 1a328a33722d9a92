//! Events as their organisers manage them, and as the public reads them.
//!
//! Who may do what: a company user creates, edits and cancels their own company's events;
//! a coordinator creates, edits and cancels the events of their region itself, and can
//! cancel, hide and show any event in their region (`domain::policy`). Every function
//! finds out who asks first (the `Actor`), so an id of somebody else's event finds
//! nothing. Every change
//! names the version it was based on and ends in `edit::finish`, as placements do.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::actor::Manager;
#[cfg(feature = "ssr")]
use crate::domain::policy;
use crate::domain::{Event, EventChange, EventForm, EventSearch};
use crate::error::AppError;

/// An event as its edit form shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EditableEvent {
    /// `None` for a new event.
    pub id: Option<i64>,
    pub form: EventForm,
    /// The organising company's name, when a company user edits: the form then offers
    /// its own address.
    pub company_name: Option<String>,
    /// The stored event, for its state (cancelled, hidden).
    pub stored: Option<Event>,
    /// Whether the person may change what the form holds; a coordinator looking at a
    /// company's event may only cancel, hide or show it.
    pub may_edit: bool,
    /// Where the location picker starts without coordinates: the company, or the middle
    /// of the coordinator's region.
    pub map_centre: (f64, f64),
}

/// The event `id` for its edit form, or (`None`) an empty form for a new one. A
/// coordinator also gets the events of companies in their region, to cancel or hide.
#[server(endpoint = "load_editable_event")]
pub async fn load_editable_event(id: Option<i64>) -> Result<EditableEvent, AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let host = event_host(&db, &actor).await?;
    let (company_name, map_centre) = match &host {
        crate::domain::EventHost::Company { name, venue } => (Some(name.clone()), (venue.latitude, venue.longitude)),
        crate::domain::EventHost::Coordinator(region) => {
            let centre = crate::map::region_bounds(region.unwrap_or(crate::domain::Region::Kempen)).center();
            (None, (centre.lat, centre.lon))
        }
    };
    let Some(id) = id else {
        return Ok(EditableEvent {
            id: None,
            form: EventForm::new_for(&host),
            company_name,
            stored: None,
            may_edit: true,
            map_centre,
        });
    };
    let event = crate::db::events::get_event(&db, id)
        .await?
        .filter(|event| policy::may_cancel_event(&actor, event.owned()))
        .ok_or(AppError::NotFound)?;
    Ok(EditableEvent {
        may_edit: policy::may_edit_event(&actor, event.owned()),
        id: Some(id),
        form: EventForm::from_event(&event.event, event.version),
        company_name,
        stored: Some(event),
        map_centre,
    })
}

/// Saves an event of the person asking: a new, planned one when `id` is `None`,
/// otherwise the changes to event `id`, which keeps its state. Back to the dashboard.
#[server(endpoint = "save_event")]
pub async fn save_event(id: Option<i64>, form: EventForm) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::db::{Saved, events};
    use crate::domain::{AuditAction, AuditSubject, audit::changes_between, policy::Owned};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let company_id = actor.manager()?.company_id();
    let host = event_host(&db, &actor).await?;
    let now = crate::db::now_timestamp();
    let invalid = |errors| AppError::invalid(errors, Draft::Event(form.clone()));
    let mut tx = db.begin().await?;
    let (event_id, saved, action, changes, owner) = match id {
        None => {
            let event = form.read(&host).map_err(invalid)?;
            let id = events::insert_event(&mut tx, company_id, &event, &now).await?;
            let fields = event.audit_fields();
            let empty: Vec<(&str, String)> = fields.iter().map(|(f, _)| (*f, String::new())).collect();
            let owner = Owned {
                company_id,
                region: event.region(),
            }
            .audit_owner();
            (
                id,
                Saved::Done(1),
                AuditAction::Create,
                changes_between(&empty, &fields),
                owner,
            )
        }
        Some(id) => {
            let stored = events::lock_event(&mut tx, id)
                .await?
                .filter(|stored| policy::may_edit_event(&actor, stored.owned()))
                .ok_or(AppError::NotFound)?;
            let event = form.read(&host).map_err(invalid)?;
            // Read only once the event is known to be theirs, so somebody else's id finds
            // nothing whatever the form says. `read` keeps the venue in a region they run.
            let changes = changes_between(&stored.event.audit_fields(), &event.audit_fields());
            let saved = events::update_event(&mut tx, id, form.version, &event, &now).await?;
            let owner = Owned {
                company_id: stored.company_id(),
                region: event.region(),
            }
            .audit_owner();
            (id, saved, AuditAction::Edit, changes, owner)
        }
    };
    let edit = Edit {
        editor: (&actor).into(),
        owner,
        subject: AuditSubject::Event,
        id: event_id,
        action,
        based_on: form.version,
        changes: &changes,
    };
    let draft = |current| {
        Draft::Event(EventForm {
            version: current,
            ..form.clone()
        })
    };
    finish(&db, tx, saved, edit, draft, &now).await?;
    leptos_axum::redirect(&format!(
        "/beheer/evenementen?evenement={event_id}#evenement-{event_id}"
    ));
    Ok(())
}

/// Cancels, reinstates, hides or shows event `id`, based on `version`.
#[server(endpoint = "change_event")]
pub async fn change_event(
    id: i64,
    version: i64,
    change: EventChange,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::db::events;
    use crate::domain::{AuditAction, AuditSubject, EventStatus, FieldError, NewEvent};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    actor.manager()?;
    let now = crate::db::now_timestamp();
    let reason = reason.trim().to_owned();
    if change == EventChange::Cancel {
        crate::domain::read_reason(&reason, NewEvent::REASON_MAX)
            .map_err(|problem| AppError::invalid(vec![FieldError::new("reason", problem)], Draft::Nothing))?;
    }
    let mut tx = db.begin().await?;
    let stored = events::lock_event(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let allowed = match change {
        EventChange::Cancel | EventChange::Reinstate => policy::may_cancel_event(&actor, stored.owned()),
        EventChange::Hide | EventChange::Show => policy::may_hide_event(&actor, stored.owned()),
    };
    if !allowed {
        // Somebody else's event: as if it did not exist, unless it is theirs to see.
        return Err(if policy::may_cancel_event(&actor, stored.owned()) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let (status, cancel_reason, hidden, action) = match change {
        EventChange::Cancel => (
            EventStatus::Cancelled,
            Some(reason.as_str()),
            stored.hidden,
            AuditAction::Cancel,
        ),
        EventChange::Reinstate => (EventStatus::Planned, None, stored.hidden, AuditAction::Reopen),
        EventChange::Hide => (stored.status, stored.cancel_reason.as_deref(), true, AuditAction::Hide),
        EventChange::Show => (stored.status, stored.cancel_reason.as_deref(), false, AuditAction::Show),
    };
    let changes = crate::domain::audit::changes_between(
        &[
            ("status", stored.status.code().to_owned()),
            ("cancel_reason", stored.cancel_reason.clone().unwrap_or_default()),
            ("hidden", if stored.hidden { "1" } else { "0" }.to_owned()),
        ],
        &[
            ("status", status.code().to_owned()),
            ("cancel_reason", cancel_reason.unwrap_or_default().to_owned()),
            ("hidden", if hidden { "1" } else { "0" }.to_owned()),
        ],
    );
    let saved = events::set_event_state(
        &mut tx,
        id,
        version,
        status,
        cancel_reason,
        hidden,
        stored.region(),
        &now,
    )
    .await?;
    let edit = Edit {
        editor: (&actor).into(),
        owner: stored.owned().audit_owner(),
        subject: AuditSubject::Event,
        id,
        action,
        based_on: version,
        changes: &changes,
    };
    finish(&db, tx, saved, edit, |_| Draft::Nothing, &now).await?;
    leptos_axum::redirect(&format!("/beheer/evenementen?evenement={id}#evenement-{id}"));
    Ok(())
}

/// The events a person manages, for their dashboard: those that have not ended yet and
/// those that ended in the last 30 days.
#[server(endpoint = "managed_events")]
pub async fn managed_events() -> Result<Vec<Event>, AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let since = crate::db::now().plus_seconds(-30 * 24 * 3600);
    let (company_id, region) = match actor.manager()? {
        Manager::Company(company) => (Some(company.company_id), None),
        Manager::Coordinator(coordinator) => (None, coordinator.region),
    };
    Ok(crate::db::events::list_managed_events(&db, company_id, region, since).await?)
}

/// Upcoming public events matching `search`, soonest first, with the instant they were
/// read at (pages tell past and running events by it).
#[server(endpoint = "find_events")]
pub async fn find_events(#[server(default)] search: EventSearch) -> Result<FoundEvents, AppError> {
    let db = crate::db::from_context()?;
    let now = crate::db::now();
    let events = crate::db::events::list_events_ending_after(&db, now).await?;
    Ok(FoundEvents {
        events: events.into_iter().filter(|e| search.matches(e, now)).collect(),
        now,
    })
}

/// Events as a list page shows them.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FoundEvents {
    pub events: Vec<Event>,
    pub now: crate::domain::Instant,
}

/// Public event `id` (past ones too; hidden ones and those of unpublished companies are
/// not found), with the instant it was read at.
#[server(endpoint = "get_public_event")]
pub async fn get_public_event(id: i64) -> Result<(Event, crate::domain::Instant), AppError> {
    let db = crate::db::from_context()?;
    let now = crate::db::now();
    let event = crate::db::events::get_public_event(&db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((event, now))
}

/// Refuses anyone but who may manage event `event_id` (its company, or the coordinator
/// of its region): `NotFound` for others, as if it did not exist.
#[cfg(feature = "ssr")]
pub async fn organiser_of(db: &crate::db::Db, event_id: i64) -> Result<Event, AppError> {
    let actor = crate::api::request::actor(db).await?;
    managed_by(db, &actor, event_id).await
}

/// The same for an actor found by the caller (an axum handler).
#[cfg(feature = "ssr")]
pub async fn managed_by(db: &crate::db::Db, actor: &crate::domain::Actor, event_id: i64) -> Result<Event, AppError> {
    actor.manager()?;
    crate::db::events::get_event(db, event_id)
        .await?
        .filter(|event| policy::may_see_sign_ups(actor, event.owned()))
        .ok_or(AppError::NotFound)
}

/// Where `actor` may hold events: a company at its own address or elsewhere in its
/// region, a coordinator anywhere in theirs; a teacher signs a class up on an event's
/// page but organises none.
#[cfg(feature = "ssr")]
async fn event_host(db: &crate::db::Db, actor: &crate::domain::Actor) -> Result<crate::domain::EventHost, AppError> {
    use crate::domain::{EventHost, Venue};
    Ok(match actor.manager()? {
        Manager::Coordinator(coordinator) => EventHost::Coordinator(coordinator.region),
        Manager::Company(company) => {
            let (company, _) = crate::db::companies::get_own_company(db, company.company_id)
                .await?
                .ok_or(AppError::Forbidden)?;
            let municipality =
                crate::domain::Municipality::from_code(&company.municipality).ok_or(AppError::Internal)?;
            EventHost::Company {
                venue: Venue {
                    name: company.name.clone(),
                    street_address: company.street_address,
                    postcode: company.postcode,
                    town: company.town,
                    municipality,
                    latitude: company.latitude,
                    longitude: company.longitude,
                },
                name: company.name,
            }
        }
    })
}
