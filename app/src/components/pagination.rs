//! Previous/next links under a paged list.

use leptos::prelude::*;

use super::home_href;
use crate::domain::Region;
use crate::i18n::texts;

/// Links to the neighbouring pages of the company list; nothing when there is one page.
#[component]
pub fn Pagination(region: Option<Region>, page: u32, pages: u32) -> impl IntoView {
    let t = texts();
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {(page > 1).then(|| view! {
                    <a class="chip" rel="prev" href=home_href(region, page - 1)>{t.previous_page}</a>
                })}
                <span class="pagination__where">{t.page_of(page, pages)}</span>
                {(page < pages).then(|| view! {
                    <a class="chip" rel="next" href=home_href(region, page + 1)>{t.next_page}</a>
                })}
            </nav>
        }
    })
}
