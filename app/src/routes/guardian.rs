//! `/toestemming/{token}`: a parent or guardian of a student under 16, from the link in
//! their mail: what the student sent and what is kept, and "I agree" or "delete it".

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Stylesheet, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::my_interests::StoredData;
use crate::api::interests::{AnswerGuardianRequest, ConsentRequest, load_consent_request};
use crate::components::{Layout, Loaded, company_href};
use crate::i18n::texts;

#[component]
pub fn GuardianPage() -> impl IntoView {
    let t = texts();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let found = Resource::new(move || token.clone(), load_consent_request);
    view! {
        <Title text=format!("{} – {}", t.interests.guardian_title, t.site.site_name) />
        <Meta name="referrer" content="no-referrer" />
        <Meta name="robots" content="noindex" />
        <Stylesheet href=super::WORKSPACE_CSS />
        <Layout>
            <h1>{t.interests.guardian_title}</h1>
            <Loaded resource=found let:request>
                <GuardianView request />
            </Loaded>
        </Layout>
    }
}

#[component]
fn GuardianView(request: ConsentRequest) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let agreed = use_query_map().with_untracked(|q| q.get("akkoord").is_some())
        || request.interest.guardian_confirmed_at.is_some();
    let name = request.interest.first_name.clone();
    view! {
        {agreed.then(|| view! { <p class="notice" role="status">{i.agreed_notice.replace("{name}", &name)}</p> })}
        <p>{i.guardian_intro.replace("{name}", &name)}</p>
        {request.placement.map(|p| view! {
            <p class="guardian__placement">
                <a href=format!("{}/plekken/{}", company_href(&p.company_slug), p.placement_id)>{p.title.clone()}</a>
                {format!(" · {}, {}", p.company_name, p.town)}
            </p>
        })}
        {request.interest.event.clone().map(|event| view! { <super::placement::OrientationDayLine event /> })}
        <StoredData interest=request.interest.clone() />
        <p><a href="/privacy">{t.interests.privacy_note} " " {t.site.privacy_link}</a></p>
        <div class="guardian__answers">
            {(!agreed).then(|| view! {
                <form method="post" action=AnswerGuardianRequest::PATH class="inline-form">
                    <input type="hidden" name="token" value=token.clone() />
                    <input type="hidden" name="agree" value="true" />
                    <button type="submit" class="button">{i.agree_button}</button>
                </form>
            })}
            <form method="post" action=AnswerGuardianRequest::PATH class="inline-form">
                <input type="hidden" name="token" value=token.clone() />
                <input type="hidden" name="agree" value="false" />
                <button type="submit" class="button button--danger">{i.refuse_button}</button>
            </form>
        </div>
    }
}
