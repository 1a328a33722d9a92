//! The coordinator's board of students' interests: the counted interests of their region
//! by stage, filtered; moving one along (one click, versioned, audited) and closing one
//! with a reason, which mails the student an answer.
//!
//! The audit says which stage an interest moved from and to (codes), never anything
//! about the student.

use leptos::prelude::*;

use crate::domain::{BoardItem, CloseForm, Instant, Stage};
use crate::error::AppError;

/// The board's filters as the address carries them; empty lets everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct BoardFilters {
    pub stage: String,
    pub company: String,
    pub kind: String,
    pub age: String,
    /// Days in the stage at least: `7`, `14`, `30`.
    pub waiting: String,
}

/// The waiting times the filter offers, in days.
pub const WAITING_DAYS: [i64; 3] = [7, 14, 30];

/// The board: how many interests are in each stage, those the filters let through, and
/// the companies to filter by.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Board {
    pub counts: Vec<(Stage, i64)>,
    pub items: Vec<BoardItem>,
    pub companies: Vec<crate::domain::accounts::CompanyChoice>,
    pub now: Instant,
}

/// The board of the logged-in coordinator's region.
#[server(endpoint = "interest_board")]
pub async fn interest_board(#[server(default)] filters: BoardFilters) -> Result<Board, AppError> {
    let db = crate::db::from_context()?;
    let user = crate::api::request::actor(&db).await?.coordinator()?.clone();
    let query = board_query(&user, &filters);
    Ok(Board {
        counts: crate::db::interests::stage_counts(&db, user.region).await?,
        items: crate::db::interests::board(&db, &query).await?,
        companies: crate::db::accounts::list_company_choices(&db, user.region).await?,
        now: crate::db::now_instant(),
    })
}

/// What `filters` ask of the board of `user`'s region, as the database reads it.
#[cfg(feature = "ssr")]
fn board_query(user: &crate::domain::actor::Coordinator, filters: &BoardFilters) -> crate::db::interests::BoardQuery {
    use crate::domain::{AgeBand, PlacementKind};
    let code = |text: &str| (!text.is_empty()).then_some(text.to_owned());
    crate::db::interests::BoardQuery {
        region: user.region,
        stage: code(&filters.stage).and_then(|c| Stage::from_code(&c)),
        company_id: filters.company.parse().ok(),
        kind: code(&filters.kind).and_then(|c| PlacementKind::from_code(&c)),
        age_band: code(&filters.age).and_then(|c| AgeBand::from_code(&c)),
        waiting_since: filters
            .waiting
            .parse::<i64>()
            .ok()
            .filter(|days| WAITING_DAYS.contains(days))
            .map(|days| crate::db::timestamp_in(-days * 86_400)),
        ..Default::default()
    }
}

/// The board of `user` (a coordinator) with `filters` as CSV for a spreadsheet, in
/// `t`'s language. Contact details only `with_contact`, and then the change log records
/// that this coordinator exported them (how many rows, never whose).
#[cfg(feature = "ssr")]
pub async fn board_csv(
    db: &crate::db::Db,
    user: &crate::domain::actor::Coordinator,
    filters: &BoardFilters,
    with_contact: bool,
    t: &crate::i18n::Texts,
) -> Result<String, AppError> {
    use crate::domain::{AuditAction, AuditOwner, AuditSubject, Change, Region};
    use crate::spreadsheet::line;

    let items = crate::db::interests::board(db, &board_query(user, filters)).await?;
    let now = crate::db::now_instant();
    let i = t.interests;
    let mut header = vec![
        i.stage_label,
        i.first_name_label,
        i.age_filter,
        i.school_label,
        i.programme_label,
        "crebo",
        i.board_start,
        t.labels.postcode_label,
        t.labels.company_label,
        t.labels.placement_title_label,
        t.labels.kind_label,
        i.orientation_day,
        i.waiting_filter,
    ];
    if with_contact {
        header.extend([t.labels.email_label, t.labels.contact_phone_label]);
    }
    let mut out = line(header);
    for item in &items {
        let it = &item.interest;
        let placement = item.placement.as_ref();
        let mut row = vec![
            i.board_stage(it.stage).to_owned(),
            it.first_name.clone(),
            i.age_band(it.age_band).to_owned(),
            it.school.clone(),
            i.programme(it.programme).to_owned(),
            it.crebo.clone().unwrap_or_default(),
            it.start_month.clone().unwrap_or_else(|| i.start_now.to_owned()),
            it.postcode.clone().unwrap_or_default(),
            placement.map(|p| p.company_name.clone()).unwrap_or_default(),
            match placement {
                Some(p) => p.title.clone(),
                None if it.placement_not_chosen_yet() => i.no_placement_yet.to_owned(),
                None => i.placement_gone.to_owned(),
            },
            placement.map(|p| t.words.kind(p.kind).to_owned()).unwrap_or_default(),
            it.event
                .as_ref()
                .map(|e| format!("{} ({})", t.pick(&e.title_nl, &e.title_en), t.words.moment(e.starts_at)))
                .unwrap_or_default(),
            (now.utc() - it.stage_changed_at.utc()).whole_days().max(0).to_string(),
        ];
        if with_contact {
            row.extend([it.email.clone(), it.phone.clone().unwrap_or_default()]);
        }
        out.push_str(&line(row));
    }
    if with_contact {
        let regions: Vec<Region> = Region::ALL.iter().copied().filter(|r| r.within(user.region)).collect();
        let stamp = crate::db::now_timestamp();
        let mut tx = db.begin().await?;
        for region in regions {
            let rows = items.iter().filter(|item| item.interest.region == region).count();
            let changes = [Change::new("rows", "", rows.to_string())];
            let entry = crate::db::audit::NewAuditEntry {
                user_id: Some(user.account.id),
                actor: &user.account.email,
                owner: AuditOwner::Region(region),
                subject: AuditSubject::Interest,
                subject_id: 0,
                action: AuditAction::Export,
                version: 0,
                changes: &changes,
            };
            crate::db::audit::record(&mut tx, &entry, &stamp).await?;
        }
        tx.commit().await?;
    }
    Ok(out)
}

/// The counted interest `id` of the coordinator's region, locked for a change inside `tx`;
/// `NotFound` for one of another region (or none).
#[cfg(feature = "ssr")]
pub(crate) async fn coordinators_interest(
    tx: &mut crate::db::Tx,
    user: &crate::domain::actor::Coordinator,
    id: i64,
) -> Result<
    (
        crate::domain::Interest,
        Option<crate::domain::interests::InterestPlacement>,
    ),
    AppError,
> {
    let found = crate::db::interests::counted_in(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.covers(found.0.region) {
        Ok(found)
    } else {
        Err(AppError::NotFound)
    }
}

/// An interest as a versioned save names it: which one, whose region's, at which version
/// it is now.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug)]
pub(crate) struct InterestAt {
    pub id: i64,
    pub region: crate::domain::Region,
    pub version: i64,
}

#[cfg(feature = "ssr")]
impl From<&crate::domain::Interest> for InterestAt {
    fn from(interest: &crate::domain::Interest) -> InterestAt {
        InterestAt {
            id: interest.id,
            region: interest.region,
            version: interest.version,
        }
    }
}

#[cfg(feature = "ssr")]
impl InterestAt {
    /// The audit entry of a change to this interest based on `version` (what the person
    /// asking was shown), as codes only.
    pub(crate) fn edit<'a>(
        self,
        editor: crate::api::edit::Editor<'a>,
        version: i64,
        action: crate::domain::AuditAction,
        changes: &'a [crate::domain::Change],
    ) -> crate::api::edit::Edit<'a> {
        crate::api::edit::Edit {
            editor,
            owner: crate::domain::AuditOwner::Region(self.region),
            subject: crate::domain::AuditSubject::Interest,
            id: self.id,
            action,
            based_on: version,
            changes,
        }
    }
}

/// Refuses, as every versioned save refuses a stale one, when `interest` is no longer at
/// `version` (what the person asking was shown); nothing is written.
#[cfg(feature = "ssr")]
pub(crate) async fn still_at(
    db: &crate::db::Db,
    tx: &mut crate::db::Tx,
    editor: crate::api::edit::Editor<'_>,
    interest: InterestAt,
    version: i64,
) -> Result<(), AppError> {
    if interest.version == version {
        return Ok(());
    }
    let edit = interest.edit(editor, version, crate::domain::AuditAction::Move, &[]);
    let stale = crate::db::Saved::Stale(interest.version);
    crate::api::edit::settle(db, tx, stale, edit, |_| crate::error::Draft::Nothing, "").await?;
    Ok(())
}

/// Moves interest `id` (shown at `version`) to `stage`; back to the board.
#[server(endpoint = "move_interest")]
pub async fn move_interest(id: i64, version: i64, stage: String) -> Result<(), AppError> {
    use crate::api::edit::settle;
    use crate::domain::interests::may_move;
    use crate::domain::{AuditAction, Change, FieldError};

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let user = actor.coordinator()?;
    let to = Stage::from_code(&stage).ok_or_else(|| {
        AppError::invalid(
            vec![FieldError::new("stage", crate::domain::Problem::Unknown)],
            crate::error::Draft::Nothing,
        )
    })?;
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (interest, placement) = coordinators_interest(&mut tx, user, id).await?;
    still_at(&db, &mut tx, (&actor).into(), (&interest).into(), version).await?;
    may_move(interest.stage, to, placement.is_some())
        .map_err(|problem| AppError::invalid(vec![FieldError::new("stage", problem)], crate::error::Draft::Nothing))?;
    let saved = crate::db::interests::set_stage(&mut tx, id, version, to, None, &now).await?;
    let changes = [Change::new("stage", interest.stage.code(), to.code())];
    let edit = InterestAt::from(&interest).edit((&actor).into(), version, AuditAction::Move, &changes);
    settle(&db, &mut tx, saved, edit, |_| crate::error::Draft::Nothing, &now).await?;
    if let (Stage::Introduced, Some(placement)) = (to, &placement) {
        tell_company(&mut tx, placement.placement_id, &placement.title, &now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Mails the users of the company of placement `placement_id` (`title`) that a candidate
/// waits for them, inside `tx`: no name in the mail, a link to their dashboard.
#[cfg(feature = "ssr")]
pub(crate) async fn tell_company(
    tx: &mut crate::db::Tx,
    placement_id: i64,
    title: &str,
    now: &str,
) -> Result<(), AppError> {
    let site = crate::api::request::site_settings()?;
    let page = format!("{}/beheer#kandidaten", site.public_url.trim_end_matches('/'));
    let message = crate::mail::candidate_introduced(title, &page);
    for email in crate::db::interests::company_users_of(tx, placement_id).await? {
        if let Ok(recipient) = crate::domain::EmailAddress::parse(&email) {
            crate::mail::queue(tx, &recipient, &message, None, now).await?;
        }
    }
    Ok(())
}

/// Closes interest `id` (shown at `version`) with a reason, and mails the student the
/// feedback (the reason's standard text when none was written); back to the board.
#[server(endpoint = "close_interest")]
pub async fn close_interest(id: i64, version: i64, form: CloseForm) -> Result<(), AppError> {
    use crate::api::edit::settle;
    use crate::domain::{AuditAction, Change};

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let user = actor.coordinator()?;
    let closing = form
        .read()
        .map_err(|errors| AppError::invalid(errors, crate::error::Draft::Nothing))?;
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (interest, placement) = coordinators_interest(&mut tx, user, id).await?;
    still_at(&db, &mut tx, (&actor).into(), (&interest).into(), version).await?;
    if interest.stage.is_over() {
        return Err(AppError::Forbidden);
    }
    let closed = Some((closing.reason, closing.declined_by));
    let saved = crate::db::interests::set_stage(&mut tx, id, version, Stage::Closed, closed, &now).await?;
    let changes = [
        Change::new("stage", interest.stage.code(), Stage::Closed.code()),
        Change::new("close_reason", "", closing.reason.code()),
        Change::new("declined_by", "", closing.declined_by.code()),
    ];
    let edit = InterestAt::from(&interest).edit((&actor).into(), version, AuditAction::Close, &changes);
    settle(&db, &mut tx, saved, edit, |_| crate::error::Draft::Nothing, &now).await?;
    tell_closed(
        &mut tx,
        &interest,
        placement.as_ref(),
        closing.reason,
        closing.feedback.as_deref(),
        &now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Mails the student of `interest` that it was closed for `reason`, naming the placement
/// or else the orientation day the student said it on.
#[cfg(feature = "ssr")]
async fn tell_closed(
    tx: &mut crate::db::Tx,
    interest: &crate::domain::Interest,
    placement: Option<&crate::domain::interests::InterestPlacement>,
    reason: crate::domain::CloseReason,
    feedback: Option<&str>,
    now: &str,
) -> Result<(), AppError> {
    let title = match (placement, &interest.event) {
        (Some(p), _) => p.title.as_str(),
        (None, Some(event)) => event.title_nl.as_str(),
        (None, None) => "",
    };
    let message = crate::mail::interest_closed(&interest.first_name, title, interest.region, reason, feedback);
    let recipient = crate::domain::EmailAddress::parse(&interest.email).map_err(|_| AppError::Internal)?;
    crate::mail::queue_about_interest(tx, &recipient, &message, interest.id, now).await?;
    Ok(())
}

/// The name the change log gives the retention rules when they close an interest.
pub const RETENTION_ACTOR: &str = "Techkaart (bewaartermijn)";

/// Closes every interest left on its way (in any stage that is not over) that nobody moved
/// for `retention::IDLE_DAYS` and that is not kept for next season: as "not reachable",
/// with the student told by mail and the change log saying the retention rules did it.
/// The company stops seeing it at once, and it is deleted four weeks later with the other
/// closed ones. Run by the server's hourly purge; returns how many it closed.
#[cfg(feature = "ssr")]
pub async fn close_idle_interests(db: &crate::db::Db, now: crate::domain::Instant) -> Result<usize, AppError> {
    use crate::domain::interests::retention;
    use crate::domain::{AuditAction, Change, CloseReason, DeclinedBy};

    let idle_before = now.plus_seconds(-retention::IDLE_DAYS * 86_400).stored();
    let stamp = now.stored();
    let mut closed = 0;
    for id in crate::db::interests::idle_on_the_way(db, &idle_before, &stamp).await? {
        let mut tx = db.begin().await?;
        let Some((interest, placement)) = crate::db::interests::counted_in(&mut tx, id).await? else {
            continue;
        };
        let reason = (CloseReason::NotReachable, DeclinedBy::Nobody);
        if interest.stage.is_over() {
            continue;
        }
        let saved =
            crate::db::interests::set_stage(&mut tx, id, interest.version, Stage::Closed, Some(reason), &stamp).await?;
        // Moved meanwhile (the version changed): no longer idle, left alone.
        if !matches!(saved, crate::db::Saved::Done(_)) {
            continue;
        }
        let changes = [
            Change::new("stage", interest.stage.code(), Stage::Closed.code()),
            Change::new("close_reason", "", reason.0.code()),
            Change::new("declined_by", "", reason.1.code()),
        ];
        let edit = InterestAt::from(&interest).edit(
            crate::api::edit::Editor::Named(RETENTION_ACTOR),
            interest.version,
            AuditAction::Close,
            &changes,
        );
        crate::api::edit::settle(db, &mut tx, saved, edit, |_| crate::error::Draft::Nothing, &stamp).await?;
        tell_closed(&mut tx, &interest, placement.as_ref(), reason.0, None, &stamp).await?;
        tx.commit().await?;
        closed += 1;
    }
    Ok(closed)
}
