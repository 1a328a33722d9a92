//! The kiosk screen's life in the browser (a lazy island, so only `/scherm` fetches its
//! code): it rotates the slides the server rendered into the page, keeps them current and
//! never leaves the TV black.
//!
//! - **Rotation**: one slide at a time for its `data-seconds`; an event's slide only until
//!   its `data-until`; at most `SLIDES_PER_KIND` events per round. Outside the on-hours
//!   (`data-on`, instants worked out by the server on Dutch clocks) the page is dark.
//! - **Live**: an `EventSource` on `/scherm/stroom`. A `change` makes it fetch `/scherm`
//!   and swap in the new slides; `hello` names the server's build (another build: reload)
//!   and `ping` comes every 15 s. Silent for `SILENT_MS`, it closes the stream and polls
//!   `/scherm` every `POLL_MS`, trying the stream again later; a stream the browser gave up
//!   is opened again after a back-off that doubles up to a minute, for ever.
//! - **Never black**: a failed fetch changes nothing on the screen. After `STALE_MS`
//!   without a word from the server a small note says when it last was updated. It only
//!   reloads itself (new build, nightly outside on-hours, unpaired) after the server has
//!   just answered, so a reload never lands on the browser's error page.
//! - **Status**: a heartbeat every minute (slide, build, size) through `screen_heartbeat`.
//! - **Burn-in**: the whole page moves a few pixels every minute.
//!
//! - **Unpaired**: on the pairing page it fetches `/scherm` every 10 s and loads it anew
//!   once that holds slides (or a new code), so the TV never lands on an error page.
//!
//! Must not: show anything the server did not render, or need any other origin.

use leptos::prelude::*;

/// Brings the kiosk page around it to life; renders nothing itself.
#[island(lazy)]
pub fn ScreenRotator() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::start();
    view! { <span class="kiosk__rotator" hidden></span> }
}

// Written against the browser APIs the other islands (and Leptos) already use where it can:
// attributes instead of `classList` and `style`, a detached element instead of `DOMParser`,
// nodes moved instead of `innerHTML` read, the document's `querySelectorAll`, leptos's timer
// instead of `setInterval`. Every other API adds glue to the home page's first load.
#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::time::Duration;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{Element, EventSource};

    use crate::api::screens::SLIDES_PER_KIND;

    /// Without any message for this long, the stream is taken to be blocked or buffered.
    const SILENT_MS: f64 = 35_000.0;
    /// How often it asks for the page while the stream does not work.
    const POLL_MS: f64 = 60_000.0;
    /// How long it polls before it tries the stream again.
    const STREAM_RETRY_MS: f64 = 5.0 * 60_000.0;
    /// The longest wait before opening a stream again after it failed.
    const MAX_BACKOFF_MS: f64 = 60_000.0;
    /// From this long without the server the "last updated" note shows.
    const STALE_MS: f64 = 10.0 * 60_000.0;
    const HEARTBEAT_MS: f64 = 60_000.0;
    const SHIFT_MS: f64 = 60_000.0;
    /// A page older than this reloads once in the dark hours (browsers grow over days).
    const NIGHTLY_MS: f64 = 12.0 * 3600_000.0;
    /// How often an unpaired TV looks whether it was paired (or its code ran out).
    const PAIRING_LOOK: Duration = Duration::from_secs(10);
    /// Burn-in offsets in pixels, one a minute.
    const SHIFTS: [(i32, i32); 8] = [(0, 0), (4, 2), (8, 4), (4, 6), (0, 8), (-4, 6), (-8, 4), (-4, 2)];

    struct Kiosk {
        root: Element,
        build: String,
        /// The page's own classes, without `kiosk--dark`.
        classes: String,
        dark: bool,
        current: usize,
        shown_since: f64,
        loaded_at: f64,
        last_contact: f64,
        last_message: f64,
        last_heartbeat: f64,
        last_shift: f64,
        shift: usize,
        stream: Option<EventSource>,
        stream_lost: bool,
        next_stream_try: f64,
        backoff: f64,
        polling: bool,
        next_poll: f64,
        fetching: bool,
        fetch_again: bool,
        reloading: bool,
        handlers: Option<Handlers>,
    }

    /// The stream's handlers, made once and given to every stream opened.
    struct Handlers {
        hello: js_sys::Function,
        ping: js_sys::Function,
        change: js_sys::Function,
        error: js_sys::Function,
    }

    thread_local! {
        static KIOSK: RefCell<Option<Kiosk>> = const { RefCell::new(None) };
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    fn with<T>(f: impl FnOnce(&mut Kiosk) -> T) -> Option<T> {
        KIOSK.with(|kiosk| kiosk.try_borrow_mut().ok()?.as_mut().map(f))
    }

    pub fn start() {
        let document = leptos::prelude::document();
        if document.get_element_by_id("pairing").is_some() {
            wait_for_pairing();
            return;
        }
        let Some(root) = document.get_element_by_id("kiosk") else {
            return;
        };
        let started = now();
        let build = root.get_attribute("data-build").unwrap_or_default();
        let classes = root.get_attribute("class").unwrap_or_default();
        KIOSK.with(|kiosk| {
            *kiosk.borrow_mut() = Some(Kiosk {
                root,
                build,
                classes,
                dark: false,
                current: 0,
                shown_since: started,
                loaded_at: started,
                last_contact: started,
                last_message: started,
                last_heartbeat: started - HEARTBEAT_MS + 5_000.0,
                last_shift: started,
                shift: 0,
                stream: None,
                stream_lost: false,
                next_stream_try: started,
                backoff: 1_000.0,
                polling: false,
                next_poll: started + POLL_MS,
                fetching: false,
                fetch_again: false,
                reloading: false,
                handlers: Some(handlers()),
            })
        });
        tick();
    }

    /// Runs `f` after `after`, for ever if `f` asks again.
    fn after(after: Duration, f: impl FnOnce() + 'static) {
        leptos::prelude::set_timeout_with_handle(f, after).ok();
    }

    /// On the pairing page: every 10 s, fetches the page; once it holds slides or another
    /// code, shows that. A server that does not answer changes nothing on the screen.
    fn wait_for_pairing() {
        after(PAIRING_LOOK, || {
            leptos::task::spawn_local(async {
                if let Some(page) = fetch_page().await {
                    let code = |root: &Element| {
                        root.query_selector(".pairing__code")
                            .ok()
                            .flatten()
                            .and_then(|code| code.get_attribute("data-code"))
                    };
                    let shown = leptos::prelude::document()
                        .document_element()
                        .and_then(|html| code(&html));
                    if code(&page) != shown {
                        load_anew();
                        return;
                    }
                }
                wait_for_pairing();
            });
        });
    }

    fn handlers() -> Handlers {
        fn function(f: impl FnMut() + 'static) -> js_sys::Function {
            let closure = Closure::<dyn FnMut()>::new(f);
            let function: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
            closure.forget();
            function
        }
        Handlers {
            hello: function(|| {
                let lost = with(|k| {
                    k.last_message = now();
                    k.last_contact = now();
                    k.backoff = 1_000.0;
                    k.polling = false;
                    std::mem::take(&mut k.stream_lost)
                });
                // Back after a gap: a change (or a new build) may have been missed.
                if lost == Some(true) {
                    refresh();
                }
            }),
            ping: function(|| {
                with(|k| {
                    k.last_message = now();
                    k.last_contact = now();
                });
            }),
            change: function(|| {
                with(|k| k.last_message = now());
                refresh();
            }),
            // Closed, refused or cut off: this page opens a new stream after a back-off
            // that doubles up to a minute (a browser gives up for good after some errors).
            error: function(|| {
                with(|k| {
                    if let Some(stream) = k.stream.take() {
                        stream.close();
                    }
                    k.stream_lost = true;
                    k.next_stream_try = now() + k.backoff;
                    k.backoff = (k.backoff * 2.0).min(MAX_BACKOFF_MS);
                });
            }),
        }
    }

    fn open_stream(k: &mut Kiosk) {
        let Ok(stream) = EventSource::new("/scherm/stroom") else {
            k.next_stream_try = now() + MAX_BACKOFF_MS;
            return;
        };
        if let Some(h) = &k.handlers {
            stream.add_event_listener_with_callback("hello", &h.hello).ok();
            stream.add_event_listener_with_callback("ping", &h.ping).ok();
            stream.add_event_listener_with_callback("change", &h.change).ok();
            stream.add_event_listener_with_callback("error", &h.error).ok();
        }
        k.last_message = now();
        k.stream = Some(stream);
    }

    fn tick() {
        let mut wants_refresh = false;
        let mut wants_reload = false;
        let mut heartbeat = None;
        with(|k| {
            let now = now();
            let on = is_on(&k.root, now);
            if k.dark == on {
                k.dark = !on;
                set_classes(k);
            }
            if on {
                rotate(k, now);
            }
            show_offline_note(k, now);
            if now - k.last_shift >= SHIFT_MS {
                k.last_shift = now;
                k.shift = (k.shift + 1) % SHIFTS.len();
                let (x, y) = SHIFTS[k.shift];
                k.root
                    .set_attribute("style", &format!("transform: translate({x}px, {y}px)"))
                    .ok();
            }
            match &k.stream {
                Some(stream) if now - k.last_message > SILENT_MS => {
                    // Blocked or buffered on the way: poll instead, try again later.
                    stream.close();
                    k.stream = None;
                    k.stream_lost = true;
                    k.polling = true;
                    k.next_poll = now;
                    k.next_stream_try = now + STREAM_RETRY_MS;
                }
                None if now >= k.next_stream_try => open_stream(k),
                _ => {}
            }
            if (k.polling || k.stream.is_none()) && now >= k.next_poll {
                k.next_poll = now + POLL_MS;
                wants_refresh = true;
            }
            if now - k.last_heartbeat >= HEARTBEAT_MS {
                k.last_heartbeat = now;
                heartbeat = Some((current_name(k), k.build.clone()));
            }
            if !on && now - k.loaded_at > NIGHTLY_MS {
                wants_reload = true;
            }
        });
        if let Some((slide, build)) = heartbeat {
            send_heartbeat(slide, build);
        }
        if wants_reload {
            reload();
        } else if wants_refresh {
            refresh();
        }
        after(Duration::from_secs(1), tick);
    }

    fn set_classes(k: &Kiosk) {
        let classes = if k.dark {
            format!("{} kiosk--dark", k.classes)
        } else {
            k.classes.clone()
        };
        k.root.set_attribute("class", &classes).ok();
    }

    fn slides(_: &Kiosk) -> Vec<Element> {
        let Ok(list) = leptos::prelude::document().query_selector_all("#kiosk-slides > .slide") else {
            return Vec::new();
        };
        (0..)
            .map_while(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .collect()
    }

    /// The slides of this round: those not over, at most `SLIDES_PER_KIND` events.
    fn eligible(slides: &[Element], now: f64) -> Vec<usize> {
        let mut events = 0;
        slides
            .iter()
            .enumerate()
            .filter(|(_, slide)| {
                let until = slide.get_attribute("data-until").and_then(|u| u.parse::<f64>().ok());
                if until.is_some_and(|until| until * 1000.0 <= now) {
                    return false;
                }
                if until.is_some() {
                    events += 1;
                    return events <= SLIDES_PER_KIND;
                }
                true
            })
            .map(|(i, _)| i)
            .collect()
    }

    fn rotate(k: &mut Kiosk, now: f64) {
        let slides = slides(k);
        if slides.is_empty() {
            return;
        }
        let seconds = slides
            .get(k.current)
            .and_then(|s| s.get_attribute("data-seconds"))
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(10.0);
        let eligible = eligible(&slides, now);
        if eligible.contains(&k.current) && now - k.shown_since < seconds * 1000.0 {
            return;
        }
        let next = eligible
            .iter()
            .copied()
            .find(|&i| i > k.current)
            .or_else(|| eligible.first().copied())
            .unwrap_or(0);
        show(&slides, next);
        k.current = next;
        k.shown_since = now;
    }

    /// Shows slide `index` and hides the others.
    fn show(slides: &[Element], index: usize) {
        for (i, slide) in slides.iter().enumerate() {
            let classes = slide.get_attribute("class").unwrap_or_default();
            let plain = classes.replace(" is-current", "");
            let wanted = if i == index {
                format!("{plain} is-current")
            } else {
                plain
            };
            if wanted != classes {
                slide.set_attribute("class", &wanted).ok();
            }
        }
    }

    fn current_name(k: &Kiosk) -> String {
        slides(k)
            .get(k.current)
            .and_then(|s| s.get_attribute("data-name"))
            .unwrap_or_else(|| "none".to_owned())
    }

    fn is_on(root: &Element, now: f64) -> bool {
        let seconds = now / 1000.0;
        root.get_attribute("data-on").is_none_or(|on| {
            on.split(',').any(|window| {
                let Some((start, end)) = window.split_once('-') else {
                    return false;
                };
                match (start.parse::<f64>(), end.parse::<f64>()) {
                    (Ok(start), Ok(end)) => start <= seconds && seconds < end,
                    _ => false,
                }
            })
        })
    }

    fn show_offline_note(k: &Kiosk, now: f64) {
        let Some(note) = leptos::prelude::document().get_element_by_id("kiosk-offline") else {
            return;
        };
        if now - k.last_contact < STALE_MS {
            note.set_attribute("hidden", "").ok();
            return;
        }
        // On Dutch clocks, as the rest of the page, whatever zone the TV was set to.
        let Ok(at) = time::OffsetDateTime::from_unix_timestamp((k.last_contact / 1000.0) as i64) else {
            return;
        };
        let local = crate::domain::Instant::from_utc(at).in_amsterdam();
        let time = format!("{:02}:{:02}", local.hour(), local.minute());
        let template = k.root.get_attribute("data-offline").unwrap_or_default();
        note.set_text_content(Some(&template.replace("{time}", &time)));
        note.remove_attribute("hidden").ok();
    }

    /// `GET url`, or a POST of `form` (URL-encoded) to it; the answer as its status and text.
    async fn fetch_text(url: &str, form: Option<&str>) -> Option<(u16, String)> {
        let window = web_sys::window()?;
        let request = match form {
            None => window.fetch_with_str(url),
            Some(form) => {
                let init = web_sys::RequestInit::new();
                init.set_method("POST");
                init.set_body(&wasm_bindgen::JsValue::from_str(form));
                window.fetch_with_str_and_init(url, &init)
            }
        };
        let response = wasm_bindgen_futures::JsFuture::from(request)
            .await
            .ok()?
            .dyn_into::<web_sys::Response>()
            .ok()?;
        let status = response.status();
        let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        Some((status, text))
    }

    /// Fetches `/scherm` (never kept: the server says `no-store`) and reads it into a
    /// detached element, so nothing in it runs or loads; `None` when the server did not
    /// answer with a page.
    async fn fetch_page() -> Option<Element> {
        let (status, text) = fetch_text("/scherm", None).await?;
        if status != 200 {
            return None;
        }
        let holder = leptos::prelude::document().create_element("div").ok()?;
        holder.set_inner_html(&text);
        Some(holder)
    }

    /// Fetches the page and swaps in its slides; a page of another build, or a pairing
    /// page (the screen was unpaired), is loaded as a whole.
    fn refresh() {
        let busy = with(|k| {
            if k.fetching {
                k.fetch_again = true;
                return true;
            }
            k.fetching = true;
            false
        });
        if busy != Some(false) {
            return;
        }
        leptos::task::spawn_local(async {
            let page = fetch_page().await;
            let mut reload_now = false;
            let again = with(|k| {
                k.fetching = false;
                if let Some(page) = page {
                    k.last_contact = now();
                    match page.query_selector("#kiosk").ok().flatten() {
                        Some(fresh) if fresh.get_attribute("data-build").as_deref() == Some(k.build.as_str()) => {
                            swap_in(k, &fresh)
                        }
                        // Another build, or no slides at all (a pairing code): a new page.
                        _ => reload_now = true,
                    }
                }
                std::mem::take(&mut k.fetch_again)
            });
            if reload_now {
                load_anew();
            } else if again == Some(true) {
                refresh();
            }
        });
    }

    fn swap_in(k: &mut Kiosk, fresh: &Element) {
        let (Some(new_slides), Some(old_slides)) = (
            fresh.query_selector("#kiosk-slides").ok().flatten(),
            leptos::prelude::document().get_element_by_id("kiosk-slides"),
        ) else {
            return;
        };
        let showing = current_name(k);
        // The fresh slides take the old ones' place (moved, not copied as text).
        let Some(parent) = old_slides.parent_node() else {
            return;
        };
        if parent.insert_before(&new_slides, Some(&old_slides)).is_err() {
            return;
        }
        old_slides.remove();
        if let Some(on) = fresh.get_attribute("data-on") {
            k.root.set_attribute("data-on", &on).ok();
        }
        if let Some(classes) = fresh.get_attribute("class") {
            k.classes = classes;
            set_classes(k);
        }
        let slides = slides(k);
        let same = slides
            .iter()
            .position(|s| s.get_attribute("data-name").as_deref() == Some(showing.as_str()));
        if same.is_none() {
            k.shown_since = now();
        }
        let index = same.unwrap_or(0);
        show(&slides, index);
        k.current = index;
    }

    /// Loads the page anew once the server has just answered with one.
    fn reload() {
        if with(|k| std::mem::replace(&mut k.reloading, true)) != Some(false) {
            return;
        }
        leptos::task::spawn_local(async {
            if fetch_page().await.is_some() {
                load_anew();
            } else {
                with(|k| k.reloading = false);
            }
        });
    }

    fn load_anew() {
        let location = leptos::prelude::window().location();
        if let Ok(here) = location.href() {
            location.set_href(&here).ok();
        }
    }

    /// Reports the slide shown, the build and the size; an unknown screen (unpaired)
    /// fetches the page, which then shows its pairing code.
    fn send_heartbeat(slide: String, build: String) {
        use leptos::server_fn::ServerFn;
        let size = leptos::prelude::document()
            .document_element()
            .map_or((0, 0), |html| (html.client_width(), html.client_height()));
        let form: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("slide", &slide)
            .append_pair("build", &build)
            .append_pair("width", &size.0.to_string())
            .append_pair("height", &size.1.to_string())
            .finish();
        leptos::task::spawn_local(async move {
            match fetch_text(crate::api::screens::ScreenHeartbeat::PATH, Some(&form)).await {
                Some((200, _)) => {
                    with(|k| k.last_contact = now());
                }
                Some((404, _)) => refresh(),
                _ => {}
            }
        });
    }
}
