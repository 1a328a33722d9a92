//! `/beheer/schermen/{id}`: a screen's settings (posts to `save_screen`), pairing it again
//! with a new code (`pair_screen`), and unpairing or removing it (`change_screen`).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::form_error;
use super::pair_screen::ScreenSettingsFields;
use crate::api::screens::{ChangeScreen, PairScreen, SaveScreen, load_screen_settings};
use crate::components::{Input, Layout, Loaded, RefusalNotice, TextField};
use crate::domain::{FieldError, Screen, ScreenChange, ScreenForm};
use crate::error::AppError;
use crate::i18n::texts;

#[component]
pub fn EditScreenPage() -> impl IntoView {
    let t = texts();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let stored = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => load_screen_settings(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t.screens.edit_title />
        <Layout>
            <section class="edit-page">
                <p><a href="/beheer/schermen">{t.edit.back_to_dashboard}</a></p>
                <h1>{t.screens.edit_title}</h1>
                <Loaded resource=stored let:found>
                    <ScreenEditor screen=found.0 />
                </Loaded>
            </section>
        </Layout>
    }
}

/// The three forms of one screen, each with what its server function refused.
#[component]
fn ScreenEditor(screen: Screen) -> impl IntoView {
    let t = texts();
    let s = t.screens;
    let draft = |error: &Option<AppError>| AppError::draft_of::<ScreenForm>(error.as_ref());
    let errors_of = |error: &Option<AppError>| -> Vec<FieldError> {
        error.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default()
    };
    let save_error = form_error(SaveScreen::PATH);
    let pair_error = form_error(PairScreen::PATH);
    let change_error = form_error(ChangeScreen::PATH);
    let form = draft(&save_error).unwrap_or_else(|| ScreenForm::from_settings(&screen.settings, screen.version));
    let code = draft(&pair_error).map(|f| f.code).unwrap_or_default();
    let save_errors = errors_of(&save_error);
    let pair_errors = errors_of(&pair_error);
    let id = screen.id;
    let version = screen.version;
    view! {
        {save_error.map(|error| view! { <RefusalNotice error /> })}
        <form method="post" action=SaveScreen::PATH class="edit-form">
            <input type="hidden" name="id" value=id />
            <ScreenSettingsFields form errors=save_errors />
            <button type="submit" class="button">{s.save_button}</button>
        </form>
        <section aria-labelledby="opnieuw-koppelen">
            <h2 id="opnieuw-koppelen">{s.repair_heading}</h2>
            <p class="field-hint">{s.repair_hint}</p>
            {pair_error.map(|error| view! { <RefusalNotice error /> })}
            <form method="post" action=PairScreen::PATH class="edit-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="form[version]" value=version />
                <TextField name="code" label=s.code_label value=code input=Input::Text(12) required=true
                    errors=pair_errors />
                <button type="submit" class="button">{s.repair_button}</button>
            </form>
        </section>
        <section aria-labelledby="ontkoppelen">
            <h2 id="ontkoppelen">{s.revoke_heading}</h2>
            {change_error.map(|error| view! { <RefusalNotice error /> })}
            {screen.paired.then(|| view! {
                <p class="field-hint">{s.revoke_hint}</p>
                <ChangeButton id version change=ScreenChange::Revoke label=s.revoke_button class="button button--secondary" />
            })}
            <p class="field-hint">{s.remove_hint}</p>
            <ChangeButton id version change=ScreenChange::Remove label=s.remove_button class="button button--danger" />
        </section>
    }
}

/// One button that unpairs or removes the screen, as a form of its own (works without
/// JavaScript).
#[component]
fn ChangeButton(
    id: i64,
    version: i64,
    change: ScreenChange,
    label: &'static str,
    class: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action=ChangeScreen::PATH>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="change" value=change.code() />
            <button type="submit" class=class>{label}</button>
        </form>
    }
}
