//! `/beheer/nieuwe-interesse`: a coordinator registers a student's interest on their
//! behalf, as their school asked, or a teacher for a student of their own school: the
//! same fields a student fills in (without a parent's address: the school answers for
//! it; a teacher's school is their own) and, if known, an open placement of the region.
//! A plain form: no script needed. `?plek=ID` chooses a placement beforehand. A teacher
//! gets no workspace navigation: the board is not theirs.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::placement::{InterestFields, interest_draft};
use super::workspace::workspace_page;
use crate::api::registrations::{RegisterInterest, RegistrationOptions, registration_choices};
use crate::components::{RefusalNotice, Workspace};
use crate::i18n::texts;

#[component]
pub fn RegisterInterestPage() -> impl IntoView {
    let t = texts();
    workspace_page(
        t.interests.register_title,
        Workspace::Interests,
        registration_choices,
        |choices: &RegistrationOptions| choices.school.is_none(),
        |choices| {
            view! { <RegisterForm choices /> }
        },
    )
}

#[component]
fn RegisterForm(choices: RegistrationOptions) -> impl IntoView {
    let t = texts();
    let i = t.interests;
    let error = super::form_error(RegisterInterest::PATH);
    let draft = interest_draft(error.as_ref());
    let errors = error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let placement_problem = crate::components::form_fields::problem_of(&errors, "placement");
    // What was chosen before a refusal, else what the address chose beforehand.
    let chosen = match &error {
        Some(crate::error::AppError::Refused(refusal)) => match &refusal.draft {
            crate::error::Draft::Registration { placement, .. } => Some(placement.clone()),
            _ => None,
        },
        _ => None,
    }
    .unwrap_or_else(|| use_query_map().with_untracked(|q| q.get("plek").unwrap_or_default()));
    let RegistrationOptions {
        placements,
        today,
        school,
    } = choices;
    let (back, back_label, intro, placement_hint) = match &school {
        Some(_) => (
            "/beheer",
            i.back_to_registrations,
            i.teacher_register_intro,
            i.teacher_placement_hint,
        ),
        None => (
            "/beheer/interesses",
            i.back_to_board,
            i.register_intro,
            i.register_placement_hint,
        ),
    };
    view! {
        <p><a href=back>{back_label}</a></p>
        <h1>{i.register_title}</h1>
        <p>{intro}</p>
        {error.map(|error| view! { <RefusalNotice error /> })}
        <form method="post" action=RegisterInterest::PATH class="edit-form interest__form">
            <div class="field">
                <label for="field-placement">{i.register_placement_label}</label>
                <p class="field-hint" id="field-placement-hint">{placement_hint}</p>
                <select id="field-placement" name="placement"
                    aria-invalid=placement_problem.is_some().then_some("true")
                    aria-describedby="field-placement-hint field-placement-error">
                    <option value="">{i.no_placement_yet}</option>
                    {placements.into_iter().map(|(id, label)| {
                        let selected = id.to_string() == chosen;
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <crate::components::form_fields::ErrorSlot id="field-placement-error".to_owned()
                    label=i.register_placement_label problem=placement_problem />
            </div>
            <InterestFields draft errors today student=false school />
            <button type="submit" class="button">{i.register_button}</button>
        </form>
    }
}
