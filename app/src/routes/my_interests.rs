//! `/mijn-interesse/{token}`: a student's own page, opened from the link in their mail:
//! confirm the interest, see where each interest stands and what is kept, withdraw,
//! keep it for next season, download everything, delete everything (two clicks: the
//! first asks "are you sure?" by its address, so it works without script).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Stylesheet, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::interests::{
    AcceptMeeting, ConfirmInterest, DeleteMyData, KeepMyInterests, OwnInterests, WithdrawInterest, load_own_interests,
};
use crate::components::{Layout, Loaded, company_href};
use crate::domain::interests::InterestPlacement;
use crate::domain::interests::{Waiting, retention::KEEP_DAYS};
use crate::domain::{Interest, StartMonth};
use crate::i18n::texts;

/// The address of the student's own page.
pub fn my_interests_href(token: &str) -> String {
    format!("/mijn-interesse/{token}")
}

#[component]
pub fn MyInterestsPage() -> impl IntoView {
    let t = texts();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let found = Resource::new(move || token.clone(), load_own_interests);
    view! {
        <Title text=format!("{} – {}", t.interests.page_title, t.site.site_name) />
        // The address holds the key to the student's data: no page it links to may learn it.
        <Meta name="referrer" content="no-referrer" />
        <Meta name="robots" content="noindex" />
        <Stylesheet href=super::WORKSPACE_CSS />
        <Layout>
            <h1>{t.interests.page_title}</h1>
            <Loaded resource=found let:mine>
                <MyInterestsView mine />
            </Loaded>
        </Layout>
    }
}

#[component]
fn MyInterestsView(mine: OwnInterests) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let query = use_query_map();
    let flag = |name: &str| query.with_untracked(|q| q.get(name).is_some());
    let notice = if flag("bevestigd") {
        Some(i.confirmed_notice)
    } else if flag("ingetrokken") {
        Some(i.withdrawn_notice)
    } else if flag("afgesproken") {
        Some(i.meeting_accepted_notice)
    } else {
        None
    };
    let stale = super::form_error(WithdrawInterest::PATH).is_some();
    let asking_to_delete = flag("verwijderen");
    let own = mine.own().cloned();
    let unconfirmed = own
        .as_ref()
        .is_some_and(|own| own.email_confirmed_at.is_none() && !own.registered_by_staff);
    let keep_until = mine.interests.iter().filter_map(|(i, _)| i.keep_until).max();
    let keep_offer = mine.now.plus_seconds(KEEP_DAYS * 86_400);
    let here = my_interests_href(&token);
    view! {
        <p>{i.page_intro}</p>
        {notice.map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
        {stale.then(|| view! { <p class="error-message" role="alert">{i.moved_meanwhile}</p> })}
        {unconfirmed.then(|| view! {
            <section class="profile-section interest-confirm" aria-labelledby="confirm-heading">
                <h2 id="confirm-heading">{i.confirm_heading}</h2>
                <p>{i.confirm_text}</p>
                <form method="post" action=ConfirmInterest::PATH>
                    <input type="hidden" name="token" value=token.clone() />
                    <button type="submit" class="button">{i.confirm_button}</button>
                </form>
            </section>
        })}
        <ul class="interest-list">
            {mine.interests.iter().map(|(interest, placement)| view! {
                <li><InterestCard interest=interest.clone() placement=placement.clone() token=token.clone() /></li>
            }).collect_view()}
        </ul>
        {own.map(|own| view! { <StoredData interest=own /> })}
        <div class="profile-grid">
            <section class="profile-section" id="bewaren" aria-labelledby="keep-heading">
                <h2 id="keep-heading">{i.keep_heading}</h2>
                // Kept: the text says until when, and the button stops it; not kept: the
                // text offers a year from now, and the button asks for it.
                <p>{match keep_until {
                    Some(until) => i.kept_until.replace("{date}", &t.words.moment(until)),
                    None => i.keep_text.replace("{date}", &t.words.moment(keep_offer)),
                }}</p>
                <form method="post" action=KeepMyInterests::PATH>
                    <input type="hidden" name="token" value=token.clone() />
                    <input type="hidden" name="keep" value=if keep_until.is_some() { "false" } else { "true" } />
                    <button type="submit" class="button button--secondary">
                        {if keep_until.is_some() { i.stop_keeping_button } else { i.keep_button }}
                    </button>
                </form>
            </section>
            <section class="profile-section" aria-labelledby="download-heading">
                <h2 id="download-heading">{i.download_heading}</h2>
                <p>{i.download_text}</p>
                <p><a class="button button--secondary" href=format!("{here}/gegevens.json") download>{i.download_link}</a></p>
            </section>
            <section class="profile-section" id="verwijderen" aria-labelledby="delete-heading">
                <h2 id="delete-heading">{i.delete_heading}</h2>
                <p>{i.delete_text}</p>
                {if asking_to_delete {
                    view! {
                        <p role="alert"><strong>{i.delete_sure}</strong></p>
                        <form method="post" action=DeleteMyData::PATH class="inline-form">
                            <input type="hidden" name="token" value=token.clone() />
                            <button type="submit" class="button button--danger">{i.delete_sure_button}</button>
                        </form>
                        " "
                        <a href=here.clone()>{i.delete_cancel}</a>
                    }.into_any()
                } else {
                    view! {
                        <p><a class="button button--danger" href=format!("{here}?verwijderen=1#verwijderen")>{i.delete_button}</a></p>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

/// One interest: its placement, where it stands, and "withdraw" while it can.
#[component]
fn InterestCard(interest: Interest, placement: Option<InterestPlacement>, token: String) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let state = match interest.waiting_for() {
        Some(Waiting::Student) => i.waiting_for_you,
        Some(Waiting::Guardian) => i.waiting_for_guardian,
        None => i.stage(interest.stage),
    };
    let heading = match &placement {
        Some(p) => view! {
            <h2 class="interest-card__title">
                <a href=format!("{}/plekken/{}", company_href(&p.company_slug), p.placement_id)>{p.title.clone()}</a>
            </h2>
            <p>{format!("{}, {} · {}", p.company_name, p.town, t.words.kind(p.kind))}</p>
        }
        .into_any(),
        // Said on an orientation day's page: the day is what it is about, until a placement is.
        None => match &interest.event {
            Some(event) => view! {
                <h2 class="interest-card__title">
                    <a href=super::events::event_href(event.event_id)>{t.pick(&event.title_nl, &event.title_en).to_owned()}</a>
                </h2>
                <p>{format!(
                    "{} · {}, {}",
                    i.orientation_day,
                    t.words.moment(event.starts_at),
                    event.town
                )}</p>
            }
            .into_any(),
            None if interest.placement_not_chosen_yet() => {
                view! { <h2 class="interest-card__title">{i.no_placement_yet}</h2> }.into_any()
            }
            None => view! { <h2 class="interest-card__title">{i.placement_gone}</h2> }.into_any(),
        },
    };
    let via = interest.event.clone().filter(|_| placement.is_some());
    view! {
        <article class="profile-section interest-card">
            {heading}
            {via.map(|event| view! { <super::placement::OrientationDayLine event /> })}
            <p class="interest-card__state"><strong>{state}</strong></p>
            <p class="interest-card__when">{i.sent_on} " " {t.words.moment(interest.created_at)}</p>
            <Meeting interest=interest.clone() company=placement.as_ref().map(|p| p.company_name.clone()).unwrap_or_default() token=token.clone() />
            {interest.can_withdraw().then(|| view! {
                <form method="post" action=WithdrawInterest::PATH class="inline-form">
                    <input type="hidden" name="token" value=token />
                    <input type="hidden" name="id" value=interest.id />
                    <input type="hidden" name="version" value=interest.version />
                    <button type="submit" class="button button--secondary">{i.withdraw_button}</button>
                </form>
            })}
        </article>
    }
}

/// A company's proposal to meet: the moments to choose from, or the one chosen.
#[component]
fn Meeting(interest: Interest, company: String, token: String) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    if let Some(moment) = &interest.meeting_accepted {
        let line = i
            .meeting_accepted_line
            .replace("{company}", &company)
            .replace("{moment}", moment);
        return view! { <p class="interest-card__meeting">{line}</p> }.into_any();
    }
    let moments: Vec<String> = interest.moments_to_choose().into_iter().map(str::to_owned).collect();
    if moments.is_empty() {
        return ().into_any();
    }
    let id = interest.id;
    let legend_id = format!("meeting-{id}");
    view! {
        <form method="post" action=AcceptMeeting::PATH class="interest-card__meeting">
            <fieldset aria-describedby=format!("{legend_id}-text")>
                <legend id=legend_id.clone()>{i.meeting_heading}</legend>
                <p id=format!("{legend_id}-text")>{i.meeting_text.replace("{company}", &company)}</p>
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="version" value=interest.version />
                {moments.into_iter().enumerate().map(|(n, moment)| {
                    let input_id = format!("{legend_id}-{n}");
                    view! {
                        <div class="field--check">
                            <input type="radio" id=input_id.clone() name="moment" value=moment.clone() required=true />
                            <label for=input_id>{moment}</label>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" class="button">{i.meeting_choose_button}</button>
                <p class="field-hint">{i.meeting_none_suits}</p>
            </fieldset>
        </form>
    }
    .into_any()
}

/// What is stored about the student, field by field, as the form took it.
#[component]
pub fn StoredData(interest: Interest) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let empty = || t.site.empty_value.to_owned();
    let start = match interest.start_month.as_deref().and_then(StartMonth::parse) {
        Some(month) => format!("{} {}", t.words.months[usize::from(month.month) - 1], month.year),
        None => i.start_now.to_owned(),
    };
    view! {
        <section class="profile-section" aria-labelledby="stored-heading">
            <h2 id="stored-heading">{i.stored_heading}</h2>
            <dl class="facts">
                <dt>{i.first_name_label}</dt>
                <dd>{interest.first_name.clone()}</dd>
                <dt>{i.age_filter}</dt>
                <dd>{i.age_band(interest.age_band)}</dd>
                <dt>{i.school_label}</dt>
                <dd>{interest.school.clone()}</dd>
                <dt>{i.programme_label}</dt>
                <dd>{i.programme(interest.programme)}{interest.crebo.clone().map(|c| format!(" (crebo {c})"))}</dd>
                <dt>{t.labels.email_label}</dt>
                <dd>{interest.email.clone()}</dd>
                <dt>{t.labels.contact_phone_label}</dt>
                <dd>{interest.phone.clone().unwrap_or_else(empty)}</dd>
                <dt>{i.board_start}</dt>
                <dd>{start}</dd>
                <dt>{t.labels.postcode_label}</dt>
                <dd>{interest.postcode.clone().unwrap_or_else(empty)}</dd>
                <dt>{i.board_motivation}</dt>
                <dd>{if interest.motivation.is_empty() { empty() } else { interest.motivation.clone() }}</dd>
                {interest.guardian_email.clone().map(|email| view! {
                    <dt>{i.guardian_short}</dt>
                    <dd>{email}</dd>
                })}
            </dl>
        </section>
    }
}
