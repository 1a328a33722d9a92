//! The coordinator's workspace navigation: one row of links to the parts of their work,
//! on the dashboard and on the pages that belong to it. On a phone it wraps onto lines.

use leptos::prelude::*;

use crate::i18n::texts;

/// The part of the workspace a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workspace {
    Overview,
    Interests,
    Companies,
    Invite,
    Outbox,
    Changes,
    Events,
    Screens,
}

#[component]
pub fn WorkspaceNav(current: Workspace) -> impl IntoView {
    let t = texts();
    let d = t.dashboard;
    let links: [(&str, &str, Option<Workspace>); 8] = [
        ("/beheer", d.nav_overview, Some(Workspace::Overview)),
        ("/beheer/interesses", d.nav_interests, Some(Workspace::Interests)),
        ("/beheer/bedrijven", d.nav_companies, Some(Workspace::Companies)),
        ("/beheer/uitnodigen", d.nav_invite, Some(Workspace::Invite)),
        ("/beheer/evenementen", d.nav_events, Some(Workspace::Events)),
        ("/beheer/schermen", d.nav_screens, Some(Workspace::Screens)),
        ("/beheer/uitgaande-mail", d.nav_outbox, Some(Workspace::Outbox)),
        ("/beheer/wijzigingen", d.nav_changes, Some(Workspace::Changes)),
    ];
    view! {
        <nav class="workspace-nav" aria-label=d.nav_label>
            <ul>
                {links.into_iter().map(|(href, name, part)| {
                    let here = part == Some(current);
                    view! {
                        <li>
                            <a href=href aria-current=here.then_some("page")
                                class=if here { "workspace-nav__link workspace-nav__link--here" } else { "workspace-nav__link" }>
                                {name}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}
