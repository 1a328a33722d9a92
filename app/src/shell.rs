//! The HTML document around the app, rendered only on the server.

use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::App;
use crate::i18n::texts;

/// The full document: `<html lang>`, head with meta tags, stylesheet and, on pages with
/// islands, the scripts that load the wasm and bring them to life. Every other page (a
/// company, a placement, the login) is plain HTML and loads no wasm at all.
///
/// `stylesheet_href` is worked out once at startup (it carries the build's content hash),
/// so no request reads the hash file for it.
pub fn shell(options: LeptosOptions, stylesheet_href: &str) -> impl IntoView + use<> {
    let t = texts();
    let interactive =
        use_context::<http::request::Parts>().is_none_or(|request| crate::routes::has_islands(request.uri.path()));
    view! {
        <!DOCTYPE html>
        <html lang=t.lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#12355b" />
                <link rel="stylesheet" href=stylesheet_href.to_owned() />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {interactive.then(|| view! { <HydrationScripts options islands=true /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}
