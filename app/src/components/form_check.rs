//! Checks a form in the browser with the same `domain` rules the server applies, while
//! the person fills it in: a field's message appears when they leave it, and sending a
//! form with mistakes is held back with every message shown and the first wrong field
//! focused, and a message goes away as soon as the value is right. The server checks everything again; without JavaScript it is the only check.
//!
//! The form inside is server-rendered; this island only reads its fields (by the ids
//! `TextField` and `SelectField` give them) and fills in their message slots.

use leptos::prelude::*;

use crate::domain::FieldError;

/// Which rules a `FormCheck` applies: the form it wraps says it by where it posts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedForm {
    Placement,
    Profile,
    Invite,
    Event,
}

impl CheckedForm {
    /// The form whose `action` is this server function's address.
    pub fn by_action(action: &str) -> Option<CheckedForm> {
        use leptos::server_fn::ServerFn;
        [
            (crate::api::own_placements::SavePlacement::PATH, CheckedForm::Placement),
            (crate::api::own_profile::SaveProfile::PATH, CheckedForm::Profile),
            (crate::api::accounts::Invite::PATH, CheckedForm::Invite),
            (crate::api::events::SaveEvent::PATH, CheckedForm::Event),
        ]
        .into_iter()
        .find_map(|(path, form)| (path == action).then_some(form))
    }
}

/// The text fields of each form, as named in its struct.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn field_names(form: CheckedForm) -> &'static [&'static str] {
    match form {
        CheckedForm::Placement => &[
            "title",
            "kind",
            "level",
            "field",
            "places",
            "start_date",
            "duration_months",
            "qualification",
            "crebo",
            "hours_per_week",
            "days_per_week",
            "pay_min_eur",
            "pay_max_eur",
            "description_nl",
            "description_en",
        ],
        CheckedForm::Profile => &[
            "name",
            "description_nl",
            "description_en",
            "street_address",
            "postcode",
            "town",
            "municipality",
            "latitude",
            "longitude",
            "website",
            "size_band",
            "contact_name",
            "contact_email",
            "contact_phone",
        ],
        CheckedForm::Event => &EVENT_FIELDS,
        CheckedForm::Invite => &[
            "email",
            "company",
            "company_name",
            "street_address",
            "postcode",
            "town",
            "size_band",
        ],
    }
}

/// The typed fields of the event form, in the order of `EventForm`.
const EVENT_FIELDS: [&str; 19] = [
    "kind",
    "title_nl",
    "title_en",
    "description_nl",
    "description_en",
    "start_day",
    "start_time",
    "end_day",
    "end_time",
    "venue_name",
    "street_address",
    "postcode",
    "town",
    "municipality",
    "latitude",
    "longitude",
    "participation",
    "sign_up_url",
    "capacity",
];

/// The id `TextField` and `SelectField` give the input of `name`.
pub fn field_id(name: &str) -> String {
    format!("field-{}", name.replace('_', "-"))
}

/// What the domain rules say about the values, as (field, problem) pairs.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn problems(form: CheckedForm, value: &dyn Fn(&str) -> String, ticked: &dyn Fn(&str) -> bool) -> Vec<FieldError> {
    use crate::domain::{Field, InviteForm, PlacementForm, PlacementStatus, ProfileForm};

    let text = |name: &str| value(name);
    match form {
        CheckedForm::Placement => {
            let mut f = PlacementForm::default();
            for (name, slot) in [
                ("title", &mut f.title),
                ("kind", &mut f.kind),
                ("level", &mut f.level),
                ("field", &mut f.field),
                ("places", &mut f.places),
                ("start_date", &mut f.start_date),
                ("duration_months", &mut f.duration_months),
                ("qualification", &mut f.qualification),
                ("crebo", &mut f.crebo),
                ("hours_per_week", &mut f.hours_per_week),
                ("days_per_week", &mut f.days_per_week),
                ("pay_min_eur", &mut f.pay_min_eur),
                ("pay_max_eur", &mut f.pay_max_eur),
                ("description_nl", &mut f.description_nl),
                ("description_en", &mut f.description_en),
            ] {
                *slot = text(name);
            }
            for day in 1..=5u8 {
                if ticked(&format!("school-day-{day}")) {
                    f.school_days.insert(day.to_string(), "on".to_owned());
                }
            }
            f.read(PlacementStatus::Open, crate::domain::Day::Y2K)
                .err()
                .unwrap_or_default()
        }
        CheckedForm::Profile => {
            let mut f = ProfileForm::default();
            for (name, slot) in [
                ("name", &mut f.name),
                ("description_nl", &mut f.description_nl),
                ("description_en", &mut f.description_en),
                ("street_address", &mut f.street_address),
                ("postcode", &mut f.postcode),
                ("town", &mut f.town),
                ("municipality", &mut f.municipality),
                ("latitude", &mut f.latitude),
                ("longitude", &mut f.longitude),
                ("website", &mut f.website),
                ("size_band", &mut f.size_band),
                ("contact_name", &mut f.contact_name),
                ("contact_email", &mut f.contact_email),
                ("contact_phone", &mut f.contact_phone),
            ] {
                *slot = text(name);
            }
            for field in Field::ALL {
                if ticked(&format!("field-of-work-{}", field.code())) {
                    f.fields.insert(field.code().to_owned(), "on".to_owned());
                }
            }
            // Only the rules about typed values matter here; what the server keeps
            // (slug, recognition) is not in the form.
            let stored = crate::domain::NewCompany {
                name: String::new(),
                slug: crate::domain::Slug::from_name("bedrijf").expect("a valid slug"),
                description_nl: String::new(),
                description_en: String::new(),
                fields: Vec::new(),
                street_address: String::new(),
                postcode: String::new(),
                town: String::new(),
                municipality: String::new(),
                latitude: 52.0,
                longitude: 5.0,
                website: None,
                contact_name: None,
                contact_email: None,
                contact_phone: None,
                size_band: crate::domain::SizeBand::Micro,
                sbb_accredited: false,
                published: true,
            };
            f.read(&stored).err().unwrap_or_default()
        }
        CheckedForm::Event => {
            use crate::domain::{Audience, EventForm, EventHost, Municipality, Venue, events::AT_COMPANY};
            let mut f = EventForm::default();
            let slots = [
                &mut f.kind,
                &mut f.title_nl,
                &mut f.title_en,
                &mut f.description_nl,
                &mut f.description_en,
                &mut f.start_day,
                &mut f.start_time,
                &mut f.end_day,
                &mut f.end_time,
                &mut f.venue_name,
                &mut f.street_address,
                &mut f.postcode,
                &mut f.town,
                &mut f.municipality,
                &mut f.latitude,
                &mut f.longitude,
                &mut f.participation,
                &mut f.sign_up_url,
                &mut f.capacity,
            ];
            for (name, slot) in EVENT_FIELDS.iter().zip(slots) {
                *slot = text(name);
            }
            for audience in Audience::ALL {
                if ticked(&format!("audience-{}", audience.code())) {
                    f.audiences.insert(audience.code().to_owned(), "on".to_owned());
                }
            }
            // Which regions the person may use, and their company's own address, only
            // the server knows; here the venue is checked against its own municipality's
            // region, and the company's address is taken as valid.
            let host = if ticked("place-company") {
                f.place = AT_COMPANY.to_owned();
                EventHost::Company {
                    name: String::new(),
                    venue: Venue {
                        name: String::new(),
                        street_address: String::new(),
                        postcode: String::new(),
                        town: String::new(),
                        municipality: Municipality::Bladel,
                        latitude: 51.3686,
                        longitude: 5.2203,
                    },
                }
            } else {
                EventHost::Coordinator(None)
            };
            f.read(&host).err().unwrap_or_default()
        }
        CheckedForm::Invite => {
            let f = InviteForm {
                email: text("email"),
                company: text("company"),
                company_name: text("company_name"),
                street_address: text("street_address"),
                postcode: text("postcode"),
                town: text("town"),
                size_band: text("size_band"),
            };
            f.read().err().unwrap_or_default()
        }
    }
}

/// Wraps a server-rendered form and checks it as it is filled in, by the rules of the
/// form its `action` names (`CheckedForm::by_action`). It takes no props: Leptos would
/// hand them to the browser as JSON, and a JSON reader would weigh on every page's wasm.
#[island(lazy)]
pub fn FormCheck(children: Children) -> impl IntoView {
    let touched = StoredValue::new(Vec::<String>::new());
    let check = move |all: bool| -> Option<String> {
        #[cfg(feature = "hydrate")]
        let problem = browser::show(all, &touched.get_value());
        #[cfg(not(feature = "hydrate"))]
        let problem = {
            let _ = (all, touched);
            None
        };
        problem
    };
    let left = move |ev: leptos::ev::FocusEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(id) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|e| e.id())
            {
                touched.update_value(|t| {
                    if !t.contains(&id) {
                        t.push(id);
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
        check(false);
    };
    let submitted = move |ev: leptos::ev::SubmitEvent| {
        if let Some(first) = check(true) {
            ev.prevent_default();
            #[cfg(feature = "hydrate")]
            browser::focus(&first);
            #[cfg(not(feature = "hydrate"))]
            let _ = first;
        }
    };
    // Typing clears a message as soon as the value is right; new ones wait for leaving.
    let typed = move |_: leptos::ev::Event| {
        check(false);
    };
    view! {
        <div class="form-check" on:focusout=left on:input=typed on:change=typed on:submit=submitted>
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;

    use super::{CheckedForm, field_id, field_names, problems};
    use crate::i18n::browser_texts;

    fn element(id: &str) -> Option<web_sys::Element> {
        leptos::prelude::document().get_element_by_id(id)
    }

    fn value(id: &str) -> String {
        let Some(element) = element(id) else {
            return String::new();
        };
        if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            input.value()
        } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
            select.value()
        } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.value()
        } else {
            String::new()
        }
    }

    fn ticked(id: &str) -> bool {
        element(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|input| input.checked())
    }

    /// Shows the problems of the fields left so far (`all`: of every field) in their
    /// message slots; returns the id of the first field with a problem.
    pub fn show(all: bool, touched: &[String]) -> Option<String> {
        let action = leptos::prelude::document()
            .query_selector(".form-check form[action]")
            .ok()
            .flatten()
            .and_then(|form| form.get_attribute("action"))?;
        let form = CheckedForm::by_action(&action)?;
        let t = browser_texts();
        let found = problems(form, &|name| value(&field_id(name)), &ticked);
        let mut first = None;
        let names = field_names(form)
            .iter()
            .copied()
            .chain(["school_days", "fields", "location", "audiences"]);
        for name in names {
            let id = field_id(name);
            let problem = found.iter().find(|e| e.field == name).map(|e| e.problem);
            let left = |t: &String| match name {
                "school_days" => t.starts_with("school-day-"),
                "fields" => t.starts_with("field-of-work-"),
                "audiences" => t.starts_with("audience-"),
                "location" => t == "field-latitude" || t == "field-longitude",
                _ => *t == id,
            };
            let shown = problem.filter(|_| all || touched.iter().any(left));
            let Some(slot) = element(&format!("{id}-error")) else {
                continue;
            };
            let label = field_label(&id).unwrap_or_else(|| t.labels.field_name(name).to_owned());
            match shown {
                Some(problem) => {
                    slot.set_text_content(Some(&format!("{label} {}", t.words.problem(problem))));
                    slot.remove_attribute("hidden").ok();
                    if let Some(input) = element(&id) {
                        input.set_attribute("aria-invalid", "true").ok();
                    }
                    first.get_or_insert(id);
                }
                None if problem.is_none() => {
                    slot.set_text_content(None);
                    slot.set_attribute("hidden", "").ok();
                    if let Some(input) = element(&id) {
                        input.remove_attribute("aria-invalid").ok();
                    }
                }
                None => {}
            }
        }
        first
    }

    /// What the page calls the field with this id: its `<label>`, or for a group of boxes
    /// the legend of its fieldset (the message slot sits inside it). The page has every
    /// form's words already, so the browser's wasm need not carry them.
    fn field_label(id: &str) -> Option<String> {
        let document = leptos::prelude::document();
        let label = document
            .query_selector(&format!("label[for=\"{id}\"]"))
            .ok()
            .flatten()
            .or_else(|| {
                let slot = element(&format!("{id}-error"))?;
                slot.closest("fieldset")
                    .ok()
                    .flatten()?
                    .query_selector("legend")
                    .ok()
                    .flatten()
            })?;
        let text = label.text_content()?.trim().to_owned();
        (!text.is_empty()).then_some(text)
    }

    pub fn focus(id: &str) {
        if let Some(element) = element(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            element.focus().ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Problem;

    #[test]
    fn the_browser_check_finds_what_the_server_would_refuse() {
        let values = |name: &str| match name {
            "kind" => "bbl".to_owned(),
            "level" => "mbo2".to_owned(),
            "field" => "welding".to_owned(),
            "places" => "1".to_owned(),
            "crebo" => "2578".to_owned(),
            _ => String::new(),
        };
        let found = problems(CheckedForm::Placement, &values, &|id| id == "school-day-3");
        let found: Vec<(&str, Problem)> = found.iter().map(|e| (e.field.as_str(), e.problem)).collect();
        assert_eq!(found, [("crebo", Problem::Format), ("title", Problem::Required)]);
        // Every field the check names has a slot on the page.
        for form in [CheckedForm::Placement, CheckedForm::Profile, CheckedForm::Invite] {
            assert!(
                field_names(form)
                    .iter()
                    .all(|name| field_id(name).starts_with("field-"))
            );
        }
        let invite = problems(
            CheckedForm::Invite,
            &|name| if name == "email" { "jan@".into() } else { String::new() },
            &|_| false,
        );
        let fields: Vec<&str> = invite.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "company"]);
        // An open day at the company's own address with the end before the start and
        // no audience: the venue fields are not asked for.
        let event_values = |name: &str| match name {
            "kind" => "open-day".to_owned(),
            "title_nl" => "Open dag".to_owned(),
            "start_day" | "end_day" => "2026-12-05".to_owned(),
            "start_time" => "14:00".to_owned(),
            "end_time" => "10:00".to_owned(),
            "participation" => "just-come".to_owned(),
            _ => String::new(),
        };
        let event = problems(CheckedForm::Event, &event_values, &|id| id == "place-company");
        let fields: Vec<(&str, Problem)> = event.iter().map(|e| (e.field.as_str(), e.problem)).collect();
        assert_eq!(
            fields,
            [("end_time", Problem::BeforeStart), ("audiences", Problem::Required)]
        );
        let elsewhere = problems(CheckedForm::Event, &event_values, &|id| id == "audience-vmbo");
        assert!(
            elsewhere
                .iter()
                .any(|e| e.field == "venue_name" && e.problem == Problem::Required)
        );
    }
}
