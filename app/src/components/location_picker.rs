//! The location fields of the company profile: latitude and longitude as text, with a
//! map around the position and a pin in its middle. Without JavaScript the fields are
//! typed in and the map shows where they point. With it, dragging the map (or the arrow
//! keys on it) moves the position under the pin and fills in the fields, and typed
//! coordinates move the map. The map's credit line is the caller's, outside the island.

use leptos::prelude::*;

use crate::domain::{FieldError, Problem};
use crate::i18n::browser_texts;
use crate::map::{LatLon, Viewport};

/// Map canvas size in CSS pixels, as `LocationMap`; the frame shows its middle.
const CANVAS: (f64, f64) = (720.0, 240.0);
const ZOOM: f64 = 16.0;
/// Pixels an arrow key moves the map.
const KEY_STEP: f64 = 24.0;

/// Reads typed degrees: a point or a comma as the decimal sign.
fn degrees(text: &str) -> Option<f64> {
    crate::decimals::parse(&text.trim().replace(',', "."))
}

/// Degrees as the fields show them: five decimals, about a metre.
fn shown(value: f64) -> String {
    crate::decimals::Fixed(value, 5).to_string()
}

/// What the picker starts from: the typed values (as the form holds them), where the map
/// starts when they cannot be read, and the server's problems with the location fields.
/// The profile page renders it as a carrier just before the picker (see `island_start`).
#[derive(Clone, Debug, PartialEq)]
pub struct PickerStart {
    pub latitude: String,
    pub longitude: String,
    pub fallback: LatLon,
    pub errors: Vec<FieldError>,
}

/// The id of the element that carries `PickerStart` to the browser.
const START_ID: &str = "location-start";

/// The fields whose problems the picker shows.
const LOCATION_FIELDS: [&str; 3] = ["latitude", "longitude", "location"];

impl PickerStart {
    /// The hidden element that carries these values to the browser, after providing them
    /// to the picker rendered next on the server. Problems travel as `field:code` pairs.
    pub fn carrier(self) -> impl IntoView {
        provide_context(self.clone());
        let problems = self
            .errors
            .iter()
            .filter(|e| LOCATION_FIELDS.contains(&e.field.as_str()))
            .map(|e| format!("{}:{}", e.field, e.problem.code()))
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <div id=START_ID hidden data-latitude=self.latitude data-longitude=self.longitude
                data-fallback=format!("{},{}", shown(self.fallback.lat), shown(self.fallback.lon))
                data-problems=problems></div>
        }
    }

    /// What the page gave the picker: the context on the server, the carrier in the browser.
    fn here() -> PickerStart {
        #[cfg(feature = "hydrate")]
        {
            use super::island_start::carried;
            let fallback = carried(START_ID, "data-fallback");
            let (lat, lon) = fallback.split_once(',').unwrap_or_default();
            let errors = carried(START_ID, "data-problems")
                .split_whitespace()
                .filter_map(|pair| {
                    let (field, code) = pair.split_once(':')?;
                    Some(FieldError::new(field, Problem::from_code(code)?))
                })
                .collect();
            PickerStart {
                latitude: carried(START_ID, "data-latitude"),
                longitude: carried(START_ID, "data-longitude"),
                fallback: LatLon::new(degrees(lat).unwrap_or_default(), degrees(lon).unwrap_or_default()),
                errors,
            }
        }
        #[cfg(not(feature = "hydrate"))]
        {
            use_context::<PickerStart>().unwrap_or_else(|| PickerStart {
                latitude: String::new(),
                longitude: String::new(),
                fallback: LatLon::new(0.0, 0.0),
                errors: Vec::new(),
            })
        }
    }
}

/// The location fields with a map to drag, starting from the page's `PickerStart`.
#[island(lazy)]
pub fn LocationPicker() -> impl IntoView {
    let t = browser_texts();
    let PickerStart {
        latitude,
        longitude,
        fallback,
        errors,
    } = PickerStart::here();
    let start = LatLon::new(
        degrees(&latitude).unwrap_or(fallback.lat),
        degrees(&longitude).unwrap_or(fallback.lon),
    );
    let center = RwSignal::new(start);
    let latitude_text = RwSignal::new(latitude);
    let longitude_text = RwSignal::new(longitude);
    let viewport = move || Viewport {
        center: center.get(),
        zoom: ZOOM,
        width: CANVAS.0,
        height: CANVAS.1,
    };
    let move_by = move |dx: f64, dy: f64| {
        let moved = viewport().pan_by(dx, dy).center;
        center.set(moved);
        latitude_text.set(shown(moved.lat));
        longitude_text.set(shown(moved.lon));
    };
    let typed = move || {
        if let (Some(lat), Some(lon)) = (
            degrees(&latitude_text.get_untracked()),
            degrees(&longitude_text.get_untracked()),
        ) {
            center.set(LatLon::new(lat, lon));
        }
    };
    let last = StoredValue::new(None::<(i32, f64, f64)>);
    let down = move |ev: leptos::ev::PointerEvent| {
        last.set_value(Some((
            ev.pointer_id(),
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
        )));
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(target) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                target.set_pointer_capture(ev.pointer_id()).ok();
            }
        }
    };
    let dragged = move |ev: leptos::ev::PointerEvent| {
        let Some((id, x, y)) = last.get_value() else { return };
        if id != ev.pointer_id() {
            return;
        }
        let (nx, ny) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        last.set_value(Some((id, nx, ny)));
        move_by(x - nx, y - ny);
    };
    let up = move |_: leptos::ev::PointerEvent| last.set_value(None);
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => (-KEY_STEP, 0.0),
            "ArrowRight" => (KEY_STEP, 0.0),
            "ArrowUp" => (0.0, -KEY_STEP),
            "ArrowDown" => (0.0, KEY_STEP),
            _ => return,
        };
        ev.prevent_default();
        move_by(step.0, step.1);
    };
    let problem = |name: &str| errors.iter().find(|e| e.field == name).map(|e| e.problem);
    let (latitude_problem, longitude_problem) = (problem("latitude"), problem("longitude"));
    let location_problem = problem("location");
    let tiles = move || super::location_map::tile_spans(&viewport());
    let field = move |id: &'static str,
                      name: &'static str,
                      label: &'static str,
                      text: RwSignal<String>,
                      problem: Option<Problem>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=name type="text" inputmode="decimal" maxlength="20" required
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:change=move |_| typed()
                    aria-invalid=problem.is_some().then_some("true")
                    aria-describedby=format!("location-hint {id}-error") />
                <super::form_fields::ErrorSlot id=format!("{id}-error") label problem />
            </div>
        }
    };
    view! {
        <div class="edit-form__row">
            {field("field-latitude", "form[latitude]", t.labels.latitude_label, latitude_text, latitude_problem)}
            {field("field-longitude", "form[longitude]", t.labels.longitude_label, longitude_text, longitude_problem)}
        </div>
        <super::form_fields::ErrorSlot id="field-location-error".to_owned() label=t.labels.location_label problem=location_problem />
        <div class="location-map location-map--picker">
            <div class="location-map__frame" role="application" tabindex="0"
                aria-label=t.map.pin_map_label aria-describedby="location-hint"
                on:pointerdown=down on:pointermove=dragged on:pointerup=up on:pointercancel=up
                on:keydown=keydown>
                <div class="location-map__canvas">
                    {tiles}
                    <span class="location-map__pin" aria-hidden="true"></span>
                </div>
            </div>
        </div>
    }
}
