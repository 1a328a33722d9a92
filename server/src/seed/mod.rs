//! Loading data: the fictional demo set for a first run, and generated sets for benchmarks.
//!
//! Both go through the same validation and the same `app::db` insert functions as every
//! other write, in one transaction, so a failure leaves the database as it was.

mod demo;
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
}

/// Loads the demo companies and placements. Refused unless the database has no companies,
/// so demo data never mixes with real data.
pub async fn demo(db: &Db) -> anyhow::Result<Loaded> {
    let existing = db::companies::count_companies(db).await?;
    if existing > 0 {
        bail!("the database already has {existing} companies; demo data is only loaded into an empty database");
    }
    load(db, &demo_data(db::today())).await
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
    )
    .await
}

pub use synthetic::DEFAULT_MAX_PLACEMENTS;

/// The demo companies and placements as `seed --demo` stores them, dated from `today`.
pub fn demo_data(today: app::domain::Day) -> Vec<(NewCompany, Vec<NewPlacement>)> {
    demo::companies(today)
}

async fn load(db: &Db, companies: &[(NewCompany, Vec<NewPlacement>)]) -> anyhow::Result<Loaded> {
    let now = db::now_timestamp();
    let mut tx = db.begin().await?;
    let mut loaded = Loaded {
        companies: 0,
        placements: 0,
    };
    for (company, placements) in companies {
        company
            .validate()
            .map_err(|errors| anyhow::anyhow!("company {:?} is invalid: {errors:?}", company.name))?;
        let id = db::companies::insert_company(&mut tx, company, &now)
            .await
            .with_context(|| format!("cannot store company {:?}", company.name))?;
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
    tx.commit().await?;
    Ok(loaded)
}
