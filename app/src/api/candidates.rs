//! A company's candidates: the students the coordinator introduced to one of its
//! placements. The company sees first name, school, programme, age band, start month and
//! motivation; contact details only once the student chose one of the moments it proposed
//! to meet (`api::interests::accept_meeting`). It proposes moments to meet (which the
//! student is mailed, with a fresh link to their page), marks a trial day, an agreement and the start, or
//! declines with a reason (the student gets an answer). Each is a stage change on the
//! coordinator's board, versioned and in the change log as codes.

use leptos::prelude::*;

use crate::domain::{Candidate, CandidateAnswer};
use crate::error::AppError;

/// The logged-in company's candidates.
#[server(endpoint = "company_candidates")]
pub async fn company_candidates() -> Result<Vec<Candidate>, AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let company = actor.company()?;
    Ok(crate::db::interests::company_candidates(&db, company.company_id).await?)
}

/// The company's answer about candidate `id` (shown at `version`): `meeting_times` with
/// "meet", `reason` (a close reason's code) with "decline". Back to the dashboard.
#[server(endpoint = "answer_candidate")]
pub async fn answer_candidate(
    id: i64,
    version: i64,
    answer: CandidateAnswer,
    #[server(default)] meeting_times: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::domain::interests::{COMPANY_DECLINE_REASONS, MEETING_TIMES_MAX};
    use crate::domain::{AuditAction, Change, CloseReason, DeclinedBy, EmailAddress, FieldError, Problem, Stage};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let company = actor.company()?;
    let refuse =
        |field: &str, problem: Problem| AppError::invalid(vec![FieldError::new(field, problem)], Draft::Nothing);
    let times = meeting_times.trim();
    let reason = match answer {
        CandidateAnswer::Decline => Some(
            CloseReason::from_code(&reason)
                .filter(|r| COMPANY_DECLINE_REASONS.contains(r))
                .ok_or_else(|| {
                    refuse(
                        "reason",
                        if reason.is_empty() {
                            Problem::Required
                        } else {
                            Problem::Unknown
                        },
                    )
                })?,
        ),
        _ => None,
    };
    if answer == CandidateAnswer::Meet {
        if times.is_empty() {
            return Err(refuse("meeting_times", Problem::Required));
        }
        if times.chars().count() > MEETING_TIMES_MAX {
            return Err(refuse("meeting_times", Problem::TooLong));
        }
    }
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (candidate, region) = crate::db::interests::candidate_in(&mut tx, company.company_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = crate::api::board::InterestAt {
        id,
        region,
        version: candidate.version,
    };
    crate::api::board::still_at(&db, &mut tx, (&actor).into(), at, version).await?;
    let to = answer
        .moves(candidate.stage)
        .ok_or_else(|| refuse("answer", Problem::Unknown))?;
    let closed = reason.map(|reason| (reason, DeclinedBy::Company));
    let saved = crate::db::interests::set_stage(&mut tx, id, version, to, closed, &now).await?;
    if answer == CandidateAnswer::Meet && matches!(saved, crate::db::Saved::Done(_)) {
        crate::db::interests::set_meeting_times(&mut tx, id, times).await?;
    }
    let mut changes = vec![Change::new("stage", candidate.stage.code(), to.code())];
    if let Some(reason) = reason {
        changes.push(Change::new("close_reason", "", reason.code()));
        changes.push(Change::new("declined_by", "", DeclinedBy::Company.code()));
    }
    let action = if to == Stage::Closed {
        AuditAction::Close
    } else {
        AuditAction::Move
    };
    let edit = at.edit((&actor).into(), version, action, &changes);
    crate::api::edit::settle(&db, &mut tx, saved, edit, |_| Draft::Nothing, &now).await?;
    // The student hears of a meeting and of a "no"; the rest they agree with the company.
    let company_name = crate::db::accounts::company_region(&db, company.company_id)
        .await?
        .map(|(_, name)| name)
        .unwrap_or_default();
    let message = match (answer, reason) {
        (CandidateAnswer::Meet, _) => {
            // A fresh link to the student's page, where they choose a moment.
            let token = crate::auth::random_token();
            crate::db::interests::renew_link(&mut tx, id, &crate::auth::token_hash(&token)).await?;
            let site = crate::api::request::site_settings()?;
            let link = format!("{}/mijn-interesse/{token}", site.public_url.trim_end_matches('/'));
            Some(crate::mail::meeting_proposed(
                &candidate.first_name,
                &candidate.placement_title,
                &company_name,
                times,
                &link,
            ))
        }
        (CandidateAnswer::Decline, Some(reason)) => Some(crate::mail::interest_closed(
            &candidate.first_name,
            &candidate.placement_title,
            region,
            reason,
            None,
        )),
        _ => None,
    };
    if let Some(message) = message {
        let email = crate::db::interests::email_of(&mut tx, id).await?;
        let recipient = EmailAddress::parse(&email).map_err(|_| AppError::Internal)?;
        crate::mail::queue_about_interest(&mut tx, &recipient, &message, id, &now).await?;
    }
    tx.commit().await?;
    leptos_axum::redirect("/beheer#kandidaten");
    Ok(())
}
