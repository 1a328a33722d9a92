//! The coordinator's suggestions: for an interest nobody was introduced to yet, the open
//! placements of its region that fit (best first, with why); for an open placement, the
//! waiting interests that fit it. Suggestions change nothing: the coordinator introduces
//! a student to one with a click, which is a stage change like any other (versioned,
//! audited as ids and stage codes, and the company is mailed).

use leptos::prelude::*;

use crate::domain::fit::{Fit, Offer};
use crate::domain::{BoardItem, Instant};
use crate::error::AppError;

/// One interest with the placements that fit it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InterestSuggestions {
    pub item: BoardItem,
    /// Empty once the student was introduced somewhere (suggestions are for "interest"
    /// and "in review").
    pub suggestions: Vec<(Offer, Fit)>,
    pub now: Instant,
}

/// Interest `id` of the coordinator's region with the open placements that fit it.
#[server(endpoint = "interest_match")]
pub async fn interest_match(id: i64) -> Result<InterestSuggestions, AppError> {
    use crate::domain::fit::{Seeker, suggest};
    let db = crate::db::from_context()?;
    let user = crate::api::request::actor(&db).await?.coordinator()?.clone();
    let query = crate::db::interests::BoardQuery {
        region: user.region,
        interest_id: Some(id),
        ..Default::default()
    };
    let item = crate::db::interests::board(&db, &query)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let suggestions = if item.interest.stage.is_unplaced() {
        let offers = crate::db::interests::open_offers(&db, Some(item.interest.region), None).await?;
        let areas = crate::db::interests::postcode_areas(&db).await?;
        let seeker = Seeker::of(&item.interest, item.placement.as_ref(), &areas);
        let current = item.placement.as_ref().map(|p| p.placement_id);
        suggest(&seeker, offers, current, crate::db::today())
    } else {
        Vec::new()
    };
    Ok(InterestSuggestions {
        item,
        suggestions,
        now: crate::db::now_instant(),
    })
}

/// One open placement with the waiting interests that fit it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlacementCandidates {
    pub offer: Offer,
    pub candidates: Vec<(BoardItem, Fit)>,
    pub now: Instant,
}

/// Open placement `id` of the coordinator's region with the interests in "interest" or
/// "in review" that fit it.
#[server(endpoint = "placement_match")]
pub async fn placement_match(id: i64) -> Result<PlacementCandidates, AppError> {
    use crate::domain::fit::{Seeker, seekers_for};
    let db = crate::db::from_context()?;
    let user = crate::api::request::actor(&db).await?.coordinator()?.clone();
    let offer = crate::db::interests::open_offers(&db, user.region, Some(id))
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    // The students of the placement's own region: only they can be introduced to it.
    let query = crate::db::interests::BoardQuery {
        region: Some(offer.region),
        unplaced: true,
        ..Default::default()
    };
    let mut items: Vec<Option<BoardItem>> = crate::db::interests::board(&db, &query)
        .await?
        .into_iter()
        .map(Some)
        .collect();
    let areas = crate::db::interests::postcode_areas(&db).await?;
    // Keyed by place on the board (longest waiting first), which also breaks ties.
    let seekers = items
        .iter()
        .enumerate()
        .filter_map(|(at, item)| {
            item.as_ref()
                .map(|item| (at, Seeker::of(&item.interest, item.placement.as_ref(), &areas)))
        })
        .collect();
    let candidates = seekers_for(&offer, seekers, crate::db::today())
        .into_iter()
        .filter_map(|(at, fit)| items[at].take().map(|item| (item, fit)))
        .collect();
    Ok(PlacementCandidates {
        offer,
        candidates,
        now: crate::db::now_instant(),
    })
}

/// Introduces the student of interest `id` (shown at `version`, in "interest" or "in
/// review") to open placement `placement` of the same region: the interest is about that
/// placement from now on and moves to "introduced"; the company's users are mailed.
#[server(endpoint = "introduce_interest")]
pub async fn introduce_interest(id: i64, version: i64, placement: i64) -> Result<(), AppError> {
    use crate::api::board::{InterestAt, coordinators_interest, still_at, tell_company};
    use crate::api::edit::settle;
    use crate::domain::{AuditAction, Change, FieldError, Problem, Stage};

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let user = actor.coordinator()?;
    let refuse = |problem| {
        AppError::invalid(
            vec![FieldError::new("placement", problem)],
            crate::error::Draft::Nothing,
        )
    };
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (interest, before) = coordinators_interest(&mut tx, user, id).await?;
    still_at(&db, &mut tx, (&actor).into(), (&interest).into(), version).await?;
    if !interest.stage.is_unplaced() {
        return Err(AppError::invalid(
            vec![FieldError::new("stage", Problem::Unknown)],
            crate::error::Draft::Nothing,
        ));
    }
    // Only an open placement of the interest's own region.
    let offer = crate::db::interests::open_offers(&db, Some(interest.region), Some(placement))
        .await?
        .pop()
        .ok_or_else(|| refuse(Problem::Unknown))?;
    let saved = crate::db::interests::introduce(&mut tx, id, version, offer.placement_id, &now).await?;
    let was = before.as_ref().map(|p| p.placement_id.to_string()).unwrap_or_default();
    let changes = [
        Change::new("placement", was, offer.placement_id.to_string()),
        Change::new("stage", interest.stage.code(), Stage::Introduced.code()),
    ];
    let edit = InterestAt::from(&interest).edit((&actor).into(), version, AuditAction::Move, &changes);
    settle(&db, &mut tx, saved, edit, |_| crate::error::Draft::Nothing, &now).await?;
    tell_company(&mut tx, offer.placement_id, &offer.title, &now).await?;
    tx.commit().await?;
    Ok(())
}
