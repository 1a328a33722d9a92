//! Loading data: the fictional demo set for a first run, and generated sets for benchmarks.
//!
//! Both go through the same validation and the same `app::db` insert functions as every
//! other write, in one transaction, so a failure leaves the database as it was.

mod demo;
mod events;
mod interests;
mod synthetic;
mod templates;

use anyhow::{Context, bail};
use app::db::{self, Db};
use app::domain::{NewCompany, NewPlacement};

/// How much a seed loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub companies: usize,
    pub placements: usize,
    pub events: usize,
    pub interests: usize,
}

/// Loads the demo companies, placements and events. Refused unless the database has no
/// companies, so demo data never mixes with real data.
pub async fn demo(db: &Db) -> anyhow::Result<Loaded> {
    let existing = db::companies::count_companies(db).await?;
    if existing > 0 {
        bail!("the database already has {existing} companies; demo data is only loaded into an empty database");
    }
    let mut loaded = load(db, &demo_data(db::today()), Some(db::today())).await?;
    let placements = db::interests::placements_taking_interest(db).await?;
    let orientation_days = db::interests::orientation_days_taking_interest(db, &db::now_timestamp()).await?;
    loaded.interests = interests::load(db, &placements, &orientation_days, db::now_instant()).await?;
    Ok(loaded)
}

/// Adds `count` generated companies with 1 to `max_placements` placements each,
/// reproducibly (the same arguments give the same data). Slugs continue after the
/// companies already there.
pub async fn synthetic(db: &Db, count: u32, max_placements: u8) -> anyhow::Result<Loaded> {
    let existing = db::companies::count_companies(db).await?;
    let first = usize::try_from(existing).context("company count out of range")?;
    load(
        db,
        &synthetic::companies(first, count as usize, usize::from(max_placements), db::today()),
        None,
    )
    .await
}

pub use synthetic::DEFAULT_MAX_PLACEMENTS;

/// The demo companies and placements as `seed --demo` stores them, dated from `today`.
pub fn demo_data(today: app::domain::Day) -> Vec<(NewCompany, Vec<NewPlacement>)> {
    demo::companies(today)
}

/// Stores `companies` with their placements and, from `events_from` on, the demo events.
async fn load(
    db: &Db,
    companies: &[(NewCompany, Vec<NewPlacement>)],
    events_from: Option<app::domain::Day>,
) -> anyhow::Result<Loaded> {
    let now = db::now_timestamp();
    let mut tx = db.begin().await?;
    let mut loaded = Loaded {
        companies: 0,
        placements: 0,
        events: 0,
        interests: 0,
    };
    let mut ids = std::collections::HashMap::new();
    for (company, placements) in companies {
        company
            .validate()
            .map_err(|errors| anyhow::anyhow!("company {:?} is invalid: {errors:?}", company.name))?;
        let id = db::companies::insert_company(&mut tx, company, &now)
            .await
            .with_context(|| format!("cannot store company {:?}", company.name))?;
        ids.insert(company.name.as_str(), (id, company));
        for placement in placements {
            placement
                .validate()
                .map_err(|errors| anyhow::anyhow!("placement {:?} is invalid: {errors:?}", placement.title))?;
            db::placements::insert_placement(&mut tx, id, placement, &now)
                .await
                .with_context(|| format!("cannot store placement {:?}", placement.title))?;
            loaded.placements += 1;
        }
        loaded.companies += 1;
    }
    if let Some(today) = events_from {
        let venue = |name: &str| {
            let (_, company) = ids.get(name)?;
            Some(app::domain::Venue {
                name: company.name.clone(),
                street_address: company.street_address.clone(),
                postcode: company.postcode.clone(),
                town: company.town.clone(),
                municipality: app::domain::Municipality::from_code(&company.municipality)?,
                latitude: company.latitude,
                longitude: company.longitude,
            })
        };
        for (company, event, cancelled) in events::events(today, venue) {
            let company_id = company.and_then(|name| ids.get(name)).map(|(id, _)| *id);
            let id = db::events::insert_event(&mut tx, company_id, &event, &now)
                .await
                .with_context(|| format!("cannot store event {:?}", event.title_nl))?;
            if let Some(reason) = cancelled {
                db::events::set_event_state(
                    &mut tx,
                    id,
                    1,
                    app::domain::EventStatus::Cancelled,
                    Some(reason),
                    false,
                    event.region(),
                    &now,
                )
                .await?;
            }
            loaded.events += 1;
        }
    }
    tx.commit().await?;
    Ok(loaded)
}
