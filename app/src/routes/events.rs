//! `/evenementen`: every upcoming public event, soonest first, with filters in the
//! address (period, kind, region, municipality, audience) and the same list as a
//! calendar subscription. Plain HTML: the filter form is sent with its button.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;

use crate::api::events::{FoundEvents, find_events};
use crate::components::{Choice, ErrorMessage, Layout};
use crate::domain::{Audience, Event, EventKind, EventSearch, Instant, Municipality, Period, Region};
use crate::error::AppError;
use crate::i18n::texts;

/// The address of an event's own page.
pub fn event_href(id: i64) -> String {
    format!("/evenementen/{id}")
}

/// The address of the calendar feed of `search`.
pub fn feed_href(search: &EventSearch) -> String {
    search.href("/evenementen.ics")
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let t = texts();
    let query = use_location().search.get_untracked();
    let (search, errors) = EventSearch::from_query(&query);
    let found = Resource::new(
        {
            let search = search.clone();
            move || search.clone()
        },
        find_events,
    );
    let wrong: Vec<String> = errors
        .iter()
        .map(|e| format!("{} {}", t.search_key(&e.field), t.words.problem(e.problem)))
        .collect();
    view! {
        <Title text=format!("{} – {}", t.events.list_title, t.site.site_name) />
        <Meta name="description" content=t.events.list_description />
        <Layout>
            <h1>{t.events.list_title}</h1>
            <p class="lead">{t.events.list_intro}</p>
            {(!wrong.is_empty()).then(|| view! {
                <div class="error-message" role="alert">
                    <ul>{wrong.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            })}
            <EventFilters search=search.clone() />
            <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                {move || Suspend::new(async move { view! { <EventList result=found.await /> } })}
            </Suspense>
            <section class="subscribe" aria-labelledby="subscribe-heading">
                <h2 id="subscribe-heading">{t.events.subscribe_heading}</h2>
                <p>{t.events.subscribe_text}</p>
                <p><a class="button button--secondary" href=feed_href(&search) rel="external">{t.events.subscribe_link}</a></p>
            </section>
        </Layout>
    }
}

/// The filter form: sent as a plain GET to this same page.
#[component]
fn EventFilters(search: EventSearch) -> impl IntoView {
    let t = texts();
    let code = |c: &str| c.to_owned();
    view! {
        <section class="search event-search" aria-label=t.home.filters_heading>
        <form method="get" action="/evenementen" class="search__form event-filters">
            <div class="search__fields">
                <Choice
                    id="event-period"
                    name="periode"
                    label=t.events.period_label
                    any=t.events.period(Period::Upcoming)
                    options=[Period::ThisWeek, Period::ThisMonth].iter().map(|p| (code(p.code()), t.events.period(*p).to_owned())).collect()
                    selected=search.period.filter(|p| *p != Period::Dates && *p != Period::Upcoming).map(|p| code(p.code()))
                />
                <div class="field">
                    <label for="event-from">{t.events.from_label}</label>
                    <input id="event-from" name="van" type="date" value=search.from.map(|d| d.stored()) />
                </div>
                <div class="field">
                    <label for="event-to">{t.events.to_label}</label>
                    <input id="event-to" name="tot" type="date" value=search.to.map(|d| d.stored()) />
                </div>
                <Choice
                    id="event-kind"
                    name="soort"
                    label=t.events.event_kind_label
                    any=t.events.any_kind
                    options=EventKind::ALL.iter().map(|k| (code(k.code()), t.words.event_kind(*k).to_owned())).collect()
                    selected=search.kind.map(|k| code(k.code()))
                />
                <Choice
                    id="event-region"
                    name="regio"
                    label=t.labels.region_label
                    any=t.home.all_regions
                    options=Region::ALL.iter().map(|r| (code(r.code()), r.name().to_owned())).collect()
                    selected=search.region.map(|r| code(r.code()))
                />
                <Choice
                    id="event-municipality"
                    name="gemeente"
                    label=t.labels.municipality_label
                    any=t.home.all_municipalities
                    options=Municipality::ALL.iter().map(|m| (code(m.code()), m.name().to_owned())).collect()
                    selected=search.municipality.map(|m| code(m.code()))
                />
                <Choice
                    id="event-audience"
                    name="voor"
                    label=t.events.audience_label
                    any=t.events.anyone
                    options=Audience::ALL.iter().map(|a| (code(a.code()), t.events.audience(*a).to_owned())).collect()
                    selected=search.audience.map(|a| code(a.code()))
                />
                {search.company.clone().map(|slug| view! { <input type="hidden" name="bedrijf" value=slug /> })}
            </div>
            <button type="submit" class="button">{t.events.filter_button}</button>
        </form>
        </section>
    }
}

#[component]
fn EventList(result: Result<FoundEvents, AppError>) -> impl IntoView {
    let t = texts();
    let found = match result {
        Ok(found) => found,
        Err(error) => return view! { <ErrorMessage error /> }.into_any(),
    };
    if found.events.is_empty() {
        return view! { <p class="empty">{t.events.no_events}</p> }.into_any();
    }
    let count = t.events.events_found.of(found.events.len() as i64);
    let now = found.now;
    view! {
        <h2 class="visually-hidden">{t.events.dashboard_heading}</h2>
        <p class="results-count" role="status">{count}</p>
        <ul class="event-list">
            {found.events.into_iter().map(|event| view! { <EventCard event now /> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One event in a list: its day and time, kind, title, place and state.
#[component]
pub fn EventCard(event: Event, now: Instant) -> impl IntoView {
    let t = texts();
    let e = &event.event;
    let title = t.pick(&e.title_nl, &e.title_en).to_owned();
    let audiences: Vec<&str> = e.audiences.iter().map(|a| t.events.audience(*a)).collect();
    let state = state_badge(&event, now);
    view! {
        <li class="event-card" class:event-card--cancelled=event.is_cancelled() class:event-card--past=event.is_past(now)>
            <p class="event-card__when">{t.words.event_time(t.events, e.times)}</p>
            <h3 class="event-card__title"><a href=event_href(event.id)>{title}</a></h3>
            <p class="event-card__meta">
                <span class=format!("kind kind--event kind--{}", e.kind.code())>{t.words.event_kind(e.kind)}</span>
                " " {state}
                " " {format!("{}, {}", e.venue.name, e.venue.town)}
                " " <span class="region-tag" data-region=event.region().code()>{event.region().name()}</span>
            </p>
            <p class="event-card__for">{t.events.audience_label} " " {audiences.join(", ")}</p>
        </li>
    }
}

/// "Afgelast", "Afgelopen" or "Nu bezig", when one applies.
pub fn state_badge(event: &Event, now: Instant) -> Option<AnyView> {
    let t = texts();
    let (class, text) = if event.is_cancelled() {
        ("badge badge--cancelled", t.events.cancelled_badge)
    } else if event.is_past(now) {
        ("badge badge--past", t.events.past_badge)
    } else if event.event.times.start <= now {
        ("badge badge--running", t.events.running_badge)
    } else {
        return None;
    };
    Some(view! { <span class=class>{text}</span> }.into_any())
}
