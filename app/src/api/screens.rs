//! Kiosk screens: what a TV at `/scherm` shows (its pairing code, or its slides), how its
//! owners pair, change, revoke and remove it, and its heartbeat.
//!
//! Who may do what: a coordinator pairs and manages the screens of their region (and sees
//! the lobby screens of its companies); a company user pairs and manages their own
//! company's lobby screens. Somebody else's screen id finds nothing. The TV itself is
//! known only by the secret in its cookie (stored as a hash); it sees public data only.

use leptos::prelude::*;

use crate::domain::{
    Event, Instant, Level, Orientation, PairingCode, PlacementKind, Region, Screen, ScreenChange, ScreenForm,
};
use crate::error::AppError;

/// What `/scherm` shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ScreenView {
    /// Not paired (yet, or any more): the code to type in the dashboard.
    Pairing(PairingView),
    /// A paired screen's slides.
    Showing(ScreenShow),
}

/// A TV's pairing code with where to type it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairingView {
    pub code: PairingCode,
    /// The dashboard's pairing page with the code filled in, for a phone.
    pub claim_url: String,
    /// That address as an inline QR code.
    pub qr_svg: String,
    pub expires_at: Instant,
}

/// A paired screen's slides and when it is on.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScreenShow {
    pub orientation: Orientation,
    pub region: Region,
    /// The company whose lobby it hangs in.
    pub company_name: Option<String>,
    pub slides: Vec<Slide>,
    /// When the screen is on, from now for the next days; dark in between.
    pub on_windows: Vec<(Instant, Instant)>,
    /// The build of the server that made the page: a screen that hears of another build
    /// loads itself anew.
    pub build: String,
    pub now: Instant,
}

/// One slide of a screen, made from public data only.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Slide {
    /// The region in numbers.
    Region {
        region: Region,
        companies: i64,
        open_places: i64,
        events: usize,
    },
    /// An upcoming event, with a QR code to its page.
    Event { event: Box<Event>, qr_svg: String },
    /// An open placement, with a QR code to its page.
    Placement {
        id: i64,
        kind: PlacementKind,
        level: Level,
        title: String,
        company: String,
        town: String,
        qr_svg: String,
    },
}

impl Slide {
    /// The slide's name, as the heartbeat reports it and tests find it.
    pub fn name(&self) -> String {
        match self {
            Slide::Region { region, .. } => format!("region-{}", region.code()),
            Slide::Event { event, .. } => format!("event-{}", event.id),
            Slide::Placement { id, .. } => format!("placement-{id}"),
        }
    }

    /// How long it stays, in seconds: longer when there is a QR code to scan.
    pub fn seconds(&self) -> u32 {
        match self {
            Slide::Region { .. } => SLIDE_SECONDS,
            Slide::Event { .. } | Slide::Placement { .. } => QR_SLIDE_SECONDS,
        }
    }

    /// Until when it may be shown (an event until it ends).
    pub fn until(&self) -> Option<Instant> {
        match self {
            Slide::Event { event, .. } => Some(event.event.times.end),
            Slide::Region { .. } | Slide::Placement { .. } => None,
        }
    }
}

/// Seconds a slide without a QR code stays.
pub const SLIDE_SECONDS: u32 = 10;
/// Seconds a slide with a QR code stays.
pub const QR_SLIDE_SECONDS: u32 = 12;
/// The most event slides and the most placement slides a page carries: with the region's
/// slide one round takes at most 10 + 14 × 12 = 178 seconds.
pub const SLIDES_PER_KIND: usize = 7;
/// How many more events a page carries than one round shows, so that a screen cut off from
/// the server still has coming events when the first ones are over.
#[cfg(feature = "ssr")]
pub(crate) const EVENTS_KEPT: usize = 14;
/// Days of on-hours a page carries, so a screen cut off keeps its hours for two days.
#[cfg(feature = "ssr")]
pub(crate) const ON_DAYS_CARRIED: i64 = 3;

/// What the TV at `/scherm` shows: a paired screen's slides, or a pairing code (a new one
/// when its last ran out). The TV keeps its secret in a cookie that this renews.
#[server(endpoint = "load_screen")]
pub async fn load_screen() -> Result<ScreenView, AppError> {
    use crate::api::request::{cookie_header, set_cookie, site_settings};
    use crate::auth::{random_token, token_hash};
    use crate::db::screens;
    use crate::domain::screens::{PAIRING_CODE_LEN, PAIRING_VALID_SECONDS, PAIRINGS_PER_NETWORK};

    let db = crate::db::from_context()?;
    let site = site_settings()?;
    let now = crate::db::now();
    let cookie = crate::screens::ScreenCookie::of(&site);
    let secret = cookie.secret_in(cookie_header().as_deref());
    if let (Some(screen), Some(secret)) = (crate::api::request::screen(&db).await?, &secret) {
        set_cookie(&cookie.set(secret));
        return Ok(ScreenView::Showing(
            crate::screens::show(&db, &screen, now, &site).await?,
        ));
    }
    if let Some(secret) = &secret {
        let hash = token_hash(secret);
        if let Some(pairing) = screens::pairing_of(&db, &hash, now).await? {
            return crate::screens::pairing_view(&site, pairing.code, pairing.expires_at).map(ScreenView::Pairing);
        }
    }
    // A TV that was revoked keeps its secret, so pairing it again finds the same TV.
    let secret = secret.unwrap_or_else(random_token);
    let hash = token_hash(&secret);
    let network = crate::api::request::anonymous_client_network();
    let expires_at = now.plus_seconds(PAIRING_VALID_SECONDS);
    let mut tx = db.begin().await?;
    if screens::clear_pairings(&mut tx, &hash, &network, now).await? >= PAIRINGS_PER_NETWORK {
        return Err(AppError::TooManyAttempts(60));
    }
    let mut code = None;
    for _ in 0..8 {
        let candidate = PairingCode::from_random(rand::random::<[u8; PAIRING_CODE_LEN]>());
        if screens::insert_pairing(&mut tx, &candidate, &hash, &network, now, expires_at).await? {
            code = Some(candidate);
            break;
        }
    }
    let code = code.ok_or_else(|| {
        tracing::error!("no free pairing code after eight tries");
        AppError::Internal
    })?;
    tx.commit().await?;
    set_cookie(&cookie.set(&secret));
    crate::screens::pairing_view(&site, code, expires_at).map(ScreenView::Pairing)
}

/// The screens a person manages, for their dashboard, with the instant they were read at
/// (online or offline is told by it).
#[server(endpoint = "managed_screens")]
pub async fn managed_screens() -> Result<(Vec<Screen>, Instant), AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let owner = actor.manager()?;
    let screens = crate::db::screens::list_screens(&db, owner.company_id(), actor.region_scope()).await?;
    Ok((screens, crate::db::now()))
}

/// Whether the person pairing a screen chooses its region: only a coordinator of both
/// regions does (a company's screen is in its region, a coordinator's in theirs).
#[server(endpoint = "screen_region_is_chosen")]
pub async fn screen_region_is_chosen() -> Result<bool, AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    actor.manager()?;
    Ok(crate::domain::policy::region_of_new_screen(&actor, "").is_none())
}

/// Screen `id` for its edit page.
#[server(endpoint = "load_screen_settings")]
pub async fn load_screen_settings(id: i64) -> Result<(Screen, Instant), AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let owner = actor.manager()?;
    let screen = crate::db::screens::list_screens(&db, owner.company_id(), actor.region_scope())
        .await?
        .into_iter()
        .find(|screen| screen.id == id)
        .ok_or(AppError::NotFound)?;
    Ok((screen, crate::db::now()))
}

/// Pairs the TV that shows `form.code`: as a new screen with the form's settings (`id`
/// `None`), or as screen `id` again, which keeps its settings (the form's version must be
/// the screen's). A code no TV shows is refused at its field. Tries are counted per
/// account like logins (five free, then each waits twice as long), so nobody can try
/// codes until they hit another school's TV.
#[server(endpoint = "pair_screen")]
pub async fn pair_screen(id: Option<i64>, form: ScreenForm) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::db::{Saved, screens};
    use crate::domain::audit::changes_between;
    use crate::domain::policy::Owned;
    use crate::domain::{AuditAction, AuditSubject, FieldError, Problem};
    use crate::error::Draft;
    use crate::throttle::{Attempter, Throttle};

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let owner = actor.manager()?;
    let throttle = use_context::<std::sync::Arc<Throttle>>().ok_or(AppError::Internal)?;
    let who = [Attempter::PairingBy(owner.account().id)];
    throttle
        .attempt(&who)
        .await?
        .map_err(crate::api::request::too_many_attempts)?;
    let now = crate::db::now();
    let invalid = |errors| AppError::invalid(errors, Draft::Screen(form.clone()));
    let code = form.code();
    let mut tx = db.begin().await?;
    let (screen_id, saved, changes, owned) = match id {
        None => {
            let mut errors = code.as_ref().err().cloned().into_iter().collect::<Vec<_>>();
            let settings = form.read();
            let region = crate::domain::policy::region_of_new_screen(&actor, &form.region);
            if let Err(problems) = &settings {
                errors.extend(problems.iter().cloned());
            }
            if region.is_none() {
                errors.push(FieldError::new("region", Problem::Unknown));
            }
            let (Ok(code), Ok(settings), Some(region), true) = (code, settings, region, errors.is_empty()) else {
                return Err(invalid(errors));
            };
            let hash = screens::take_pairing(&mut tx, &code, now)
                .await?
                .ok_or_else(|| invalid(vec![FieldError::new("code", Problem::NotShown)]))?;
            let company_id = owner.company_id();
            let id =
                screens::insert_screen(&mut tx, region, company_id, &settings, &hash, owner.account().id, now).await?;
            let fields = settings.audit_fields();
            let empty: Vec<(&str, String)> = fields.iter().map(|(field, _)| (*field, String::new())).collect();
            (
                id,
                Saved::Done(1),
                changes_between(&empty, &fields),
                Owned { company_id, region },
            )
        }
        Some(id) => {
            let screen = owner::mine(&mut tx, &actor, id).await?;
            let code = code.map_err(|error| invalid(vec![error]))?;
            let hash = screens::take_pairing(&mut tx, &code, now)
                .await?
                .ok_or_else(|| invalid(vec![FieldError::new("code", Problem::NotShown)]))?;
            let saved = screens::set_screen_secret(&mut tx, id, form.version, Some(&hash), now).await?;
            (id, saved, Vec::new(), screen.owned())
        }
    };
    let edit = Edit {
        editor: (&actor).into(),
        owner: owned.audit_owner(),
        subject: AuditSubject::Screen,
        id: screen_id,
        action: AuditAction::Pair,
        based_on: form.version,
        changes: &changes,
    };
    finish(&db, tx, saved, edit, |current| again(&form, current), &now.stored()).await?;
    throttle.succeeded(&who).await?;
    leptos_axum::redirect(&format!("/beheer/schermen?scherm={screen_id}#scherm-{screen_id}"));
    Ok(())
}

/// Saves screen `id`'s settings from `form`, based on its version.
#[server(endpoint = "save_screen")]
pub async fn save_screen(id: i64, form: ScreenForm) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::domain::audit::changes_between;
    use crate::domain::{AuditAction, AuditSubject};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let (mut tx, actor, screen) = owner::locked(&db, id).await?;
    let now = crate::db::now();
    let settings = form
        .read()
        .map_err(|errors| AppError::invalid(errors, Draft::Screen(form.clone())))?;
    let changes = changes_between(&screen.settings.audit_fields(), &settings.audit_fields());
    let saved = crate::db::screens::update_screen(&mut tx, id, form.version, &settings, now).await?;
    let edit = Edit {
        editor: (&actor).into(),
        owner: screen.owned().audit_owner(),
        subject: AuditSubject::Screen,
        id,
        action: AuditAction::Edit,
        based_on: form.version,
        changes: &changes,
    };
    finish(&db, tx, saved, edit, |current| again(&form, current), &now.stored()).await?;
    leptos_axum::redirect(&format!("/beheer/schermen?scherm={id}#scherm-{id}"));
    Ok(())
}

/// Revokes screen `id` (its TV shows a pairing code again) or removes it, based on
/// `version`.
#[server(endpoint = "change_screen")]
pub async fn change_screen(id: i64, version: i64, change: ScreenChange) -> Result<(), AppError> {
    use crate::api::edit::{Edit, finish};
    use crate::domain::{AuditAction, AuditSubject};

    let db = crate::db::from_context()?;
    let (mut tx, actor, screen) = owner::locked(&db, id).await?;
    let now = crate::db::now();
    let (saved, action) = match change {
        ScreenChange::Revoke => (
            crate::db::screens::set_screen_secret(&mut tx, id, version, None, now).await?,
            AuditAction::Revoke,
        ),
        ScreenChange::Remove => (
            crate::db::screens::delete_screen(&mut tx, id, version).await?,
            AuditAction::Remove,
        ),
    };
    let edit = Edit {
        editor: (&actor).into(),
        owner: screen.owned().audit_owner(),
        subject: AuditSubject::Screen,
        id,
        action,
        based_on: version,
        changes: &[],
    };
    finish(
        &db,
        tx,
        saved,
        edit,
        |current| again(&ScreenForm::default(), current),
        &now.stored(),
    )
    .await?;
    leptos_axum::redirect("/beheer/schermen");
    Ok(())
}

/// The screen form as it was sent, at the screen's `current` version: refused because
/// someone saved in between, to look again and send once more.
#[cfg(feature = "ssr")]
fn again(form: &ScreenForm, current: i64) -> crate::error::Draft {
    crate::error::Draft::Screen(ScreenForm {
        version: current,
        ..form.clone()
    })
}

/// The TV's heartbeat, once a minute: which slide it shows, its build and size. A screen
/// that was reported offline is reported back (one mail to its owners).
///
/// A POST, as everything that writes: it records the beat and may queue a mail, so a
/// browser or proxy that repeats a GET must not repeat it, and the cross-site guard
/// refuses it from another site.
#[server(endpoint = "screen_heartbeat")]
pub async fn screen_heartbeat(slide: String, build: String, width: u32, height: u32) -> Result<(), AppError> {
    use crate::api::request::site_settings;
    use crate::domain::{FieldError, Heartbeat, Problem};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let site = site_settings()?;
    // Anyone but a paired TV finds no screen to report for.
    let screen = crate::api::request::screen(&db).await?.ok_or(AppError::NotFound)?;
    let heartbeat = Heartbeat::read(&slide, &build, width, height)
        .ok_or_else(|| AppError::invalid(vec![FieldError::new("slide", Problem::Format)], Draft::Nothing))?;
    let now = crate::db::now();
    let mut tx = db.begin().await?;
    let was_alerted = crate::db::screens::record_heartbeat(&mut tx, screen.id, &heartbeat, now).await?;
    if was_alerted {
        crate::screens::tell_owners(&mut tx, &screen, crate::mail::ScreenNews::Back, &site, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
mod owner {
    use crate::db::Tx;
    use crate::domain::{Actor, Screen};
    use crate::error::AppError;

    /// A transaction in which screen `id` is locked for the person asking, who must
    /// manage it (`mine`); with who is asking and the screen as it is.
    pub async fn locked(db: &crate::db::Db, id: i64) -> Result<(Tx, Actor, Screen), AppError> {
        let actor = crate::api::request::actor(db).await?;
        actor.manager()?;
        let mut tx = db.begin().await?;
        let screen = mine(&mut tx, &actor, id).await?;
        Ok((tx, actor, screen))
    }

    /// Locks screen `id` if `actor` manages it (`domain::policy::may_manage_screen`);
    /// `NotFound` otherwise, as if it did not exist.
    pub async fn mine(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Screen, AppError> {
        crate::db::screens::lock_screen(tx, id)
            .await?
            .filter(|screen| crate::domain::policy::may_manage_screen(actor, screen.owned()))
            .ok_or(AppError::NotFound)
    }
}
