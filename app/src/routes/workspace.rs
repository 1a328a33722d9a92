//! The coordinator's workspace pages beside the overview (`/beheer`) and the board of
//! interests: companies with their users and SBB recognition (`/beheer/bedrijven`, with a
//! search), inviting someone of a company or a teacher (`/beheer/uitnodigen`), the outgoing mail
//! (`/beheer/uitgaande-mail`, with a search) and the change log (`/beheer/wijzigingen`).
//! Each is reached through the workspace navigation; every button is a plain form.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Stylesheet, Title};
use leptos_router::hooks::use_query_map;

use super::form_error;
use crate::api::accounts::{Invite, InviteTeacher};
use crate::api::dashboard::{
    InvitationsPage, RegionCompanies, workspace_access, workspace_changes, workspace_companies, workspace_invitations,
    workspace_outbox,
};
use crate::api::recognition::SetRecognition;
use crate::components::form_check::FormCheck;
use crate::components::form_fields::form_key;
use crate::components::{AuditList, Input, Layout, RefusalNotice, SelectField, TextField, Workspace, WorkspaceNav};
use crate::domain::accounts::{CompanyChoice, Mail, NEW_COMPANY, TeacherAccount, TeacherInviteForm};
use crate::domain::{InviteForm, Region, SizeBand, TOWNS};
use crate::error::AppError;
use crate::i18n::texts;

/// The search in the address (`?zoek=`), at most 100 characters.
fn search_param() -> String {
    use_query_map().with_untracked(|q| q.get("zoek").unwrap_or_default().chars().take(100).collect())
}

/// One workspace page: its title, the navigation (only once its data came, and only where
/// `nav` says so for it: a company user or a visitor gets the refusal alone) and `body`
/// with what `load` found, which brings its own heading.
pub(crate) fn workspace_page<T, Fut, V>(
    title: &'static str,
    current: Workspace,
    load: impl Fn() -> Fut + Send + Sync + 'static,
    nav: fn(&T) -> bool,
    body: impl Fn(T) -> V + Send + Sync + Copy + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let t = texts();
    // Not a `Resource`: these pages have no islands, so nothing in the browser would read
    // the data again, and a resource would copy all of it into the page as a script.
    let load = std::sync::Arc::new(load);
    view! {
        <Title text=format!("{title} – {}", t.site.site_name) />
        <Stylesheet href=super::WORKSPACE_CSS />
        <Layout>
            <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
                {move || {
                    let load = load.clone();
                    Suspend::new(async move {
                    match load().await {
                        Ok(found) => view! {
                            {nav(&found).then(|| view! { <WorkspaceNav current /> })}
                            {body(found)}
                        }
                        .into_any(),
                        Err(error) => view! {
                            <h1>{title}</h1>
                            {super::account_page_error(error)}
                        }
                        .into_any(),
                    }
                    })
                }}
            </Suspense>
        </Layout>
    }
}

/// Every coordinator gets the navigation on a page only a coordinator can load.
pub(crate) fn always<T>(_: &T) -> bool {
    true
}

/// A search form for the list below it, keeping what was searched.
#[component]
fn SearchForm(action: &'static str, label: &'static str, value: String) -> impl IntoView {
    let d = texts().dashboard;
    let searched = !value.is_empty();
    view! {
        <form method="get" action=action class="workspace-search" role="search">
            <div class="field">
                <label for="zoek">{label}</label>
                <input id="zoek" type="search" name="zoek" value=value maxlength="100" />
            </div>
            <button type="submit" class="button">{d.search_button}</button>
            {searched.then(|| view! { <a href=action>{d.clear_search}</a> })}
        </form>
    }
}

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let d = texts().dashboard;
    let search = search_param();
    workspace_page(
        d.companies_heading,
        Workspace::Companies,
        move || workspace_companies(search.clone()),
        always,
        |found| {
            view! {
                <h1>{texts().dashboard.companies_heading}</h1>
                <CompanyLists found />
            }
        },
    )
}

#[component]
fn CompanyLists(found: RegionCompanies) -> impl IntoView {
    let t = texts();
    let recognition_error = form_error(SetRecognition::PATH);
    let search = search_param();
    let shown = if search.is_empty() {
        t.dashboard.companies_count.of(found.total as i64)
    } else {
        t.dashboard.companies_found.of(found.companies.len() as i64)
    };
    let invite_error = form_error(Invite::PATH);
    view! {
        <SearchForm action="/beheer/bedrijven" label=t.dashboard.search_companies value=search />
        {invite_error.map(|error| view! { <RefusalNotice error action=true /> })}
        <p class="workspace-count">{shown}</p>
        <section class="panel" id="bedrijven" aria-label=t.dashboard.companies_heading>
            {recognition_error.map(|error| view! { <RefusalNotice error action=true /> })}
            <ul class="company-users">
                {found.companies.iter().map(|company| {
                    let (label, state) = if company.sbb_accredited {
                        (t.dashboard.unrecognise_button, t.dashboard.recognised)
                    } else {
                        (t.dashboard.recognise_button, t.dashboard.not_recognised)
                    };
                    view! {
                        <li class="company-users__user">
                            <span><strong>{company.name.clone()}</strong> " · " {company.town.clone()} " · " {state}</span>
                            <form method="post" action=SetRecognition::PATH>
                                <input type="hidden" name="company_id" value=company.id />
                                <input type="hidden" name="version" value=company.version />
                                <input type="hidden" name="recognised" value=(!company.sbb_accredited).to_string() />
                                <button type="submit" class="button button--quiet"
                                    aria-label=format!("{label}: {}", company.name)>{label}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="users-heading">
            <h2 id="users-heading">{t.dashboard.users_heading}</h2>
            {if found.users.is_empty() {
                view! { <p class="empty">{t.dashboard.no_users}</p> }.into_any()
            } else {
                view! {
                    <ul class="company-users">
                        {found.users.into_iter().map(|user| view! {
                            <li class="company-users__user">
                                <span><strong>{user.email.clone()}</strong> " · " {user.company_name} " · "
                                    {if user.has_password { t.dashboard.user_active } else { t.dashboard.user_invited }}</span>
                                // Someone with a password uses "forgot password"; a new
                                // invitation would give the reader of the outbox their account.
                                {(!user.has_password).then(|| view! {
                                    <form method="post" action=Invite::PATH>
                                        <input type="hidden" name=form_key("email") value=user.email.clone() />
                                        <input type="hidden" name=form_key("company") value=user.company_id />
                                        <button type="submit" class="button button--quiet"
                                            aria-label=format!("{}: {}", t.dashboard.invite_again_button, user.email)>{t.dashboard.invite_again_button}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn InvitePage() -> impl IntoView {
    let d = texts().dashboard;
    workspace_page(d.nav_invite, Workspace::Invite, workspace_invitations, always, |page| {
        let InvitationsPage {
            region,
            companies,
            teachers,
        } = page;
        view! {
            <h1>{texts().dashboard.nav_invite}</h1>
            <InvitationForm companies region />
            <TeacherInvitations teachers region />
        }
    })
}

/// The form that invites someone for a company of the region, or for a new one.
#[component]
fn InvitationForm(companies: Vec<CompanyChoice>, region: Option<Region>) -> impl IntoView {
    let t = texts();
    let invited = use_query_map().with_untracked(|q| q.get("uitgenodigd"));
    let error = form_error(Invite::PATH);
    let draft: InviteForm = AppError::draft_of(error.as_ref()).unwrap_or_default();
    let errors = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let mut company_options: Vec<(String, String)> = companies
        .iter()
        .map(|c| (c.id.to_string(), format!("{} ({})", c.name, c.town)))
        .collect();
    company_options.push((NEW_COMPANY.to_owned(), t.dashboard.new_company_option.to_owned()));
    let towns: Vec<(String, String)> = TOWNS
        .iter()
        .filter(|town| region.is_none_or(|r| town.municipality.region() == r))
        .map(|town| {
            (
                town.code.to_owned(),
                format!("{} ({})", town.name, town.municipality.name()),
            )
        })
        .collect();
    let sizes: Vec<(String, String)> = SizeBand::ALL
        .iter()
        .map(|s| (s.code().to_owned(), t.words.size_band(*s)))
        .collect();
    view! {
        <section class="panel" id="uitnodigen" aria-labelledby="invite-company-heading">
            <h2 id="invite-company-heading">{t.dashboard.invite_heading}</h2>
            <p>{t.dashboard.invite_intro}</p>
            {invited.map(|_| view! { <p class="notice" role="status">{t.dashboard.invited_notice} " " <a href="/beheer/uitgaande-mail">{t.dashboard.nav_outbox}</a></p> })}
            {error.map(|error| view! { <RefusalNotice error /> })}
            <FormCheck>
            <form method="post" action=Invite::PATH class="edit-form">
                <TextField name="email" label=t.labels.email_label value=draft.email.clone() input=Input::Email required=true errors=errors.clone() />
                <SelectField name="company" label=t.labels.company_label value=draft.company.clone() options=company_options
                    required=true empty_label=t.dashboard.choose_company errors=errors.clone() />
                <fieldset class="edit-form__group">
                    <legend>{t.dashboard.new_company_heading}</legend>
                    <TextField name="company_name" label=t.labels.company_name_label value=draft.company_name.clone()
                        input=Input::Text(120) errors=errors.clone() />
                    <TextField name="street_address" label=t.labels.street_label value=draft.street_address.clone()
                        input=Input::Text(200) errors=errors.clone() />
                    <TextField name="postcode" label=t.labels.postcode_label value=draft.postcode.clone()
                        input=Input::Postcode errors=errors.clone() />
                    <SelectField name="town" label=t.labels.town_label value=draft.town.clone() options=towns
                        empty_label=t.dashboard.choose_town errors=errors.clone() />
                    <SelectField name="size_band" label=t.labels.size_label value=draft.size_band.clone() options=sizes
                        empty_label=t.dashboard.choose_size errors=errors.clone() />
                </fieldset>
                <button type="submit" class="button">{t.dashboard.invite_button}</button>
            </form>
            </FormCheck>
        </section>
    }
}

/// Inviting a teacher of a school in the region, and the region's teachers with whether
/// they chose a password (one who has not can be invited again).
#[component]
fn TeacherInvitations(teachers: Vec<TeacherAccount>, region: Option<Region>) -> impl IntoView {
    let t = texts();
    let d = t.dashboard;
    let invited = use_query_map().with_untracked(|q| q.get("docent-uitgenodigd"));
    let error = form_error(InviteTeacher::PATH);
    let draft: TeacherInviteForm = AppError::draft_of(error.as_ref()).unwrap_or_default();
    let errors = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let regions: Vec<(String, String)> = Region::ALL
        .iter()
        .map(|r| (r.code().to_owned(), r.name().to_owned()))
        .collect();
    view! {
        <section class="panel" id="docenten" aria-labelledby="teachers-heading">
            <h2 id="teachers-heading">{d.teacher_invite_heading}</h2>
            <p>{d.teacher_invite_intro}</p>
            {invited.map(|_| view! { <p class="notice" role="status">{d.teacher_invited_notice} " " <a href="/beheer/uitgaande-mail">{d.nav_outbox}</a></p> })}
            {error.map(|error| view! { <RefusalNotice error /> })}
            // Not checked in the browser as typed: that check follows the page's first form,
            // the company invitation's. The browser's own `required` and the server check it.
            <form method="post" action=InviteTeacher::PATH class="edit-form">
                <TextField name="email" label=t.labels.email_label value=draft.email.clone() input=Input::Email required=true
                    errors=errors.clone() scope="teacher" />
                <TextField name="school" label=t.interests.school_label value=draft.school.clone()
                    input=Input::Text(crate::domain::interests::SCHOOL_MAX as u32) required=true errors=errors.clone() scope="teacher" />
                // A coordinator of one region invites for that region.
                {region.is_none().then(|| view! {
                    <SelectField name="region" label=t.labels.region_label value=draft.region.clone() options=regions
                        required=true empty_label=d.choose_region errors=errors.clone() />
                })}
                <button type="submit" class="button">{d.teacher_invite_button}</button>
            </form>
            <h3>{d.teachers_heading}</h3>
            {if teachers.is_empty() {
                view! { <p class="empty">{d.no_teachers}</p> }.into_any()
            } else {
                view! {
                    <ul class="company-users">
                        {teachers.into_iter().map(|teacher| view! {
                            <li class="company-users__user">
                                <span><strong>{teacher.email.clone()}</strong> " · " {teacher.school.clone()}
                                    {region.is_none().then(|| format!(" · {}", teacher.region.name()))} " · "
                                    {if teacher.has_password { d.user_active } else { d.user_invited }}</span>
                                {(!teacher.has_password).then(|| view! {
                                    <form method="post" action=InviteTeacher::PATH>
                                        <input type="hidden" name=form_key("email") value=teacher.email.clone() />
                                        <input type="hidden" name=form_key("school") value=teacher.school.clone() />
                                        <input type="hidden" name=form_key("region") value=teacher.region.code() />
                                        <button type="submit" class="button button--quiet"
                                            aria-label=format!("{}: {}", d.invite_again_button, teacher.email)>{d.invite_again_button}</button>
                                    </form>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let d = texts().dashboard;
    let search = search_param();
    workspace_page(
        d.outbox_heading,
        Workspace::Outbox,
        move || workspace_outbox(search.clone()),
        always,
        |outbox| {
            view! {
                <h1>{texts().dashboard.outbox_heading}</h1>
                <OutboxList outbox />
            }
        },
    )
}

#[component]
fn OutboxList(outbox: Vec<Mail>) -> impl IntoView {
    let t = texts();
    view! {
        <SearchForm action="/beheer/uitgaande-mail" label=t.dashboard.search_outbox value=search_param() />
        <section class="panel outbox" id="uitgaande-mail" aria-label=t.dashboard.outbox_heading>
            <p>{t.dashboard.outbox_intro}</p>
            {if outbox.is_empty() {
                view! { <p class="empty">{t.dashboard.outbox_empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="outbox__list">
                        {outbox.into_iter().map(|mail| view! {
                            <li class="outbox__mail">
                                <p class="outbox__subject"><strong>{mail.subject}</strong> " → " {mail.recipient}</p>
                                <p class="outbox__when">
                                    {t.words.moment(mail.created_at)} " · "
                                    {if mail.sent_at.is_some() {
                                        t.dashboard.mail_sent.to_owned()
                                    } else if mail.given_up_at.is_some() {
                                        t.dashboard.mail_given_up(mail.attempts)
                                    } else {
                                        t.dashboard.mail_waiting.to_owned()
                                    }}
                                </p>
                                {(!mail.shown_to.is_empty()).then(|| {
                                    let readers = mail
                                        .shown_to
                                        .iter()
                                        .map(|(reader, at)| format!("{reader} ({})", t.words.moment(*at)))
                                        .collect::<Vec<_>>()
                                        .join(", ");
                                    view! { <p class="outbox__when">{format!("{} {readers}", t.dashboard.mail_link_shown_to)}</p> }
                                })}
                                {match mail.body {
                                    Some(body) => view! { <pre class="outbox__body">{body}</pre> }.into_any(),
                                    None => view! { <p class="outbox__hidden">{t.dashboard.mail_link_hidden}</p> }.into_any(),
                                }}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn ChangesPage() -> impl IntoView {
    let d = texts().dashboard;
    workspace_page(
        d.audit_heading,
        Workspace::Changes,
        workspace_changes,
        always,
        |entries| {
            view! {
                <h1>{texts().dashboard.audit_heading}</h1>
                <section class="panel" id="wijzigingen" aria-label=texts().dashboard.audit_heading>
                    <AuditList entries with_company=true />
                </section>
            }
        },
    )
}

/// `/beheer/evenementen` and `/beheer/schermen`: the events or screens the logged-in
/// person manages (a company its own, a coordinator the region's), with the workspace
/// navigation for a coordinator.
fn managed_page(title: &'static str, current: Workspace, list: fn() -> AnyView) -> impl IntoView {
    workspace_page(
        title,
        current,
        workspace_access,
        |coordinator| *coordinator,
        move |_| {
            view! {
                <h1>{title}</h1>
                {list()}
            }
        },
    )
}

#[component]
pub fn EventsWorkspacePage() -> impl IntoView {
    managed_page(texts().dashboard.nav_events, Workspace::Events, || {
        view! { <super::dashboard::ManagedEvents /> }.into_any()
    })
}

#[component]
pub fn ScreensWorkspacePage() -> impl IntoView {
    managed_page(texts().dashboard.nav_screens, Workspace::Screens, || {
        view! { <super::dashboard::ManagedScreens /> }.into_any()
    })
}
