//! Labelled form inputs for the account and editing forms, each showing the server's
//! message for its field. The browser checks what HTML can say (required, lengths,
//! number ranges, patterns) before sending; the server checks everything again.

use leptos::prelude::*;

use crate::domain::{AuditEntry, FieldError};
use crate::i18n::texts;

/// The message for `name` among `errors`, if there is one.
pub fn problem_of(errors: &[FieldError], name: &str) -> Option<crate::domain::Problem> {
    errors.iter().find(|e| e.field == name).map(|e| e.problem)
}

/// The input name a server function argument `form` of a struct type reads:
/// `form[title]`.
pub fn form_key(name: &str) -> String {
    format!("form[{name}]")
}

/// What kind of input a `TextField` is, with the browser's own checks for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// A line of text of at most this many characters.
    Text(u32),
    /// A paragraph of at most this many characters.
    Paragraph(u32),
    /// A whole number from..to.
    Number(i64, i64),
    Date,
    /// A time of day, `HH:MM`.
    Time,
    Email,
    /// Exactly five digits.
    Crebo,
    /// Four digits, a space and two capitals.
    Postcode,
    /// The four digits of a postcode (letters after them are allowed and dropped).
    PostcodeDigits,
    /// A phone number.
    Phone,
}

/// A labelled input of the struct argument `form`, named `form[{name}]`, with the
/// message for `name` when the server refused it.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    value: String,
    input: Input,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] errors: Vec<FieldError>,
    /// Sets this form's ids apart when another form on the page has a field of the same name.
    #[prop(optional)]
    scope: Option<&'static str>,
) -> impl IntoView {
    let id = match scope {
        Some(scope) => format!("{scope}-{}", super::form_check::field_id(name)),
        None => super::form_check::field_id(name),
    };
    let problem = problem_of(&errors, name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    // The message slot is always there, empty and hidden until there is a message, so
    // the browser's check (`FormCheck`) can fill it in.
    let described = [hint.map(|_| hint_id.clone()), Some(error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let invalid = problem.is_some().then_some("true");
    let key = form_key(name);
    let control = match input {
        Input::Paragraph(max) => view! {
            <textarea id=id.clone() name=key rows="5" maxlength=max required=required
                aria-describedby=described aria-invalid=invalid>{value}</textarea>
        }
        .into_any(),
        other => {
            let (kind, min, max, maxlength, pattern, inputmode, autocomplete) = match other {
                Input::Text(max) => ("text", None, None, Some(max), None, None, None),
                Input::Number(lo, hi) => ("number", Some(lo), Some(hi), None, None, Some("numeric"), None),
                Input::Date => ("date", None, None, None, None, None, None),
                Input::Time => ("time", None, None, None, None, None, None),
                Input::Email => ("email", None, None, Some(254), None, None, Some("off")),
                Input::Crebo => ("text", None, None, Some(5), Some("[0-9]{5}"), Some("numeric"), None),
                Input::Postcode => (
                    "text",
                    None,
                    None,
                    Some(7),
                    Some("[1-9][0-9]{3} ?[A-Za-z]{2}"),
                    None,
                    Some("postal-code"),
                ),
                Input::PostcodeDigits => (
                    "text",
                    None,
                    None,
                    Some(7),
                    Some("[1-9][0-9]{3}( ?[A-Za-z]{2})?"),
                    Some("numeric"),
                    None,
                ),
                Input::Phone => ("tel", None, None, Some(20), None, None, Some("tel")),
                Input::Paragraph(_) => unreachable!("handled above"),
            };
            view! {
                <input id=id.clone() name=key type=kind value=value required=required min=min max=max
                    maxlength=maxlength pattern=pattern inputmode=inputmode autocomplete=autocomplete
                    aria-describedby=described aria-invalid=invalid />
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {control}
            <ErrorSlot id=error_id label problem />
        </div>
    }
}

/// A labelled select of the struct argument `form`: `options` are (value, label) pairs
/// after a first empty "Kies…" option.
#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    value: String,
    options: Vec<(String, String)>,
    #[prop(optional)] required: bool,
    #[prop(optional)] empty_label: Option<&'static str>,
    #[prop(optional)] errors: Vec<FieldError>,
) -> impl IntoView {
    let t = texts();
    let id = super::form_check::field_id(name);
    let problem = problem_of(&errors, name);
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=form_key(name) required=required
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=error_id.clone()>
                <option value="">{empty_label.unwrap_or(t.edit.choose_option)}</option>
                {options.into_iter().map(|(code, text)| {
                    let selected = code == value;
                    view! { <option value=code selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            <ErrorSlot id=error_id label problem />
        </div>
    }
}

/// A field's message: the server's, or an empty hidden slot the browser's check fills.
/// Also rendered inside the location picker island, so it takes `browser_texts`.
#[component]
pub fn ErrorSlot(id: String, label: &'static str, problem: Option<crate::domain::Problem>) -> impl IntoView {
    let t = crate::i18n::browser_texts();
    view! {
        <p class="field-error" id=id hidden=problem.is_none()>
            {problem.map(|p| format!("{label} {}", t.words.problem(p)))}
        </p>
    }
}

/// The general message above a refused form, and for a stale one what others saved in
/// the meantime.
#[component]
pub fn RefusalNotice(error: crate::error::AppError, #[prop(optional)] action: bool) -> impl IntoView {
    use crate::error::AppError;

    let t = texts();
    match error {
        AppError::Refused(refusal) if refusal.stale => view! {
            <div class="stale-notice" role="alert">
                <h2>{t.edit.stale_heading}</h2>
                <p>{if action { t.edit.stale_action_text } else { t.edit.stale_form_text }}</p>
                <AuditList entries=refusal.saved_since />
            </div>
        }
        .into_any(),
        AppError::Refused(_) => view! { <p class="error-message" role="alert">{t.site.form_refused}</p> }.into_any(),
        other => view! { <crate::components::ErrorMessage error=other /> }.into_any(),
    }
}

/// Audit entries: who did what when, and each changed field's before and after.
#[component]
pub fn AuditList(entries: Vec<AuditEntry>, #[prop(optional)] with_company: bool) -> impl IntoView {
    let t = texts();
    if entries.is_empty() {
        return view! { <p class="empty">{t.edit.no_changes}</p> }.into_any();
    }
    view! {
        <ul class="audit">
            {entries.into_iter().map(|entry| {
                let (when, stored) = (t.words.moment(entry.at), entry.at.stored());
                // A student has no account: the entry names no one, and the interest by number.
                let actor = match entry.actor.as_str() {
                    crate::domain::audit::STUDENT_ACTOR => t.dashboard.student_actor.to_owned(),
                    crate::domain::audit::COORDINATOR_ACTOR => t.dashboard.coordinator_actor.to_owned(),
                    _ => entry.actor,
                };
                // An interest by number; an export is about the whole board (number 0).
                let subject = match (entry.subject, entry.subject_id) {
                    (crate::domain::AuditSubject::Interest, 0) => Some(format!(" · {}", t.interests.board_title)),
                    (crate::domain::AuditSubject::Interest, id) => Some(format!(" · {} #{id}", t.dashboard.interest_subject)),
                    (crate::domain::AuditSubject::Screen, id) => Some(format!(" · {} #{id}", t.dashboard.screen_subject)),
                    _ => None,
                };
                view! {
                    <li class="audit__entry">
                        <p class="audit__what">
                            <strong>{actor}</strong> " " {t.dashboard.audit_action(entry.action)}
                            {with_company.then(|| format!(" · {}", entry.company_name))}
                            {subject}
                            <span class="audit__when">" · " <time datetime=stored>{when}</time></span>
                        </p>
                        <ul class="audit__changes">
                            {entry.changes.into_iter().map(|change| view! {
                                <li>
                                    {t.field_name(&change.field)} ": "
                                    // A first value (a new placement, an invitation) has no before.
                                    {(!change.before.is_empty()).then(|| view! {
                                        <del>{t.stored_value(&change.field, &change.before)}</del>
                                        " → "
                                    })}
                                    <ins>{t.stored_value(&change.field, &change.after)}</ins>
                                </li>
                            }).collect_view()}
                        </ul>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
