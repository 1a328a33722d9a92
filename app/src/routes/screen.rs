//! `/scherm`: the page a kiosk TV shows all day. Unpaired, a pairing code (and its QR
//! code for a phone), which `ScreenRotator` looks at again every 10 seconds until it is
//! paired; paired, the slides of its region or company, which it turns and keeps current.
//!
//! Sizes are in `vmin`, a hundredth of the screen's short side, so the same page reads
//! from 3 m on a landscape or a portrait TV of any resolution (`public/kiosk.css`, linked by this page only).
//! No personal data ever reaches this page: only what the public pages show.

use leptos::prelude::*;
use leptos_meta::{Meta, Stylesheet, Title};

use crate::api::screens::{PairingView, ScreenShow, ScreenView, Slide, load_screen};
use crate::components::screen_rotator::ScreenRotator;
use crate::i18n::texts;

/// Titles longer than this are shortened on a slide, so none runs off the screen.
const TITLE_CHARS: usize = 70;

#[component]
pub fn ScreenPage() -> impl IntoView {
    let t = texts();
    let page = Resource::new(|| (), |_| load_screen());
    view! {
        <Title text=t.screens.page_title />
        <Meta name="robots" content="noindex" />
        <Stylesheet href="/kiosk.css" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(ScreenView::Pairing(pairing)) => view! { <PairingCode pairing /> }.into_any(),
                    Ok(ScreenView::Showing(show)) => view! { <Slides show /> }.into_any(),
                    Err(error) => view! {
                        <main class="kiosk kiosk--message">
                            <crate::components::ErrorMessage error />
                        </main>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The code to type in the dashboard, and the same as a QR code for a phone.
#[component]
fn PairingCode(pairing: PairingView) -> impl IntoView {
    let t = texts();
    let local = pairing.expires_at.in_amsterdam();
    let until = format!("{:02}:{:02}", local.hour(), local.minute());
    view! {
        <main class="kiosk kiosk--pairing" id="pairing">
            // Looks again every 10 s while the code waits: once paired, the slides come.
            <ScreenRotator />
            <div class="pairing">
                <div class="pairing__text">
                    <h1 class="pairing__heading">{t.screens.pairing_heading}</h1>
                    <p class="pairing__code" data-code=pairing.code.as_str().to_owned()>{pairing.code.spaced()}</p>
                    <p class="pairing__steps">{t.screens.pairing_steps}</p>
                    <p class="pairing__expires">{t.screens.pairing_expires.replace("{time}", &until)}</p>
                    <p class="pairing__url">{pairing.claim_url.clone()}</p>
                </div>
                <div class="pairing__qr" inner_html=pairing.qr_svg></div>
            </div>
        </main>
    }
}

/// A paired screen: its slides, the first one showing.
#[component]
fn Slides(show: ScreenShow) -> impl IntoView {
    let t = texts();
    let on = show
        .on_windows
        .iter()
        .map(|(start, end)| format!("{}-{}", start.utc().unix_timestamp(), end.utc().unix_timestamp()))
        .collect::<Vec<_>>()
        .join(",");
    let brand = match &show.company_name {
        Some(company) => format!("Techkaart · {company}"),
        None => format!("Techkaart · {}", show.region.name()),
    };
    let company = show.company_name.clone();
    view! {
        <main
            class=format!("kiosk kiosk--{}", show.orientation.code())
            id="kiosk"
            data-build=show.build
            data-on=on
            data-offline=t.screens.offline_note
        >
            <ScreenRotator />
            <header class="kiosk__bar">
                <h1 class="kiosk__brand">{brand}</h1>
            </header>
            <div class="kiosk__slides" id="kiosk-slides">
                {show
                    .slides
                    .into_iter()
                    .enumerate()
                    .map(|(i, slide)| view! { <SlideView slide first={i == 0} company=company.clone() /> })
                    .collect_view()}
            </div>
            <p class="kiosk__offline" id="kiosk-offline" hidden></p>
        </main>
    }
}

/// One slide; only the current one is visible.
#[component]
fn SlideView(slide: Slide, first: bool, company: Option<String>) -> impl IntoView {
    let t = texts();
    let class = |kind: &str| format!("slide slide--{kind}{}", if first { " is-current" } else { "" });
    let name = slide.name();
    let seconds = slide.seconds();
    let until = slide.until().map(|until| until.utc().unix_timestamp());
    match slide {
        Slide::Region {
            region,
            companies,
            open_places,
            events,
        } => {
            let heading = match company {
                Some(company) => t.screens.work_at.replace("{company}", &company),
                None => t.screens.companies_looking.of(companies),
            };
            view! {
                <section class=class("region") data-name=name data-seconds=seconds>
                    <div class="slide__text">
                        <p class="slide__kicker">{region.name()}</p>
                        <h2 class="slide__title">{heading}</h2>
                        <p class="slide__body">{t.screens.open_places.of(open_places)}</p>
                        <p class="slide__body">{t.screens.upcoming_events.of(events as i64)}</p>
                    </div>
                </section>
            }
            .into_any()
        }
        Slide::Event { event, qr_svg } => {
            let e = &event.event;
            view! {
                <section class=class("event") data-name=name data-seconds=seconds data-until=until>
                    <div class="slide__text">
                        <p class="slide__kicker">{t.words.event_kind(e.kind)}</p>
                        <h2 class="slide__title">{shorten(t.pick(&e.title_nl, &e.title_en), TITLE_CHARS)}</h2>
                        <p class="slide__body">{t.words.event_time(t.events, e.times)}</p>
                        <p class="slide__body">{format!("{}, {}", e.venue.name, e.venue.town)}</p>
                    </div>
                    <QrCode svg=qr_svg />
                </section>
            }
            .into_any()
        }
        Slide::Placement {
            kind,
            level,
            title,
            company,
            town,
            qr_svg,
            ..
        } => view! {
            <section class=class("placement") data-name=name data-seconds=seconds>
                <div class="slide__text">
                    <p class="slide__kicker">{format!("{} · {}", t.words.kind(kind), t.words.level(level))}</p>
                    <h2 class="slide__title">{shorten(&title, TITLE_CHARS)}</h2>
                    <p class="slide__body">{format!("{company}, {town}")}</p>
                </div>
                <QrCode svg=qr_svg />
            </section>
        }
        .into_any(),
    }
}

#[component]
fn QrCode(svg: String) -> impl IntoView {
    let t = texts();
    view! {
        <div class="slide__qr">
            <div class="slide__qr-code" inner_html=svg></div>
            <p class="slide__qr-hint">{t.screens.scan_hint}</p>
        </div>
    }
}

/// `text` cut at a word to at most `max` characters, with "…" when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([' ', ',', '-', ':']))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_title_is_shortened_at_a_word() {
        assert_eq!(super::shorten("Open dag", 70), "Open dag");
        let long = "Open dag bij Vonk Metaalbewerking met rondleiding, lasdemonstratie en proeflessen voor vmbo";
        let short = super::shorten(long, 40);
        assert!(short.chars().count() <= 40, "{short}");
        assert_eq!(short, "Open dag bij Vonk Metaalbewerking met…");
    }
}
