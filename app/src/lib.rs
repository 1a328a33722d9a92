//! Techkaart's web app: everything the browser and the server share.
//!
//! Layers, each cut by resource: `domain` (plain types, no I/O), `api` (server functions),
//! `db` (SQL, server only), `routes` (pages), `components` (reusable pieces),
//! `i18n` (the words), `map` (the map engine as plain Rust). The server crate mounts `App` and `shell`; the browser runs
//! `hydrate`.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod clock;
pub mod components;
#[cfg(feature = "ssr")]
pub mod db;
pub mod decimals;
pub mod domain;
pub mod error;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod map;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg_attr(feature = "ssr", path = "response/server.rs")]
#[cfg_attr(not(feature = "ssr"), path = "response/browser.rs")]
pub mod response;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod screens;
pub mod search;
#[cfg(feature = "ssr")]
mod shell;
#[cfg(feature = "ssr")]
pub mod spreadsheet;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod turns;

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::routes::{
    ChangesPage, CompaniesPage, CompanyPage, DashboardPage, EditEventPage, EditPlacementPage, EditProfilePage,
    EditScreenPage, EventPage, EventsPage, EventsWorkspacePage, ForgotPasswordPage, GuardianPage, HomePage,
    InterestBoardPage, InterestMatchPage, InvitePage, LoginPage, MyInterestsPage, NotFoundPage, OutboxPage,
    PairScreenPage, PlacementMatchPage, PlacementPage, PrivacyPage, RegisterInterestPage, ScreenPage,
    ScreensWorkspacePage, SetPasswordPage, SignUpPage,
};
#[cfg(feature = "ssr")]
pub use crate::shell::shell;

/// The app: meta context and routes. Rendered on the server only; what runs in the
/// browser are the islands inside its pages (`#[island]`).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::Language(i18n::request_language()));
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFoundPage /> }>
                // Async: the server waits for the data and sends complete HTML, so the list
                // is there without JavaScript (out-of-order streaming needs a script to
                // move the resolved parts into place).
                <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("/bedrijven/:slug") view=CompanyPage ssr=SsrMode::Async />
                <Route path=path!("/bedrijven/:slug/plekken/:id") view=PlacementPage ssr=SsrMode::Async />
                <Route path=path!("/inloggen") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/wachtwoord/:token") view=SetPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/wachtwoord-vergeten") view=ForgotPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/beheer") view=DashboardPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/profiel") view=EditProfilePage ssr=SsrMode::Async />
                <Route path=path!("/beheer/interesses") view=InterestBoardPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/interesses/:id") view=InterestMatchPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/nieuwe-interesse") view=RegisterInterestPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/bedrijven") view=CompaniesPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/uitnodigen") view=InvitePage ssr=SsrMode::Async />
                <Route path=path!("/beheer/uitgaande-mail") view=OutboxPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/wijzigingen") view=ChangesPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/evenementen") view=EventsWorkspacePage ssr=SsrMode::Async />
                <Route path=path!("/beheer/schermen") view=ScreensWorkspacePage ssr=SsrMode::Async />
                <Route path=path!("/beheer/plekken/:id") view=EditPlacementPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/plekken/:id/passend") view=PlacementMatchPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/evenementen/:id") view=EditEventPage ssr=SsrMode::Async />
                <Route path=path!("/evenementen") view=EventsPage ssr=SsrMode::Async />
                <Route path=path!("/evenementen/:id") view=EventPage ssr=SsrMode::Async />
                <Route path=path!("/aanmelding/:token") view=SignUpPage ssr=SsrMode::Async />
                <Route path=path!("/mijn-interesse/:token") view=MyInterestsPage ssr=SsrMode::Async />
                <Route path=path!("/toestemming/:token") view=GuardianPage ssr=SsrMode::Async />
                <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                <Route path=path!("/scherm") view=ScreenPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/schermen/koppel") view=PairScreenPage ssr=SsrMode::Async />
                <Route path=path!("/beheer/schermen/:id") view=EditScreenPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}

/// Entry point of the wasm bundle: brings the page's islands to life (the rest of the
/// page is plain server-rendered HTML), then marks the document as interactive for
/// styles and browser tests.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    if let Some(root) = document().document_element() {
        root.set_attribute("data-hydrated", "").ok();
    }
}
