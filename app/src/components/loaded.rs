//! The one way a page shows what it loads: "loading" until the server function answered,
//! then the page's view of the value, or the error said the same way everywhere (a person
//! who is not logged in is sent to the login page; `routes::account_page_error`).

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::texts;

/// Shows `resource` once loaded: `children` with its value, or its error.
///
/// ```text
/// <Loaded resource=dashboard let:dashboard>
///     <DashboardView dashboard />
/// </Loaded>
/// ```
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let t = texts();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t.site.loading}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => children(value).into_any(),
                        Err(error) => crate::routes::account_page_error(error),
                    }
                })
            }}
        </Suspense>
    }
}
