//! `/beheer/interesses`: the coordinator's board of students' interests. At the top a
//! count per stage (each a filter), then filters (stage, company, placement kind, age,
//! waiting time) in the address, then the interests longest-waiting first, each with one
//! button to the next stage, a choice of another stage, and a form to close it with an
//! answer to the student. Every button is a plain form: no script needed.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::workspace::{always, workspace_page};
use crate::api::board::{Board, BoardFilters, CloseInterest, MoveInterest, WAITING_DAYS, interest_board};
use crate::components::{Workspace, company_href};
use crate::domain::interests::{BoardItem, FEEDBACK_MAX};
use crate::domain::{AgeBand, CloseReason, DeclinedBy, PlacementKind, Stage, StartMonth};
use crate::error::AppError;
use crate::i18n::texts;

/// The board's address with these filters.
fn board_href(filters: &BoardFilters) -> String {
    let pairs = [
        ("fase", &filters.stage),
        ("bedrijf", &filters.company),
        ("soort", &filters.kind),
        ("leeftijd", &filters.age),
        ("wacht", &filters.waiting),
    ];
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    if query.is_empty() {
        "/beheer/interesses".to_owned()
    } else {
        format!("/beheer/interesses?{}", query.join("&"))
    }
}

#[component]
pub fn InterestBoardPage() -> impl IntoView {
    let t = texts();
    let filters = use_query_map().with_untracked(|q| {
        // Only codes and digits pass: the address is echoed into links and forms.
        let code = |name: &str| {
            q.get(name)
                .filter(|v| v.len() <= 20 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or_default()
        };
        BoardFilters {
            stage: code("fase"),
            company: code("bedrijf"),
            kind: code("soort"),
            age: code("leeftijd"),
            waiting: code("wacht"),
        }
    });
    workspace_page(
        t.interests.board_title,
        Workspace::Interests,
        move || interest_board(filters.clone()),
        always,
        |board| {
            view! {
                <h1>{texts().interests.board_title}</h1>
                <BoardView board />
            }
        },
    )
}

/// What a page with board cards says when a move or a closing was refused, if one was.
pub(crate) fn board_refusal() -> Option<&'static str> {
    let i = texts().interests;
    let refused = super::form_error(MoveInterest::PATH).or_else(|| super::form_error(CloseInterest::PATH));
    refused.map(|error| match error {
        AppError::Refused(refusal) if refusal.stale => i.board_stale,
        _ => i.board_refused,
    })
}

#[component]
fn BoardView(board: Board) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let filters = use_query_map().with_untracked(|q| BoardFilters {
        stage: q.get("fase").unwrap_or_default(),
        company: q.get("bedrijf").unwrap_or_default(),
        kind: q.get("soort").unwrap_or_default(),
        age: q.get("leeftijd").unwrap_or_default(),
        waiting: q.get("wacht").unwrap_or_default(),
    });
    let refusal = board_refusal();
    let total: i64 = board.counts.iter().map(|(_, n)| n).sum();
    let more = board.items.len() as i64 >= crate::domain::interests::BOARD_LIMIT;
    let select =
        |name: &'static str, label: &'static str, value: &str, all: &'static str, options: Vec<(String, String)>| {
            let id = format!("filter-{name}");
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <select id=id name=name>
                        <option value="">{all}</option>
                        {options.into_iter().map(|(code, text)| {
                            let selected = code == value;
                            view! { <option value=code selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
        };
    view! {
        <p>{i.board_intro}</p>
        <p><a href="/beheer/nieuwe-interesse" class="button button--secondary">{i.register_link}</a></p>
        {refusal.map(|text| view! { <p class="error-message" role="alert">{text}</p> })}
        <nav class="stage-counts" aria-label=i.stage_label>
            <ul>
                <li>
                    <a href=board_href(&BoardFilters { stage: String::new(), ..filters.clone() })
                        aria-current=filters.stage.is_empty().then_some("page")>
                        {i.all_stages} " " <span class="stage-counts__n">{total}</span>
                    </a>
                </li>
                {board.counts.iter().map(|(stage, n)| {
                    let href = board_href(&BoardFilters { stage: stage.code().to_owned(), ..filters.clone() });
                    let here = filters.stage == stage.code();
                    view! {
                        <li>
                            <a href=href aria-current=here.then_some("page")>
                                {i.board_stage(*stage)} " " <span class="stage-counts__n">{*n}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
        <form method="get" action="/beheer/interesses" class="board-filters">
            {select("fase", i.stage_label, &filters.stage, i.all_stages,
                Stage::ALL.iter().map(|s| (s.code().to_owned(), i.board_stage(*s).to_owned())).collect())}
            {select("bedrijf", t.labels.company_label, &filters.company, i.any_option,
                board.companies.iter().map(|c| (c.id.to_string(), c.name.clone())).collect())}
            {select("soort", t.labels.kind_label, &filters.kind, i.any_option,
                PlacementKind::ALL.iter().map(|k| (k.code().to_owned(), t.words.kind(*k).to_owned())).collect())}
            {select("leeftijd", i.age_filter, &filters.age, i.any_option,
                AgeBand::ALL.iter().map(|a| (a.code().to_owned(), i.age_band(*a).to_owned())).collect())}
            {select("wacht", i.waiting_filter, &filters.waiting, i.any_option,
                WAITING_DAYS.iter().map(|d| (d.to_string(), i.waiting_option.replace("{n}", &d.to_string()))).collect())}
            <div class="board-filters__buttons">
                <button type="submit" class="button">{i.filter_button}</button>
                <a href="/beheer/interesses">{i.clear_filters}</a>
            </div>
        </form>
        {more.then(|| view! { <p class="notice">{i.more_than_shown}</p> })}
        <form method="post" action="/beheer/interesses.csv" class="board-export">
            {[("fase", &filters.stage), ("bedrijf", &filters.company), ("soort", &filters.kind),
              ("leeftijd", &filters.age), ("wacht", &filters.waiting)]
                .into_iter()
                .filter(|(_, value)| !value.is_empty())
                .map(|(name, value)| view! { <input type="hidden" name=name value=value.clone() /> })
                .collect_view()}
            <label class="field--check" for="export-contact">
                <input type="checkbox" id="export-contact" name="contact" value="1" aria-describedby="export-contact-hint" />
                {i.export_contact}
            </label>
            <p class="field-hint" id="export-contact-hint">{i.export_contact_hint}</p>
            <button type="submit" class="button button--secondary">{i.export_button}</button>
        </form>
        {if board.items.is_empty() {
            view! { <p class="empty">{i.no_interests}</p> }.into_any()
        } else {
            view! {
                <ul class="board">
                    {board.items.into_iter().map(|item| view! { <li><BoardCard item now=board.now /></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// One interest on the board: who, for which placement, how long in this stage, and what
/// can happen next. With `links`, a link to the placements that fit it (while nobody was
/// introduced yet); with `actions`, its buttons.
#[component]
pub(crate) fn BoardCard(
    item: BoardItem,
    now: crate::domain::Instant,
    #[prop(default = true)] links: bool,
    #[prop(default = true)] actions: bool,
) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let it = item.interest;
    let days = (now.utc() - it.stage_changed_at.utc()).whole_days().max(0);
    let start = match it.start_month.as_deref().and_then(StartMonth::parse) {
        Some(month) => format!("{} {}", t.words.months[usize::from(month.month) - 1], month.year),
        None => i.start_now.to_owned(),
    };
    let programme = match &it.crebo {
        Some(crebo) => format!("{} (crebo {crebo})", i.programme(it.programme)),
        None => i.programme(it.programme).to_owned(),
    };
    let placement = match &item.placement {
        Some(p) => view! {
            <a href=format!("{}/plekken/{}", company_href(&p.company_slug), p.placement_id)>{p.title.clone()}</a>
            {format!(" · {} · {}", p.company_name, t.words.kind(p.kind))}
        }
        .into_any(),
        // Said on an orientation day's page, or registered for a school: none chosen yet.
        None if it.placement_not_chosen_yet() => view! { <em>{i.no_placement_yet}</em> }.into_any(),
        // A student's own lost it since.
        None => view! { <em>{i.placement_gone}</em> }.into_any(),
    };
    let closed = item.close_reason.zip(item.declined_by).map(|(reason, who)| {
        format!(
            "{} · {}: {}",
            i.close_reason(reason),
            i.declined_by_label,
            i.declined_by(who)
        )
    });
    let id = it.id;
    let version = it.version;
    let next = it.stage.next().filter(|_| !it.stage.is_over());
    let open = actions && !it.stage.is_over();
    let suggest = links && it.stage.is_unplaced();
    let has_placement = item.placement.is_some();
    view! {
        <article class="board-card" id=format!("interesse-{id}") aria-labelledby=format!("interesse-{id}-naam")>
            <header class="board-card__head">
                <h2 id=format!("interesse-{id}-naam") class="board-card__name">
                    {it.first_name.clone()} <span class="board-card__age">{format!(" · {}", i.age_band(it.age_band))}</span>
                </h2>
                <p class=format!("stage stage--{}", it.stage.code())>{i.board_stage(it.stage)}</p>
            </header>
            <p class="board-card__placement">{placement}</p>
            {it.event.clone().map(|event| view! { <super::placement::OrientationDayLine event /> })}
            <p class="board-card__waiting">{i.days_in_stage.of(days)}</p>
            {suggest.then(|| view! {
                <p class="board-card__match"><a href=format!("/beheer/interesses/{id}")>{i.match_link}</a></p>
            })}
            {closed.map(|text| view! { <p class="board-card__closed">{text}</p> })}
            <dl class="facts board-card__facts">
                <dt>{i.school_label}</dt>
                <dd>{format!("{} · {programme}", it.school)}</dd>
                <dt>{i.board_start}</dt>
                <dd>{start}</dd>
                <dt>{t.labels.email_label}</dt>
                <dd><a href=format!("mailto:{}", it.email)>{it.email.clone()}</a></dd>
                {it.phone.clone().map(|phone| view! {
                    <dt>{t.labels.contact_phone_label}</dt>
                    <dd><a href=format!("tel:{phone}")>{phone.clone()}</a></dd>
                })}
                {it.postcode.clone().map(|postcode| view! {
                    <dt>{t.labels.postcode_label}</dt>
                    <dd>{postcode}</dd>
                })}
                {(!it.motivation.is_empty()).then(|| view! {
                    <dt>{i.board_motivation}</dt>
                    <dd>{it.motivation.clone()}</dd>
                })}
                {item.meeting_times.clone().map(|times| view! {
                    <dt>{i.proposed_times}</dt>
                    <dd>{times}</dd>
                })}
            </dl>
            {open.then(|| view! {
                <div class="board-card__actions">
                    {next.filter(|s| has_placement || matches!(s, Stage::InReview)).map(|stage| view! {
                        <form method="post" action=MoveInterest::PATH class="inline-form">
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="version" value=version />
                            <input type="hidden" name="stage" value=stage.code() />
                            <button type="submit" class="button">{i.move_to.replace("{stage}", i.board_stage(stage))}</button>
                        </form>
                    })}
                    <details class="board-card__more">
                        <summary>{i.other_stage}</summary>
                        <form method="post" action=MoveInterest::PATH class="board-card__form">
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="version" value=version />
                            <label for=format!("stage-{id}")>{i.stage_label}</label>
                            <select id=format!("stage-{id}") name="stage">
                                {Stage::PIPELINE.iter().filter(|s| **s != it.stage).map(|s| view! {
                                    <option value=s.code()>{i.board_stage(*s)}</option>
                                }).collect_view()}
                            </select>
                            <button type="submit" class="button button--secondary">{i.move_button}</button>
                        </form>
                    </details>
                    <details class="board-card__more">
                        <summary>{i.close_heading}</summary>
                        <CloseFields id version />
                    </details>
                </div>
            })}
        </article>
    }
}

/// The form that closes interest `id`: reason, who declined, the message to the student.
#[component]
fn CloseFields(id: i64, version: i64) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let reason_id = format!("reason-{id}");
    let declined_id = format!("declined-{id}");
    let feedback_id = format!("feedback-{id}");
    let hint_id = format!("feedback-{id}-hint");
    let longest = FEEDBACK_MAX as u32;
    view! {
        <form method="post" action=CloseInterest::PATH class="board-card__form">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
            <label for=reason_id.clone()>{i.reason_label}</label>
            <select id=reason_id name="form[reason]" required=true>
                <option value="">{t.edit.choose_option}</option>
                {CloseReason::ALL.iter().map(|r| view! { <option value=r.code()>{i.close_reason(*r)}</option> }).collect_view()}
            </select>
            <label for=declined_id.clone()>{i.declined_by_label}</label>
            <select id=declined_id name="form[declined_by]" required=true>
                <option value="">{t.edit.choose_option}</option>
                {DeclinedBy::ALL.iter().map(|d| view! { <option value=d.code()>{i.declined_by(*d)}</option> }).collect_view()}
            </select>
            <label for=feedback_id.clone()>{i.feedback_label}</label>
            <p class="field-hint" id=hint_id.clone()>{i.feedback_hint}</p>
            <textarea id=feedback_id name="form[feedback]" rows="4" maxlength=longest
                aria-describedby=hint_id></textarea>
            <button type="submit" class="button button--danger">{i.close_button}</button>
        </form>
    }
}
