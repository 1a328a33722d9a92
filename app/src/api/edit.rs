//! One versioned save for placements, company profiles, events, SBB recognition and logos
//! (server only; screens and interests still finish their own saves). A write names the version it was
//! based on and either saved (`Saved::Done`) or found that someone saved in between
//! (`Saved::Stale`). `finish` does the rest the same way everywhere: record the audit
//! entry and commit, or roll back and answer with what others saved since, with the
//! person's draft so nothing typed is lost.
//!
//! What an edit changes is decided in `domain` (`PlacementForm::read`,
//! `PlacementAction::apply`, `ProfileForm::read`); this module only finishes it.

use crate::db::audit::{NewAuditEntry, record};
use crate::db::{Db, Saved, Tx};
use crate::domain::{AuditAction, AuditEntry, AuditSubject, Change};
use crate::error::{AppError, Draft, Refusal};

/// Who changed what, as the audit log records it.
pub struct Edit<'a> {
    pub editor: &'a crate::domain::Actor,
    pub owner: crate::domain::AuditOwner,
    pub subject: AuditSubject,
    pub id: i64,
    pub action: AuditAction,
    /// The version the edit started from.
    pub based_on: i64,
    pub changes: &'a [Change],
}

/// Finishes the save `saved` made in `tx`: returns the new version, or the refusal.
/// `draft` gets the current version, for a form filled in again from the conflict.
pub async fn finish(
    db: &Db,
    mut tx: Tx,
    saved: Saved,
    edit: Edit<'_>,
    draft: impl FnOnce(i64) -> Draft,
    now: &str,
) -> Result<i64, AppError> {
    match saved {
        Saved::Done(version) => {
            let account = edit.editor.signed_in()?;
            let entry = NewAuditEntry {
                user_id: Some(account.id),
                actor: &account.email,
                owner: edit.owner,
                subject: edit.subject,
                subject_id: edit.id,
                action: edit.action,
                version,
                changes: edit.changes,
            };
            record(&mut tx, &entry, now).await?;
            tx.commit().await?;
            Ok(version)
        }
        Saved::Stale(current) => {
            drop(tx);
            let company_user = edit.editor.is_company();
            Err(conflict(
                db,
                edit.subject,
                edit.id,
                edit.based_on,
                current,
                draft(current),
                company_user,
            )
            .await)
        }
        Saved::Missing => Err(AppError::NotFound),
    }
}

/// The refusal of a change based on version `based_on` of `subject` `id`, which is at
/// `current` now: what others saved since, with the person's draft (for a company user,
/// coordinators named by role).
async fn conflict(
    db: &Db,
    subject: AuditSubject,
    id: i64,
    based_on: i64,
    current: i64,
    draft: Draft,
    company_user: bool,
) -> AppError {
    let saved_since = match crate::db::audit::entries_since(db, subject, id, based_on).await {
        Ok(entries) if company_user => entries.into_iter().map(AuditEntry::as_seen_by_company).collect(),
        Ok(entries) => entries,
        Err(error) => return error.into(),
    };
    tracing::info!(
        subject = subject.code(),
        id,
        based_on,
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
