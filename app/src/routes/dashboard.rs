//! `/beheer`: the logged-in person's page. A company user keeps their placements
//! current here and manages their events and screens; a coordinator sees what waits in
//! each part of the workspace (whose pages are in `workspace`); a teacher registers
//! students of their school and sees where each registration stands. Without a live session
//! it sends the browser to the login page.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Stylesheet, Title};
use leptos_router::hooks::use_query_map;

use super::form_error;
use crate::api::accounts::LogOut;
use crate::api::dashboard::{CompanyDashboard, CoordinatorDashboard, DashboardData, TeacherDashboard, dashboard};
use crate::api::own_placements::ChangePlacement;
use crate::components::{AuditList, Layout, Loaded, RefusalNotice};
use crate::domain::{AuditAction, OwnPlacement, PlacementStatus, Role};
use crate::i18n::texts;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = texts();
    let data = Resource::new(|| (), |_| dashboard());
    view! {
        <Title text=t.dashboard.dashboard_title />
        <Stylesheet href=super::WORKSPACE_CSS />
        <Layout>
            <Loaded resource=data let:dashboard>
                <DashboardView dashboard />
            </Loaded>
        </Layout>
    }
}

#[component]
fn DashboardView(dashboard: DashboardData) -> impl IntoView {
    let t = texts();
    let role = match dashboard.role {
        Role::Coordinator => t.dashboard.role_coordinator,
        Role::Company => t.dashboard.role_company,
        Role::Teacher => t.dashboard.role_teacher,
    };
    let stale_before = dashboard.stale_before;
    let coordinator = dashboard.role == Role::Coordinator;
    let company_user = dashboard.role == Role::Company;
    view! {
        {coordinator.then(|| view! { <crate::components::WorkspaceNav current=crate::components::Workspace::Overview /> })}
        <section class="dashboard">
            <div class="dashboard__top">
                <h1>{t.dashboard.dashboard_title}</h1>
                <p class="dashboard__who">
                    {t.dashboard.logged_in_as} " " <strong>{dashboard.email}</strong> " (" {role} ")"
                </p>
                <form method="post" action=LogOut::PATH>
                    <button type="submit" class="button button--quiet">{t.dashboard.log_out_button}</button>
                </form>
            </div>
            {dashboard.company.map(|company| view! {
                <CompanyPanel company stale_before />
                <CompanyCandidates />
            })}
            {dashboard.coordinator.map(|coordinator| view! { <CoordinatorPanel coordinator /> })}
            {dashboard.teacher.map(|teacher| view! { <TeacherPanel teacher /> })}
            // A coordinator has them on pages of their own (`workspace`); a teacher none.
            {company_user.then(|| view! {
                <ManagedEvents />
                <ManagedScreens />
            })}
        </section>
    }
}

/// A teacher's school, the way to register a student, and whom they registered with
/// where each stands (in the coordinator's words for the stages).
#[component]
fn TeacherPanel(teacher: TeacherDashboard) -> impl IntoView {
    let t = texts();
    let d = t.dashboard;
    let i = t.interests;
    let registered = use_query_map().with_untracked(|q| q.get("aangemeld"));
    view! {
        <section class="panel" aria-labelledby="teacher-heading">
            <h2 id="teacher-heading">{d.teacher_heading}</h2>
            <p><strong>{teacher.school}</strong> " · " {teacher.region.name()}</p>
            <p>{d.teacher_intro}</p>
            {registered.map(|_| view! { <p class="notice" role="status">{d.registered_notice}</p> })}
            <p><a class="button" href="/beheer/nieuwe-interesse">{d.register_student_button}</a></p>
            <h3 id="aanmeldingen">{d.registrations_heading}</h3>
            {if teacher.registrations.is_empty() {
                view! { <p class="empty">{d.no_registrations}</p> }.into_any()
            } else {
                view! {
                    <ul class="registrations">
                        {teacher.registrations.into_iter().map(|r| {
                            let about = match (&r.placement, &r.event) {
                                (Some(p), _) => format!("{} · {}, {}", p.title, p.company_name, p.town),
                                (None, Some(event)) => format!(
                                    "{}: {} · {}",
                                    i.orientation_day,
                                    t.pick(&event.title_nl, &event.title_en),
                                    t.words.moment(event.starts_at)
                                ),
                                (None, None) => i.no_placement_yet.to_owned(),
                            };
                            view! {
                                <li class="registrations__item">
                                    <p><strong>{r.first_name}</strong> " · " {i.programme(r.programme)}</p>
                                    <p>{about}</p>
                                    <p class="registrations__state">
                                        <span class=format!("stage stage--{}", r.stage.code())>{i.board_stage(r.stage)}</span> " · "
                                        {d.registered_on.replace("{date}", &t.words.moment(r.registered_at))}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// A company user's placements with their one-click changes, and the latest changes.
#[component]
fn CompanyPanel(company: CompanyDashboard, stale_before: crate::domain::Day) -> impl IntoView {
    let t = texts();
    let saved = use_query_map().with_untracked(|q| q.get("opgeslagen"));
    let error = form_error(ChangePlacement::PATH);
    let needs_attention =
        |p: &OwnPlacement| p.placement.status == PlacementStatus::Open && p.placement.last_confirmed_on < stale_before;
    let attention = company.placements.iter().filter(|p| needs_attention(p)).count();
    let placements: Vec<(OwnPlacement, bool)> = company
        .placements
        .iter()
        .map(|p| (p.clone(), needs_attention(p)))
        .collect();
    view! {
        <section class="panel" aria-labelledby="company-heading">
            <div class="panel__head">
                <h2 id="company-heading">{company.name.clone()}</h2>
                <a href=crate::components::company_href(&company.slug)>{t.dashboard.view_public_page}</a>
            </div>
            <p><a class="button button--quiet" href="/beheer/profiel">{t.dashboard.edit_profile_link}</a></p>
            {saved.map(|what| {
                let notice = if what == "profiel" { t.dashboard.profile_saved_notice } else { t.dashboard.saved_notice };
                view! { <p class="notice" role="status">{notice}</p> }
            })}
            {error.map(|error| view! { <RefusalNotice error action=true /> })}
            {(attention > 0).then(|| view! {
                <div class="attention" role="note">
                    <h3>{t.dashboard.attention_heading}</h3>
                    <p>{t.dashboard.attention_count.of(i64::try_from(attention).unwrap_or(i64::MAX))}</p>
                </div>
            })}
            <div class="panel__head">
                <h3>{t.dashboard.your_placements}</h3>
                <a class="button" href="/beheer/plekken/nieuw">{t.dashboard.add_placement}</a>
            </div>
            {if placements.is_empty() {
                view! { <p class="empty">{t.dashboard.no_placements_yet}</p> }.into_any()
            } else {
                view! {
                    <ul class="own-placements">
                        {placements.into_iter().map(|(own, attention)| view! { <OwnPlacementItem own attention /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{t.dashboard.recent_changes}</h3>
            <AuditList entries=company.audit />
        </section>
    }
}

/// One placement on the dashboard: what it is, its state, and its buttons.
#[component]
fn OwnPlacementItem(own: OwnPlacement, attention: bool) -> impl IntoView {
    let t = texts();
    let p = &own.placement;
    let status = p.status;
    let confirmed = if attention {
        t.dashboard
            .unconfirmed_since
            .replace("{date}", &t.words.day(p.last_confirmed_on))
    } else {
        t.dashboard
            .confirmed_on
            .replace("{date}", &t.words.day(p.last_confirmed_on))
    };
    let actions: &[(AuditAction, &str)] = match status {
        PlacementStatus::Open => &[
            (AuditAction::Confirm, t.dashboard.confirm_button),
            (AuditAction::Fill, t.dashboard.fill_button),
            (AuditAction::Close, t.dashboard.close_placement_button),
            (AuditAction::Duplicate, t.dashboard.duplicate_button),
        ],
        PlacementStatus::Filled | PlacementStatus::Closed => &[
            (AuditAction::Reopen, t.dashboard.reopen_button),
            (AuditAction::Duplicate, t.dashboard.duplicate_button),
        ],
    };
    let (id, version) = (own.id, own.version);
    let title = p.title.clone();
    view! {
        <li class="own-placement" class:own-placement--attention=attention id=format!("plek-{id}")>
            <div class="own-placement__text">
                <p class="own-placement__title"><strong>{title.clone()}</strong></p>
                <p class="own-placement__meta">
                    {t.words.kind(p.kind)} " · " {t.words.level(p.level)} " · " {t.words.places(p.places)}
                </p>
                <p class="own-placement__state">
                    <span class=format!("status status--{}", status.code())>{t.words.status(status)}</span>
                    " " {status.is_open().then_some(confirmed)}
                </p>
            </div>
            <div class="own-placement__actions">
                <a class="button button--quiet" href=format!("/beheer/plekken/{id}")
                    aria-label=format!("{}: {title}", t.dashboard.edit_button)>{t.dashboard.edit_button}</a>
                {actions.iter().map(|(action, label)| {
                    let label = *label;
                    view! {
                        <form method="post" action=ChangePlacement::PATH>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="version" value=version />
                            <input type="hidden" name="action" value=action.code() />
                            <button type="submit" class="button button--quiet"
                                aria-label=format!("{label}: {title}")>{label}</button>
                        </form>
                    }
                }).collect_view()}
            </div>
        </li>
    }
}

/// The coordinator's overview: what waits in each part of the workspace, each a link
/// there, and the latest changes.
#[component]
fn CoordinatorPanel(coordinator: CoordinatorDashboard) -> impl IntoView {
    let t = texts();
    let d = t.dashboard;
    let waiting = [
        (
            "/beheer/interesses?fase=interest",
            d.new_interests.of(coordinator.new_interests),
        ),
        ("/beheer/bedrijven", d.companies_count.of(coordinator.companies)),
        ("/beheer/bedrijven", d.invited_users.of(coordinator.invited_users)),
        ("/beheer/uitgaande-mail", d.mails_waiting.of(coordinator.mails_waiting)),
    ];
    view! {
        <section class="panel" aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{d.waiting_heading}</h2>
            <ul class="waiting">
                {waiting.into_iter().map(|(href, text)| view! { <li><a href=href>{text}</a></li> }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="recent-heading">
            <h2 id="recent-heading">{d.recent_changes_heading}</h2>
            <AuditList entries=coordinator.recent_changes with_company=true />
            <p><a href="/beheer/wijzigingen">{d.all_changes}</a></p>
        </section>
    }
}

/// The events this person manages (their company's, or their region's), upcoming and of
/// the last 30 days, each with a link to edit it and its state.
#[component]
pub(crate) fn ManagedEvents() -> impl IntoView {
    let t = texts();
    let saved = use_query_map().with_untracked(|q| q.get("evenement"));
    let events = Resource::new(|| (), |_| crate::api::events::managed_events());
    view! {
        <section class="panel" id="evenementen" aria-labelledby="events-heading">
            <div class="panel__head">
                <h2 id="events-heading">{t.events.dashboard_heading}</h2>
                <a class="button" href="/beheer/evenementen/nieuw">{t.events.add_event}</a>
            </div>
            {saved.map(|_| view! { <p class="notice" role="status">{t.dashboard.saved_notice}</p> })}
            <Loaded resource=events let:events>
                {if events.is_empty() {
                    view! { <p class="empty">{t.events.no_managed_events}</p> }.into_any()
                } else {
                    view! {
                        <ul class="own-placements">
                            {events.into_iter().map(|event| view! { <ManagedEvent event /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}

/// One event on the dashboard: when, what, its state, and where to edit or see it.
#[component]
fn ManagedEvent(event: crate::domain::Event) -> impl IntoView {
    let t = texts();
    let e = &event.event;
    let title = t.pick(&e.title_nl, &e.title_en).to_owned();
    let state = if event.is_cancelled() {
        Some((t.events.cancelled_badge, "badge badge--cancelled"))
    } else {
        None
    };
    view! {
        <li class="own-placement" id=format!("evenement-{}", event.id)>
            <div class="own-placement__main">
                <a class="own-placement__title" href=format!("/beheer/evenementen/{}", event.id)>{title}</a>
                <span class=format!("kind kind--event kind--{}", e.kind.code())>{t.words.event_kind(e.kind)}</span>
                {state.map(|(text, class)| view! { <span class=class>{text}</span> })}
                {event.hidden.then(|| view! { <span class="badge badge--past">{t.events.hidden_badge}</span> })}
                <p class="own-placement__meta">
                    {t.words.event_time(t.events, e.times)} " · " {format!("{}, {}", e.venue.name, e.venue.town)}
                </p>
            </div>
            <div class="own-placement__actions">
                <a class="button button--quiet" href=format!("/beheer/evenementen/{}", event.id)>{t.dashboard.edit_button}</a>
                {(!event.hidden).then(|| view! {
                    <a class="button button--quiet" href=crate::routes::events::event_href(event.id)>{t.dashboard.view_public_page}</a>
                })}
            </div>
        </li>
    }
}

/// The kiosk screens this person manages, each with whether it shows now, when it was
/// last heard of and what it showed then.
#[component]
pub(crate) fn ManagedScreens() -> impl IntoView {
    let t = texts();
    let saved = use_query_map().with_untracked(|q| q.get("scherm"));
    let screens = Resource::new(|| (), |_| crate::api::screens::managed_screens());
    view! {
        <section class="panel" id="schermen" aria-labelledby="screens-heading">
            <div class="panel__head">
                <h2 id="screens-heading">{t.screens.dashboard_heading}</h2>
                <a class="button" href="/beheer/schermen/koppel">{t.screens.pair_link}</a>
            </div>
            <p class="field-hint">{t.screens.dashboard_intro}</p>
            {saved.map(|_| view! { <p class="notice" role="status">{t.dashboard.saved_notice}</p> })}
            <Loaded resource=screens let:found>
                {match found {
                    (screens, _) if screens.is_empty() => view! { <p class="empty">{t.screens.no_screens}</p> }.into_any(),
                    (screens, now) => view! {
                        <ul class="own-placements">
                            {screens.into_iter().map(|screen| view! { <ManagedScreen screen now /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

/// One screen on the dashboard.
#[component]
fn ManagedScreen(screen: crate::domain::Screen, now: crate::domain::Instant) -> impl IntoView {
    use crate::domain::ScreenState;

    let t = texts();
    let s = t.screens;
    let state = screen.state(now);
    let badge = match state {
        ScreenState::Online => "badge badge--running",
        ScreenState::Offline => "badge badge--cancelled",
        ScreenState::Revoked => "badge badge--past",
    };
    let last_seen = screen.last_seen.map_or_else(
        || s.never_seen.to_owned(),
        |seen| {
            let local = seen.in_amsterdam();
            format!(
                "{} {:02}:{:02}",
                t.words.date(&local.date().to_string()),
                local.hour(),
                local.minute()
            )
        },
    );
    let showing = screen
        .last_slide
        .clone()
        .filter(|_| state == ScreenState::Online)
        .map(|slide| {
            let what = match slide.split_once('-') {
                Some(("event", id)) => {
                    view! { <a href=format!("/evenementen/{id}")>{format!("{} {id}", s.event_slide)}</a> }.into_any()
                }
                Some(("placement", id)) => format!("{} {id}", s.placement_slide).into_any(),
                _ => s.region_slide.into_any(),
            };
            view! { " · " {s.showing_now_label} ": " {what} }
        });
    let settings = &screen.settings;
    view! {
        <li class="own-placement" id=format!("scherm-{}", screen.id)>
            <div class="own-placement__main">
                <a class="own-placement__title" href=format!("/beheer/schermen/{}", screen.id)>{settings.name.clone()}</a>
                <span class=badge>{s.state(state)}</span>
                <p class="own-placement__meta">
                    {screen.company_name.clone().map(|company| format!("{} {company} · ", s.lobby_of))}
                    {format!(
                        "{} · {} · {} {}–{}",
                        s.shows(settings.shows),
                        s.orientation(settings.orientation),
                        s.on_days(settings.on_hours.days),
                        settings.on_hours.from,
                        settings.on_hours.until
                    )}
                </p>
                <p class="own-placement__meta">
                    {format!("{}: {last_seen}", s.last_seen_label)}
                    {showing}
                    {screen.last_size.clone().filter(|_| state == ScreenState::Online).map(|size| format!(" · {size}"))}
                </p>
            </div>
        </li>
    }
}

/// The company's candidates: the students the coordinator introduced to its placements,
/// with what the company can answer for each.
#[component]
fn CompanyCandidates() -> impl IntoView {
    let t = texts();
    let candidates = Resource::new(|| (), |_| crate::api::candidates::company_candidates());
    let refused = form_error(crate::api::candidates::AnswerCandidate::PATH);
    view! {
        <section class="panel" id="kandidaten" aria-labelledby="candidates-heading">
            <h2 id="candidates-heading">{t.interests.candidates_heading}</h2>
            <p>{t.interests.candidates_intro}</p>
            {refused.map(|error| view! { <RefusalNotice error action=true /> })}
            <Loaded resource=candidates let:list>
                {if list.is_empty() {
                    view! { <p class="empty">{t.interests.no_candidates}</p> }.into_any()
                } else {
                    view! {
                        <ul class="board">
                            {list.into_iter().map(|candidate| view! { <li><CandidateCard candidate /></li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}

/// One candidate: who, for which placement, where it stands, and the company's answers.
#[component]
fn CandidateCard(candidate: crate::domain::Candidate) -> impl IntoView {
    use crate::api::candidates::AnswerCandidate;
    use crate::domain::interests::{COMPANY_DECLINE_REASONS, MEETING_TIMES_MAX};
    use crate::domain::{CandidateAnswer, StartMonth};

    let t = texts();
    let i = t.interests;
    let c = candidate;
    let id = c.id;
    let version = c.version;
    let start = match c.start_month.as_deref().and_then(StartMonth::parse) {
        Some(month) => format!("{} {}", t.words.months[usize::from(month.month) - 1], month.year),
        None => i.start_now.to_owned(),
    };
    let programme = match &c.crebo {
        Some(crebo) => format!("{} (crebo {crebo})", i.programme(c.programme)),
        None => i.programme(c.programme).to_owned(),
    };
    let hidden = |name: &'static str, value: String| view! { <input type="hidden" name=name value=value /> };
    let answers = CandidateAnswer::fitting(c.stage);
    let longest = MEETING_TIMES_MAX as u32;
    view! {
        <article class="board-card" id=format!("kandidaat-{id}") aria-labelledby=format!("kandidaat-{id}-naam")>
            <header class="board-card__head">
                <h3 id=format!("kandidaat-{id}-naam") class="board-card__name">
                    {c.first_name.clone()} <span class="board-card__age">{format!(" · {}", i.age_band(c.age_band))}</span>
                </h3>
                <p class=format!("stage stage--{}", c.stage.code())>{i.board_stage(c.stage)}</p>
            </header>
            <p class="board-card__placement">{i.candidate_for} ": " <strong>{c.placement_title.clone()}</strong></p>
            <dl class="facts board-card__facts">
                <dt>{i.school_label}</dt>
                <dd>{format!("{} · {programme}", c.school)}</dd>
                <dt>{i.board_start}</dt>
                <dd>{start}</dd>
                {(!c.motivation.is_empty()).then(|| view! {
                    <dt>{i.board_motivation}</dt>
                    <dd>{c.motivation.clone()}</dd>
                })}
                {c.meeting_times.clone().map(|times| view! {
                    <dt>{i.proposed_times}</dt>
                    <dd class="board-card__times">{times}</dd>
                })}
                {c.meeting_accepted.clone().map(|moment| view! {
                    <dt>{i.chosen_moment}</dt>
                    <dd>{moment}</dd>
                })}
                {c.contact.clone().map(|(email, phone)| view! {
                    <dt>{t.labels.email_label}</dt>
                    <dd><a href=format!("mailto:{email}")>{email.clone()}</a></dd>
                    {phone.map(|phone| view! {
                        <dt>{t.labels.contact_phone_label}</dt>
                        <dd><a href=format!("tel:{phone}")>{phone.clone()}</a></dd>
                    })}
                })}
            </dl>
            {c.contact.is_none().then(|| view! { <p class="field-hint">{i.contact_later}</p> })}
            <div class="board-card__actions">
                {answers.into_iter().map(|answer| match answer {
                    CandidateAnswer::Meet => view! {
                        <form method="post" action=AnswerCandidate::PATH class="board-card__form">
                            {hidden("id", id.to_string())}
                            {hidden("version", version.to_string())}
                            {hidden("answer", answer.code().to_owned())}
                            <label for=format!("times-{id}")>{i.meeting_times_label}</label>
                            <p class="field-hint" id=format!("times-{id}-hint")>{i.meeting_times_hint}</p>
                            <textarea id=format!("times-{id}") name="meeting_times" rows="3" maxlength=longest required=true
                                aria-describedby=format!("times-{id}-hint")></textarea>
                            <button type="submit" class="button">{i.candidate_answer(answer)}</button>
                        </form>
                    }.into_any(),
                    CandidateAnswer::Decline => view! {
                        <details class="board-card__more">
                            <summary>{i.candidate_answer(answer)}</summary>
                            <form method="post" action=AnswerCandidate::PATH class="board-card__form">
                                {hidden("id", id.to_string())}
                                {hidden("version", version.to_string())}
                                {hidden("answer", answer.code().to_owned())}
                                <label for=format!("decline-{id}")>{i.decline_reason_label}</label>
                                <select id=format!("decline-{id}") name="reason" required=true>
                                    <option value="">{t.edit.choose_option}</option>
                                    {COMPANY_DECLINE_REASONS.iter().map(|r| view! {
                                        <option value=r.code()>{i.close_reason(*r)}</option>
                                    }).collect_view()}
                                </select>
                                <button type="submit" class="button button--danger">{i.candidate_answer(answer)}</button>
                            </form>
                        </details>
                    }.into_any(),
                    _ => view! {
                        <form method="post" action=AnswerCandidate::PATH class="inline-form">
                            {hidden("id", id.to_string())}
                            {hidden("version", version.to_string())}
                            {hidden("answer", answer.code().to_owned())}
                            <button type="submit" class="button button--secondary">{i.candidate_answer(answer)}</button>
                        </form>
                    }.into_any(),
                }).collect_view()}
            </div>
        </article>
    }
}
