//! `/bedrijven/{slug}`: a company's public page.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::not_found::NotFound;
use crate::api::companies::get_company;
use crate::components::{ErrorMessage, Layout, LocationMap, placement_href};
use crate::domain::{CompanyProfile, PlacementStatus, PlacementSummary};
use crate::error::AppError;
use crate::i18n::texts;

/// The company's profile, its open placements, where it is and how to reach it.
#[component]
pub fn CompanyPage() -> impl IntoView {
    let t = texts();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let company = Resource::new(move || slug.get(), get_company);
    let events = Resource::new(
        move || slug.get(),
        |slug| {
            crate::api::events::find_events(crate::domain::EventSearch {
                company: Some(slug),
                ..Default::default()
            })
        },
    );
    view! {
        <Layout>
            <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                {move || Suspend::new(async move {
                    let result = company.await;
                    let found = result.is_ok().then_some(events.await.ok()).flatten();
                    view! {
                        <CompanyProfileView result />
                        {found.filter(|found| !found.events.is_empty()).map(|found| view! { <CompanyEvents found /> })}
                    }
                })}
            </Suspense>
        </Layout>
    }
}

#[component]
fn CompanyProfileView(result: Result<CompanyProfile, AppError>) -> impl IntoView {
    let t = texts();
    let company = match result {
        Ok(company) => company,
        Err(AppError::NotFound) => return view! { <NotFound text=t.company.company_not_found /> }.into_any(),
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    let (open, earlier): (Vec<PlacementSummary>, Vec<PlacementSummary>) = company
        .placements
        .iter()
        .cloned()
        .partition(|p| p.status == PlacementStatus::Open);
    let place = if company.town == company.municipality {
        company.town.clone()
    } else {
        format!("{}, gemeente {}", company.town, company.municipality)
    };
    let summary: String = t
        .pick(&company.description_nl, &company.description_en)
        .chars()
        .take(160)
        .collect();
    let last_confirmed = company.last_confirmed_on().map(|day| t.words.day(day));
    let map_label = format!(
        "{}: {}, {}",
        t.labels.location_label, company.street_address, company.town
    );
    let slug = company.slug.clone();
    view! {
        <Title text=format!("{} – {}", company.name, t.site.site_name) />
        <Meta name="description" content=summary />
        <p class="back-link">
            <a href=crate::search::Search::default().with_filters(|f| f.region = Some(company.region)).href()>"← " {t.company.back_to_list}</a>
        </p>
        <header class="profile-head">
            {company.logo.clone().map(|src| view! {
                <img class="profile-head__logo" src=src alt=format!("{} {}", t.company.logo_of, company.name) width="96" height="96" />
            })}
            <h1>{company.name.clone()}</h1>
            <p class="profile-head__place">
                {place} " " <span class="region-tag" data-region=company.region.code()>{company.region.name()}</span>
            </p>
            {company.sbb_accredited.then(|| view! {
                <p class="badge" title=t.site.sbb_badge_title>{t.site.sbb_badge}</p>
            })}
        </header>
        <div class="profile-grid">
            <section class="profile-section profile-section--wide" aria-labelledby="open-heading">
                <h2 id="open-heading">{t.company.open_placements_heading}</h2>
                {if open.is_empty() {
                    view! { <p class="empty">{t.company.no_open_placements}</p> }.into_any()
                } else {
                    view! { <PlacementList slug=slug.clone() placements=open /> }.into_any()
                }}
                {last_confirmed.map(|date| view! {
                    <p class="muted">{t.labels.last_confirmed_label} ": " {date}</p>
                })}
            </section>
            <section class="profile-section" aria-labelledby="about-heading">
                <h2 id="about-heading">{t.company.about_heading}</h2>
                <p>{t.pick(&company.description_nl, &company.description_en).to_owned()}</p>
                <dl class="facts">
                    <dt>{t.labels.fields_label}</dt>
                    <dd>{company.fields.iter().map(|f| t.words.field(*f)).collect::<Vec<_>>().join(", ")}</dd>
                    <dt>{t.labels.size_label}</dt>
                    <dd>{t.words.size_band(company.size_band)}</dd>
                </dl>
            </section>
            <section class="profile-section" aria-labelledby="contact-heading">
                <h2 id="contact-heading">{t.company.contact_heading}</h2>
                <ContactDetails
                    name=company.contact_name.clone()
                    email=company.contact_email.clone()
                    phone=company.contact_phone.clone()
                    website=company.website.clone()
                />
                <dl class="facts">
                    <dt>{t.company.address_label}</dt>
                    <dd>{format!("{}, {} {}", company.street_address, company.postcode, company.town)}</dd>
                </dl>
            </section>
            <section class="profile-section profile-section--wide" aria-labelledby="location-heading">
                <h2 id="location-heading">{t.labels.location_label}</h2>
                <LocationMap latitude=company.latitude longitude=company.longitude label=map_label />
            </section>
            {(!earlier.is_empty()).then(|| view! {
                <section class="profile-section profile-section--wide" aria-labelledby="earlier-heading">
                    <h2 id="earlier-heading">{t.company.earlier_placements_heading}</h2>
                    <ul class="earlier-list">
                        {earlier.into_iter().map(|p| view! {
                            <li>{p.title} " – " <span class="muted">{t.words.status(p.status)}</span></li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </div>
    }
    .into_any()
}

/// The company's upcoming events, soonest first.
#[component]
fn CompanyEvents(found: crate::api::events::FoundEvents) -> impl IntoView {
    let t = texts();
    let now = found.now;
    view! {
        <section class="profile-section profile-section--wide company-events" aria-labelledby="events-heading">
            <h2 id="events-heading">{t.events.company_events_heading}</h2>
            <ul class="event-list">
                {found.events.into_iter().map(|event| view! { <super::events::EventCard event now /> }).collect_view()}
            </ul>
        </section>
    }
}

/// The open placements of a company, each a link to its own page.
#[component]
fn PlacementList(slug: String, placements: Vec<PlacementSummary>) -> impl IntoView {
    let t = texts();
    view! {
        <ul class="placement-list">
            {placements
                .into_iter()
                .map(|p| {
                    let start = p.start_date.map(|day| format!(" · {} {}", t.labels.start_label.to_lowercase(), t.words.day(day)));
                    view! {
                        <li class="placement-item">
                            <a class="placement-item__title" href=placement_href(&slug, p.id)>{p.title}</a>
                            <span class=format!("kind kind--{}", p.kind.code())>{t.words.kind(p.kind)}</span>
                            <span class="placement-item__meta">
                                {t.words.level(p.level)} " · " {t.words.field(p.field)} {start} " · " {t.words.places(p.places)}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Whom to contact and how: each way only when the company gave it.
#[component]
pub fn ContactDetails(
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
) -> impl IntoView {
    let t = texts();
    view! {
        <ul class="contact-list">
            {name.map(|name| view! { <li>{name}</li> })}
            {email.map(|email| view! { <li><a href=format!("mailto:{email}")>{email.clone()}</a></li> })}
            {phone.map(|phone| view! { <li><a href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a></li> })}
            {website.map(|site| view! {
                <li>{t.labels.website_label} ": " <a href=site.clone() rel="noopener">{site.clone()}</a></li>
            })}
        </ul>
    }
}
