//! `/bedrijven/{slug}/plekken/{id}`: one placement with every detail.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::company::ContactDetails;
use super::not_found::NotFound;
use crate::api::placements::get_placement;
use crate::components::{ErrorMessage, Layout, company_href};
use crate::domain::{PlacementDetails, PlacementKind};
use crate::error::AppError;
use crate::i18n::texts;

/// Kind, level, qualification, hours, school day, start, duration, places, pay, and how
/// to contact the company.
#[component]
pub fn PlacementPage() -> impl IntoView {
    let t = texts();
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get("slug").unwrap_or_default(),
                p.get("id").and_then(|id| id.parse::<i64>().ok()),
            )
        })
    });
    let placement = Resource::new(
        move || key.get(),
        |(slug, id)| async move {
            match id {
                Some(id) => get_placement(slug, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Layout>
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || Suspend::new(async move { view! { <PlacementView result=placement.await /> } })}
            </Suspense>
        </Layout>
    }
}

#[component]
fn PlacementView(result: Result<PlacementDetails, AppError>) -> impl IntoView {
    let t = texts();
    let details = match result {
        Ok(details) => details,
        Err(AppError::NotFound) => return view! { <NotFound text=t.placement_not_found /> }.into_any(),
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let p = &details.placement;
    let qualification = match (&p.qualification, &p.crebo) {
        (Some(name), Some(crebo)) => format!("{name} (crebo {})", crebo.as_str()),
        (Some(name), None) => name.clone(),
        (None, _) => t.not_stated.to_owned(),
    };
    let school_days = (p.kind == PlacementKind::Bbl).then(|| {
        let days: Vec<&str> = p.school_days.iter().map(|d| t.weekday(*d)).collect();
        if days.is_empty() {
            t.not_stated.to_owned()
        } else {
            days.join(", ")
        }
    });
    let start = p.start_date.map_or_else(|| t.not_stated.to_owned(), |day| t.day(day));
    let duration = match (p.kind, p.duration_months) {
        (PlacementKind::OrientationDay, _) => t.duration_one_day.to_owned(),
        (_, Some(months)) => t.months(months),
        (PlacementKind::Job, None) => t.duration_permanent.to_owned(),
        (_, None) => t.not_stated.to_owned(),
    };
    let summary: String = t.pick(&p.description_nl, &p.description_en).chars().take(160).collect();
    view! {
        <Title text=format!("{} {} {} – {}", p.title, t.placement_at, details.company_name, t.site_name) />
        <Meta name="description" content=summary />
        <p class="back-link">
            <a href=company_href(&details.company_slug)>"← " {details.company_name.clone()}</a>
        </p>
        <header class="profile-head">
            <h1>{p.title.clone()}</h1>
            <p class="profile-head__place">
                <a href=company_href(&details.company_slug)>{details.company_name.clone()}</a> ", " {details.town.clone()}
            </p>
            <p>
                <span class=format!("kind kind--{}", p.kind.code())>{t.kind(p.kind)}</span>
            </p>
        </header>
        {(!p.status.is_open()).then(|| view! { <p class="notice" role="status">{t.not_open_notice}</p> })}
        <div class="profile-grid">
            <section class="profile-section" aria-labelledby="details-heading">
                <h2 id="details-heading">{t.details_heading}</h2>
                <p>{t.pick(&p.description_nl, &p.description_en).to_owned()}</p>
                <dl class="facts">
                    <dt>{t.kind_label}</dt>
                    <dd>{t.kind(p.kind)}</dd>
                    <dt>{t.level_label}</dt>
                    <dd>{t.level(p.level)}</dd>
                    <dt>{t.field_label}</dt>
                    <dd>{t.field(p.field)}</dd>
                    <dt>{t.qualification_label}</dt>
                    <dd>{qualification}</dd>
                    <dt>{t.hours_label}</dt>
                    <dd>{t.hours(p.hours_per_week, p.days_per_week)}</dd>
                    {school_days.map(|days| view! {
                        <dt>{t.school_days_label}</dt>
                        <dd>{days}</dd>
                    })}
                    <dt>{t.start_label}</dt>
                    <dd>{start}</dd>
                    <dt>{t.duration_label}</dt>
                    <dd>{duration}</dd>
                    <dt>{t.places_label}</dt>
                    <dd>{t.places(p.places)}</dd>
                    <dt>{t.pay_label}</dt>
                    <dd>{t.pay(p.pay_min_eur, p.pay_max_eur)}</dd>
                    <dt>{t.status_label}</dt>
                    <dd>{t.status(p.status)}</dd>
                    <dt>{t.last_confirmed_label}</dt>
                    <dd>{t.day(p.last_confirmed_on)}</dd>
                </dl>
            </section>
            <section class="profile-section" aria-labelledby="apply-heading">
                <h2 id="apply-heading">{t.apply_heading}</h2>
                <p>{t.apply_text}</p>
                <ContactDetails
                    name=details.contact_name.clone()
                    email=details.contact_email.clone()
                    phone=details.contact_phone.clone()
                    website=details.website.clone()
                />
                <p>
                    <a class="button" href=company_href(&details.company_slug)>{t.to_company}</a>
                </p>
            </section>
        </div>
    }
    .into_any()
}
