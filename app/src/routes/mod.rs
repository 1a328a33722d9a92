//! Pages, one component per file; each ends in `Page`.

pub mod company;
pub mod dashboard;
pub mod edit_placement;
pub mod edit_profile;
pub mod forgot_password;
pub mod home;
pub mod login;
pub mod not_found;
pub mod placement;
pub mod set_password;

pub use company::CompanyPage;
pub use dashboard::DashboardPage;
pub use edit_placement::EditPlacementPage;
pub use edit_profile::EditProfilePage;
pub use forgot_password::ForgotPasswordPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use placement::PlacementPage;
pub use set_password::SetPasswordPage;

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
