//! Pages, one file per page or per family of pages (the coordinator's workspace pages
//! share `workspace.rs`); each page component ends in `Page`.

pub mod company;
pub mod dashboard;
pub mod edit_event;
pub mod edit_placement;
pub mod edit_profile;
pub mod edit_screen;
pub mod event;
pub mod events;
pub mod forgot_password;
pub mod guardian;
pub mod home;
pub mod interest_board;
pub mod interest_match;
pub mod login;
pub mod my_interests;
pub mod not_found;
pub mod pair_screen;
pub mod placement;
pub mod privacy;
pub mod register_interest;
pub mod screen;
pub mod set_password;
pub mod sign_up;
pub mod workspace;

pub use company::CompanyPage;
pub use dashboard::DashboardPage;
pub use edit_event::EditEventPage;
pub use edit_placement::EditPlacementPage;
pub use edit_profile::EditProfilePage;
pub use edit_screen::EditScreenPage;
pub use event::EventPage;
pub use events::EventsPage;
pub use forgot_password::ForgotPasswordPage;
pub use guardian::GuardianPage;
pub use home::HomePage;
pub use interest_board::InterestBoardPage;
pub use interest_match::{InterestMatchPage, PlacementMatchPage};
pub use login::LoginPage;
pub use my_interests::MyInterestsPage;
pub use not_found::NotFoundPage;
pub use pair_screen::PairScreenPage;
pub use placement::PlacementPage;
pub use privacy::PrivacyPage;
pub use register_interest::RegisterInterestPage;
pub use screen::ScreenPage;
pub use set_password::SetPasswordPage;
pub use sign_up::SignUpPage;
pub use workspace::{ChangesPage, CompaniesPage, EventsWorkspacePage, InvitePage, OutboxPage, ScreensWorkspacePage};

/// The styles of the workspace's and the students' pages (`public/workspace.css`): linked
/// only by the pages that use them, so the home page's first load does not carry them.
pub const WORKSPACE_CSS: &str = "/workspace.css";

/// The address the server renders once to learn the inline scripts its
/// Content-Security-Policy allows; it gets the scripts of a page with islands.
pub const CSP_PROBE_PATH: &str = "/.well-known/techkaart-csp-probe";

/// Whether the page at `path` holds islands (the map, the form checks, the location
/// picker) and so needs the wasm; the others are sent as plain HTML. An HTTP test checks
/// every kind of page against what it really holds.
pub fn has_islands(path: &str) -> bool {
    match path {
        "/" | "/beheer/profiel" | "/beheer/uitnodigen" | "/scherm" | CSP_PROBE_PATH => true,
        // A placement's form has islands; who fits it (`…/passend`) does not.
        other => {
            (other.starts_with("/beheer/plekken/") && !other.ends_with("/passend"))
                || other.starts_with("/beheer/evenementen/")
        }
    }
}

/// The error a form's server function sent back in the address (`?__path=...&__err=...`)
/// after a plain form post, if it came from the function at `path`.
pub fn form_error(path: &str) -> Option<crate::error::AppError> {
    use leptos::prelude::*;
    use leptos::server_fn::error::ServerFnUrlError;

    let query = leptos_router::hooks::use_query_map();
    query.with_untracked(|q| {
        let from = q.get("__path")?;
        let error = q.get("__err")?;
        (from == path).then(|| ServerFnUrlError::<crate::error::AppError>::decode_err(&error))
    })
}

/// What a logged-in page shows when its data was refused: without a session the browser
/// goes to the login page; any other error is told.
pub fn account_page_error(error: crate::error::AppError) -> leptos::prelude::AnyView {
    use leptos::prelude::*;

    if error == crate::error::AppError::NotLoggedIn {
        #[cfg(feature = "ssr")]
        leptos_axum::redirect("/inloggen");
    }
    view! { <crate::components::ErrorMessage error /> }.into_any()
}
