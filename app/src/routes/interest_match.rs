//! The coordinator's suggestions, both ways. `/beheer/interesses/:id`: one interest (as on
//! the board, with its buttons) and the open placements that fit it, each with why and a
//! button that introduces the student there. `/beheer/plekken/:id/passend`: one open
//! placement and the waiting students who fit it, each with the same button. Plain forms:
//! no script needed.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

use super::interest_board::{BoardCard, board_refusal};
use super::workspace::{always, workspace_page};
use crate::api::suggestions::{
    InterestSuggestions, IntroduceInterest, PlacementCandidates, interest_match, placement_match,
};
use crate::components::{Workspace, company_href};
use crate::domain::fit::{Fit, Offer};
use crate::error::AppError;
use crate::i18n::texts;

/// The numeric `:id` of the address; 0 (found nowhere) for anything else.
fn id_param() -> i64 {
    use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0))
}

/// What the page says when an introduction was refused, if one was.
fn introduce_refusal() -> Option<&'static str> {
    let i = texts().interests;
    super::form_error(IntroduceInterest::PATH).map(|error| match error {
        AppError::Refused(refusal) if refusal.stale => i.board_stale,
        AppError::Refused(refusal) if refusal.errors.iter().any(|e| e.field == "placement") => i.placement_not_open,
        _ => i.board_refused,
    })
}

#[component]
pub fn InterestMatchPage() -> impl IntoView {
    let t = texts();
    let id = id_param();
    workspace_page(
        t.interests.match_title,
        Workspace::Interests,
        move || interest_match(id),
        always,
        |found| view! { <InterestMatchView found /> },
    )
}

#[component]
fn InterestMatchView(found: InterestSuggestions) -> impl IntoView {
    let i = texts().interests;
    let InterestSuggestions { item, suggestions, now } = found;
    let id = item.interest.id;
    let version = item.interest.version;
    let unplaced = item.interest.stage.is_unplaced();
    let over = item.interest.stage.is_over();
    let refusal = introduce_refusal().or_else(board_refusal);
    view! {
        <p><a href="/beheer/interesses">{i.back_to_board}</a></p>
        <h1>{format!("{}: {}", i.match_title, item.interest.first_name)}</h1>
        {refusal.map(|text| view! { <p class="error-message" role="alert">{text}</p> })}
        <BoardCard item now links=false />
        <h2>{i.match_title}</h2>
        {if over {
            view! { <p class="empty">{i.no_suggestions_over}</p> }.into_any()
        } else if !unplaced {
            view! { <p class="notice">{i.already_introduced}</p> }.into_any()
        } else if suggestions.is_empty() {
            view! { <p class="empty">{i.no_suggestions}</p> }.into_any()
        } else {
            view! {
                <p>{i.match_intro}</p>
                <ol class="suggestions">
                    {suggestions.into_iter().map(|(offer, fit)| {
                        let button = i.introduce_to.replace("{company}", &offer.company_name);
                        let placement = offer.placement_id;
                        view! {
                            <li>
                                <SuggestedOffer offer fit />
                                <IntroduceButton id version placement label=button />
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

/// One open placement as a suggestion: what and where, why it fits, what speaks against.
#[component]
fn SuggestedOffer(offer: Offer, fit: Fit) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let href = format!("{}/plekken/{}", company_href(&offer.company_slug), offer.placement_id);
    let crebo = offer
        .crebo
        .as_ref()
        .map(|c| format!(" · crebo {c}"))
        .unwrap_or_default();
    view! {
        <article class="suggestion">
            <h3 class="suggestion__title"><a href=href>{offer.title.clone()}</a></h3>
            <p class="suggestion__where">{format!("{} · {}", offer.company_name, offer.town)}</p>
            <p class="suggestion__what">
                {format!(
                    "{} · {} · {}{crebo}",
                    t.words.kind(offer.kind),
                    t.words.level(offer.level),
                    t.words.field(offer.field)
                )}
            </p>
            <FitLists fit />
            <p><a href=format!("/beheer/plekken/{}/passend", offer.placement_id)>{i.who_fits_link}</a></p>
        </article>
    }
}

/// Why something fits, and what speaks against it.
#[component]
fn FitLists(fit: Fit) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    view! {
        <div class="fit">
            {fit.travel.map(|travel| view! {
                <p class="fit__travel">{format!("{}: {}", i.travel_from_home, t.words.travel(&travel))}</p>
            })}
            {(!fit.reasons.is_empty()).then(|| view! {
                <p class="fit__heading">{i.fits_because}</p>
                <ul class="fit__reasons">
                    {fit.reasons.iter().map(|r| view! { <li>{i.fit_reason(*r)}</li> }).collect_view()}
                </ul>
            })}
            {(!fit.doubts.is_empty()).then(|| view! {
                <p class="fit__heading">{i.doubts_heading}</p>
                <ul class="fit__doubts">
                    {fit.doubts.iter().map(|d| view! { <li>{i.doubt(*d)}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// The button that introduces the student of interest `id` (at `version`) to `placement`.
#[component]
fn IntroduceButton(id: i64, version: i64, placement: i64, label: String) -> impl IntoView {
    view! {
        <form method="post" action=IntroduceInterest::PATH class="inline-form">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="placement" value=placement />
            <button type="submit" class="button">{label}</button>
        </form>
    }
}

#[component]
pub fn PlacementMatchPage() -> impl IntoView {
    let t = texts();
    let id = id_param();
    workspace_page(
        t.interests.who_fits_title,
        Workspace::Interests,
        move || placement_match(id),
        always,
        |found| view! { <PlacementMatchView found /> },
    )
}

#[component]
fn PlacementMatchView(found: PlacementCandidates) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let PlacementCandidates { offer, candidates, now } = found;
    let placement = offer.placement_id;
    let href = format!("{}/plekken/{}", company_href(&offer.company_slug), placement);
    let crebo = offer
        .crebo
        .as_ref()
        .map(|c| format!(" · crebo {c}"))
        .unwrap_or_default();
    view! {
        <p><a href="/beheer/interesses">{i.back_to_board}</a></p>
        <h1>{i.who_fits_title}</h1>
        {introduce_refusal().map(|text| view! { <p class="error-message" role="alert">{text}</p> })}
        <section class="suggestion suggestion--subject" aria-labelledby="plek">
            <h2 id="plek" class="suggestion__title"><a href=href>{offer.title.clone()}</a></h2>
            <p class="suggestion__where">{format!("{} · {}", offer.company_name, offer.town)}</p>
            <p class="suggestion__what">
                {format!(
                    "{} · {} · {}{crebo}",
                    t.words.kind(offer.kind),
                    t.words.level(offer.level),
                    t.words.field(offer.field)
                )}
            </p>
            <p><a href=format!("/beheer/nieuwe-interesse?plek={placement}")>{i.register_link}</a></p>
        </section>
        {if candidates.is_empty() {
            view! { <p class="empty">{i.nobody_fits}</p> }.into_any()
        } else {
            view! {
                <p>{i.who_fits_intro}</p>
                <ol class="suggestions">
                    {candidates.into_iter().map(|(item, fit)| {
                        let id = item.interest.id;
                        let version = item.interest.version;
                        let label = i.introduce_here.replace("{name}", &item.interest.first_name);
                        view! {
                            <li>
                                <BoardCard item now links=true actions=false />
                                <FitLists fit />
                                <IntroduceButton id version placement label />
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
