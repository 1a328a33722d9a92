//! One versioned save for everything a person changes (server only): placements, company
//! profiles, events, SBB recognition, logos, kiosk screens and students' interests. A
//! write names the version it was based on and either saved (`Saved::Done`), found that
//! someone saved in between (`Saved::Stale`) or found nothing (`Saved::Missing`).
//! `settle` does the rest the same way everywhere: record the audit entry, or answer with
//! what others saved since, with the person's draft so nothing typed is lost. `finish` is
//! `settle` and the commit, for the saves that do nothing more in the same transaction
//! (interests still mail the company or the student before they commit).
//!
//! What an edit changes is decided in `domain` (`PlacementForm::read`,
//! `PlacementAction::apply`, `ProfileForm::read`, `ScreenSettings::changes_to`); this
//! module only finishes it.

use crate::db::audit::{NewAuditEntry, record};
use crate::db::{Db, Saved, Tx};
use crate::domain::audit::STUDENT_ACTOR;
use crate::domain::{Actor, AuditAction, AuditEntry, AuditSubject, Change};
use crate::error::{AppError, Draft, Refusal};

/// Who made an edit, as the audit log names them.
#[derive(Clone, Copy)]
pub enum Editor<'a> {
    /// A signed-in person: a coordinator, a company user or a teacher.
    Account(&'a Actor),
    /// No account: a student by the link in their mail (`STUDENT_ACTOR`), or Techkaart's
    /// own rules (the retention rules); the log names them by this name.
    Named(&'static str),
}

impl Editor<'_> {
    /// A student by the link in their mail.
    pub const STUDENT: Editor<'static> = Editor::Named(STUDENT_ACTOR);
}

impl<'a> From<&'a Actor> for Editor<'a> {
    fn from(actor: &'a Actor) -> Editor<'a> {
        Editor::Account(actor)
    }
}

/// Who changed what, as the audit log records it.
pub struct Edit<'a> {
    pub editor: Editor<'a>,
    pub owner: crate::domain::AuditOwner,
    pub subject: AuditSubject,
    pub id: i64,
    pub action: AuditAction,
    /// The version the edit started from.
    pub based_on: i64,
    pub changes: &'a [Change],
}

/// Settles the save `saved` made in `tx` without committing: records the audit entry and
/// returns the new version, or refuses. `draft` gets the current version, for a form
/// filled in again from the conflict. On a refusal the caller drops `tx`, which rolls back.
pub async fn settle(
    db: &Db,
    tx: &mut Tx,
    saved: Saved,
    edit: Edit<'_>,
    draft: impl FnOnce(i64) -> Draft,
    now: &str,
) -> Result<i64, AppError> {
    match saved {
        Saved::Done(version) => {
            let (user_id, actor) = match edit.editor {
                Editor::Account(actor) => {
                    let account = actor.signed_in()?;
                    (Some(account.id), account.email.as_str())
                }
                Editor::Named(name) => (None, name),
            };
            let entry = NewAuditEntry {
                user_id,
                actor,
                owner: edit.owner,
                subject: edit.subject,
                subject_id: edit.id,
                action: edit.action,
                version,
                changes: edit.changes,
            };
            record(tx, &entry, now).await?;
            Ok(version)
        }
        Saved::Stale(current) => Err(conflict(db, &edit, current, draft(current)).await),
        Saved::Missing => Err(AppError::NotFound),
    }
}

/// `settle` and, when it saved, the commit: returns the new version, or the refusal.
pub async fn finish(
    db: &Db,
    mut tx: Tx,
    saved: Saved,
    edit: Edit<'_>,
    draft: impl FnOnce(i64) -> Draft,
    now: &str,
) -> Result<i64, AppError> {
    let version = settle(db, &mut tx, saved, edit, draft, now).await?;
    tx.commit().await?;
    Ok(version)
}

/// The refusal of `edit`, whose subject is at `current` now: what others saved since,
/// with the person's draft. A company user sees coordinators named by role; a student
/// (or a rule) sees no one's entries, only that it changed.
async fn conflict(db: &Db, edit: &Edit<'_>, current: i64, draft: Draft) -> AppError {
    let saved_since = match edit.editor {
        Editor::Named(_) => Ok(Vec::new()),
        Editor::Account(actor) => crate::db::audit::entries_since(db, edit.subject, edit.id, edit.based_on)
            .await
            .map(|entries| match actor.is_company() {
                true => entries.into_iter().map(AuditEntry::as_seen_by_company).collect(),
                false => entries,
            }),
    };
    let saved_since = match saved_since {
        Ok(entries) => entries,
        Err(error) => return error.into(),
    };
    tracing::info!(
        subject = edit.subject.code(),
        id = edit.id,
        based_on = edit.based_on,
        current,
        "an edit of an older version was refused"
    );
    AppError::Refused(Box::new(Refusal {
        errors: Vec::new(),
        stale: true,
        saved_since,
        draft,
    }))
}
