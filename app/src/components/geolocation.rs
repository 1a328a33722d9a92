//! Asking the browser where the person is, once, when they choose to share it.

#[cfg(feature = "hydrate")]
use crate::map::LatLon;

/// Calls `done` with the browser's current position, or with `None` when the person
/// declines, the browser cannot tell, or it has no geolocation at all.
#[cfg(feature = "hydrate")]
pub fn current_position(done: impl FnOnce(Option<LatLon>) + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    let done = Rc::new(RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |position: Option<LatLon>| {
            if let Some(done) = done.borrow_mut().take() {
                done(position);
            }
        }
    };
    let Ok(geolocation) = leptos::prelude::window().navigator().geolocation() else {
        finish(None);
        return;
    };
    let on_success = {
        let finish = finish.clone();
        Closure::once(move |value: wasm_bindgen::JsValue| {
            // Browsers call the class GeolocationPosition; web-sys's stable binding is the
            // older name with the same properties, so no class check here.
            let coords = value.unchecked_into::<web_sys::Position>().coords();
            let position = LatLon::new(coords.latitude(), coords.longitude());
            finish(Some(position).filter(|p| p.lat.is_finite() && p.lon.is_finite()));
        })
    };
    let on_error = {
        let finish = finish.clone();
        Closure::once(move |_: wasm_bindgen::JsValue| finish(None))
    };
    let asked = geolocation.get_current_position_with_error_callback(
        on_success.as_ref().unchecked_ref(),
        Some(on_error.as_ref().unchecked_ref()),
    );
    if asked.is_err() {
        finish(None);
    }
    // The browser calls one of them later; each is small and runs once.
    on_success.forget();
    on_error.forget();
}
