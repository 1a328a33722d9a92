//! What a TV shows: its pairing code with a QR code to claim it, or its slides built from the
//! current catalog (the region in numbers, coming events, the freshest open placements).

use crate::api::screens::{EVENTS_KEPT, ON_DAYS_CARRIED, PairingView, SLIDES_PER_KIND, ScreenShow, Slide};
use crate::auth::SiteSettings;
use crate::db::Db;
use crate::domain::{Instant, PairingCode, Screen, ScreenShows};
use crate::error::AppError;

/// The code on the TV, with the address a phone opens to pair it.
pub fn pairing_view(site: &SiteSettings, code: PairingCode, expires_at: Instant) -> Result<PairingView, AppError> {
    let claim_url = format!("{}/beheer/schermen/koppel?code={}", site.public_url, code.as_str());
    let qr_svg = crate::qr::inline_svg(&claim_url, "QR").ok_or(AppError::Internal)?;
    Ok(PairingView {
        code,
        claim_url,
        qr_svg,
        expires_at,
    })
}

/// The slides of `screen` from the current catalog: the region (or the company) in
/// numbers, its coming events, its freshest open placements.
pub async fn show(db: &Db, screen: &Screen, now: Instant, site: &SiteSettings) -> Result<ScreenShow, AppError> {
    let snapshot = crate::catalog::current(db).await?;
    let shows = screen.settings.shows;
    let own_company = |company_id: Option<i64>| screen.company_id.is_none_or(|own| company_id == Some(own));
    let events: Vec<_> = snapshot
        .events
        .iter()
        .filter(|e| e.region() == screen.region && e.event.times.end > now)
        // A lobby shows its own company's events and those of the region itself.
        .filter(|e| screen.company_id.is_none() || e.company_id().is_none() || own_company(e.company_id()))
        .collect();
    let mut placements: Vec<_> = snapshot
        .companies
        .iter()
        .filter(|c| c.municipality.region() == screen.region && own_company(Some(c.id)))
        .flat_map(|c| c.placements.iter().map(move |p| (c, p)))
        .collect();
    placements.sort_by(|(_, a), (_, b)| b.last_confirmed_on.cmp(&a.last_confirmed_on).then(b.id.cmp(&a.id)));
    let (companies, open_places) = match screen.company_id {
        None => snapshot
            .regions
            .iter()
            .find(|r| r.region == screen.region)
            .map_or((0, 0), |r| (r.companies_with_open_placements, r.open_placements)),
        Some(_) => (i64::from(!placements.is_empty()), placements.len() as i64),
    };
    let mut slides = vec![Slide::Region {
        region: screen.region,
        companies,
        open_places,
        events: events.len(),
    }];
    if shows != ScreenShows::Placements {
        for event in events.iter().take(EVENTS_KEPT) {
            let url = format!("{}/evenementen/{}", site.public_url, event.id);
            let qr_svg = crate::qr::inline_svg(&url, "QR").ok_or(AppError::Internal)?;
            slides.push(Slide::Event {
                event: Box::new((*event).clone()),
                qr_svg,
            });
        }
    }
    if shows != ScreenShows::Events {
        for (company, placement) in placements.iter().take(SLIDES_PER_KIND) {
            let url = format!(
                "{}{}",
                site.public_url,
                crate::components::placement_href(&company.slug, placement.id)
            );
            let qr_svg = crate::qr::inline_svg(&url, "QR").ok_or(AppError::Internal)?;
            slides.push(Slide::Placement {
                id: placement.id,
                kind: placement.kind,
                level: placement.level,
                title: placement.title.clone(),
                company: company.name.clone(),
                town: company.town.clone(),
                qr_svg,
            });
        }
    }
    Ok(ScreenShow {
        orientation: screen.settings.orientation,
        region: screen.region,
        company_name: screen.company_name.clone(),
        slides,
        on_windows: screen.settings.on_hours.windows(now, ON_DAYS_CARRIED),
        build: site.build.clone(),
        now,
    })
}
