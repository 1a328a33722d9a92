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
            <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
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
        Err(AppError::NotFound) => return view! { <NotFound text=t.company.placement_not_found /> }.into_any(),
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let p = &details.placement;
    let qualification = match (&p.qualification, &p.crebo) {
        (Some(name), Some(crebo)) => format!("{name} (crebo {})", crebo.as_str()),
        (Some(name), None) => name.clone(),
        (None, _) => t.words.not_stated.to_owned(),
    };
    let school_days = (p.kind == PlacementKind::Bbl).then(|| {
        let days: Vec<&str> = p.school_days.iter().map(|d| t.words.weekday(*d)).collect();
        if days.is_empty() {
            t.words.not_stated.to_owned()
        } else {
            days.join(", ")
        }
    });
    let start = p
        .start_date
        .map_or_else(|| t.words.not_stated.to_owned(), |day| t.words.day(day));
    let duration = match (p.kind, p.duration_months) {
        (PlacementKind::OrientationDay, _) => t.company.duration_one_day.to_owned(),
        (_, Some(months)) => t.words.months(months),
        (PlacementKind::Job, None) => t.company.duration_permanent.to_owned(),
        (_, None) => t.words.not_stated.to_owned(),
    };
    let summary: String = t.pick(&p.description_nl, &p.description_en).chars().take(160).collect();
    view! {
        <Title text=format!("{} {} {} – {}", p.title, t.company.placement_at, details.company_name, t.site.site_name) />
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
                <span class=format!("kind kind--{}", p.kind.code())>{t.words.kind(p.kind)}</span>
            </p>
        </header>
        {(!p.status.is_open()).then(|| view! { <p class="notice" role="status">{t.company.not_open_notice}</p> })}
        <div class="profile-grid">
            <section class="profile-section" aria-labelledby="details-heading">
                <h2 id="details-heading">{t.company.details_heading}</h2>
                <p>{t.pick(&p.description_nl, &p.description_en).to_owned()}</p>
                <dl class="facts">
                    <dt>{t.labels.kind_label}</dt>
                    <dd>{t.words.kind(p.kind)}</dd>
                    <dt>{t.labels.level_label}</dt>
                    <dd>{t.words.level(p.level)}</dd>
                    <dt>{t.labels.field_label}</dt>
                    <dd>{t.words.field(p.field)}</dd>
                    <dt>{t.labels.qualification_label}</dt>
                    <dd>{qualification}</dd>
                    <dt>{t.company.hours_label}</dt>
                    <dd>{t.words.hours(p.hours_per_week, p.days_per_week)}</dd>
                    {school_days.map(|days| view! {
                        <dt>{t.labels.school_days_label}</dt>
                        <dd>{days}</dd>
                    })}
                    <dt>{t.labels.start_label}</dt>
                    <dd>{start}</dd>
                    <dt>{t.company.duration_label}</dt>
                    <dd>{duration}</dd>
                    <dt>{t.labels.places_label}</dt>
                    <dd>{t.words.places(p.places)}</dd>
                    <dt>{t.company.pay_label}</dt>
                    <dd>{t.words.pay(p.pay_min_eur, p.pay_max_eur)}</dd>
                    <dt>{t.labels.status_label}</dt>
                    <dd>{t.words.status(p.status)}</dd>
                    <dt>{t.labels.last_confirmed_label}</dt>
                    <dd>{t.words.day(p.last_confirmed_on)}</dd>
                </dl>
            </section>
            <section class="profile-section" aria-labelledby="apply-heading">
                <h2 id="apply-heading">{t.company.apply_heading}</h2>
                <p>{t.company.apply_text}</p>
                <ContactDetails
                    name=details.contact_name.clone()
                    email=details.contact_email.clone()
                    phone=details.contact_phone.clone()
                    website=details.website.clone()
                />
                <p>
                    <a class="button" href=company_href(&details.company_slug)>{t.company.to_company}</a>
                </p>
            </section>
        </div>
    }
    .into_any()
}
