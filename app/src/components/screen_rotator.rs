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

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{Element, EventSource, HtmlElement, MessageEvent};

    use crate::api::screens::SLIDES_PER_KIND;

    /// Without any message for this long, the stream is taken to be blocked or buffered.
    const SILENT_MS: f64 = 35_000.0;
    /// How often it asks for the page while the stream does not work.
    const POLL_MS: f64 = 60_000.0;
    /// How long it polls before it tries the stream again.
    const STREAM_RETRY_MS: f64 = 5.0 * 60_000.0;
    /// The longest wait before opening a stream the browser gave up.
    const MAX_BACKOFF_MS: f64 = 60_000.0;
    /// From this long without the server the "last updated" note shows.
    const STALE_MS: f64 = 10.0 * 60_000.0;
    const HEARTBEAT_MS: f64 = 60_000.0;
    const SHIFT_MS: f64 = 60_000.0;
    /// A page older than this reloads once in the dark hours (browsers grow over days).
    const NIGHTLY_MS: f64 = 12.0 * 3600_000.0;
    /// Burn-in offsets in pixels, one a minute.
    const SHIFTS: [(i32, i32); 8] = [(0, 0), (4, 2), (8, 4), (4, 6), (0, 8), (-4, 6), (-8, 4), (-4, 2)];

    struct Kiosk {
        root: HtmlElement,
        build: String,
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

    /// How often an unpaired TV looks whether it was paired (or its code ran out).
    const PAIRING_LOOK_MS: i32 = 10_000;

    pub fn start() {
        let document = leptos::prelude::document();
        if document.get_element_by_id("pairing").is_some() {
            wait_for_pairing();
            return;
        }
        let Some(root) = document
            .get_element_by_id("kiosk")
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        let started = now();
        let build = root.get_attribute("data-build").unwrap_or_default();
        KIOSK.with(|kiosk| {
            *kiosk.borrow_mut() = Some(Kiosk {
                root,
                build,
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
        let tick = Closure::<dyn FnMut()>::new(tick);
        if let Some(window) = web_sys::window() {
            window
                .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1_000)
                .ok();
        }
        tick.forget();
    }

    /// On the pairing page: every 10 s, fetches the page; once it holds slides or another
    /// code, shows that. A server that does not answer changes nothing on the screen.
    fn wait_for_pairing() {
        let look = Closure::<dyn FnMut()>::new(|| {
            leptos::task::spawn_local(async {
                let Some(page) = fetch_page().await else {
                    return;
                };
                let code = |document: &web_sys::Document| {
                    document
                        .query_selector(".pairing__code")
                        .ok()
                        .flatten()
                        .and_then(|code| code.get_attribute("data-code"))
                };
                if code(&page) != code(&leptos::prelude::document())
                    && let Some(window) = web_sys::window()
                {
                    window.location().reload().ok();
                }
            });
        });
        if let Some(window) = web_sys::window() {
            window
                .set_interval_with_callback_and_timeout_and_arguments_0(look.as_ref().unchecked_ref(), PAIRING_LOOK_MS)
                .ok();
        }
        look.forget();
    }

    fn handlers() -> Handlers {
        fn function(f: impl FnMut(MessageEvent) + 'static) -> js_sys::Function {
            let closure = Closure::<dyn FnMut(MessageEvent)>::new(f);
            let function: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
            closure.forget();
            function
        }
        Handlers {
            hello: function(|event| {
                let build = event.data().as_string().unwrap_or_default();
                let lost = with(|k| {
                    k.last_message = now();
                    k.last_contact = now();
                    k.backoff = 1_000.0;
                    k.polling = false;
                    let lost = std::mem::take(&mut k.stream_lost);
                    (lost, !build.is_empty() && build != k.build)
                });
                match lost {
                    Some((_, true)) => reload(),
                    Some((true, false)) => refresh(),
                    _ => {}
                }
            }),
            ping: function(|_| {
                with(|k| {
                    k.last_message = now();
                    k.last_contact = now();
                });
            }),
            change: function(|_| {
                with(|k| k.last_message = now());
                refresh();
            }),
            error: function(|_| {
                with(|k| {
                    k.stream_lost = true;
                    // CLOSED: the browser will not try again by itself (an error status).
                    if k.stream
                        .as_ref()
                        .is_some_and(|s| s.ready_state() == EventSource::CLOSED)
                    {
                        k.stream = None;
                        k.next_stream_try = now() + k.backoff;
                        k.backoff = (k.backoff * 2.0).min(MAX_BACKOFF_MS);
                    }
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
            stream.set_onerror(Some(&h.error));
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
            k.root.class_list().toggle_with_force("kiosk--dark", !on).ok();
            if on {
                rotate(k, now);
            }
            show_offline_note(k, now);
            if now - k.last_shift >= SHIFT_MS {
                k.last_shift = now;
                k.shift = (k.shift + 1) % SHIFTS.len();
                let (x, y) = SHIFTS[k.shift];
                k.root
                    .style()
                    .set_property("transform", &format!("translate({x}px, {y}px)"))
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
    }

    fn slides(k: &Kiosk) -> Vec<Element> {
        let Ok(list) = k.root.query_selector_all(".slide") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
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
        let current_ok = eligible.contains(&k.current);
        if current_ok && now - k.shown_since < seconds * 1000.0 {
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

    fn show(slides: &[Element], index: usize) {
        for (i, slide) in slides.iter().enumerate() {
            slide.class_list().toggle_with_force("is-current", i == index).ok();
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

    /// Fetches `/scherm`; `None` when the server did not answer with a page.
    async fn fetch_page() -> Option<web_sys::Document> {
        let window = web_sys::window()?;
        let init = web_sys::RequestInit::new();
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        init.set_cache(web_sys::RequestCache::NoStore);
        let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init("/scherm", &init))
            .await
            .ok()?
            .dyn_into::<web_sys::Response>()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        web_sys::DomParser::new()
            .ok()?
            .parse_from_string(&text, web_sys::SupportedType::TextHtml)
            .ok()
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
                    match page.get_element_by_id("kiosk") {
                        Some(fresh) if fresh.get_attribute("data-build").as_deref() == Some(k.build.as_str()) => {
                            swap_in(k, &page, &fresh)
                        }
                        // Another build, or no slides at all (a pairing code): a new page.
                        _ => reload_now = true,
                    }
                }
                std::mem::take(&mut k.fetch_again)
            });
            if reload_now {
                reload();
            } else if again == Some(true) {
                refresh();
            }
        });
    }

    fn swap_in(k: &mut Kiosk, page: &web_sys::Document, fresh: &Element) {
        let (Some(new_slides), Some(old_slides)) = (
            page.get_element_by_id("kiosk-slides"),
            leptos::prelude::document().get_element_by_id("kiosk-slides"),
        ) else {
            return;
        };
        let showing = current_name(k);
        old_slides.set_inner_html(&new_slides.inner_html());
        for attribute in ["data-on", "class"] {
            if let Some(value) = fresh.get_attribute(attribute) {
                let value = if attribute == "class" && k.root.class_list().contains("kiosk--dark") {
                    format!("{value} kiosk--dark")
                } else {
                    value
                };
                k.root.set_attribute(attribute, &value).ok();
            }
        }
        let slides = slides(k);
        let same = slides
            .iter()
            .position(|s| s.get_attribute("data-name").as_deref() == Some(showing.as_str()));
        let index = same.unwrap_or(0);
        if same.is_none() {
            k.shown_since = now();
        }
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
                if let Some(window) = web_sys::window() {
                    window.location().reload().ok();
                }
            } else {
                with(|k| k.reloading = false);
            }
        });
    }

    fn send_heartbeat(slide: String, build: String) {
        use leptos::server_fn::ServerFn;
        let Some(window) = web_sys::window() else {
            return;
        };
        let width = window.inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(0.0) as u32;
        let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0) as u32;
        let body: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("slide", &slide)
            .append_pair("build", &build)
            .append_pair("width", &width.to_string())
            .append_pair("height", &height.to_string())
            .finish();
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        init.set_body(&JsValue::from_str(&body));
        if let Ok(headers) = web_sys::Headers::new() {
            headers.set("content-type", "application/x-www-form-urlencoded").ok();
            init.set_headers(&headers);
        }
        let request = window.fetch_with_str_and_init(crate::api::screens::ScreenHeartbeat::PATH, &init);
        leptos::task::spawn_local(async move {
            let Ok(response) = wasm_bindgen_futures::JsFuture::from(request).await else {
                return;
            };
            let Ok(response) = response.dyn_into::<web_sys::Response>() else {
                return;
            };
            if response.ok() {
                with(|k| k.last_contact = now());
            } else if response.status() == 404 {
                // Unpaired: the page will show the pairing code.
                refresh();
            }
        });
    }
}
