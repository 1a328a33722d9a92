//! The words Techkaart shows people, one file per language (`nl.rs`, `en.rs`).
//!
//! Every language is a `Texts` table of the same shape, grouped by the page (or part) that
//! shows the words: `site` (every page), `home`, `map`, `company`, `account`, `dashboard`,
//! `edit`, `labels` (what fields are called) and `words` (the names of kinds, levels,
//! fields, statuses and problems as exhaustive `match`es, plural forms, and how numbers,
//! money and dates are written). A missing, extra or misnamed text does not compile.
//! Adding a language is writing one more file and naming it in `LANGUAGES`.
//!
//! The shapes of the groups live beside this file, one concern a file: `pages.rs` (site,
//! home, map, company, account, edit), `dashboard.rs` (dashboard, screens), `events.rs`,
//! `interests.rs`, `words.rs` (labels, words and how values are written) and `language.rs`
//! (which language a request is in, and the groups the islands carry).
//!
//! The language of a request is the `taal` cookie (set by the switch in the header), else
//! the browser's `Accept-Language`, else Dutch. The server writes it into `<html lang>`,
//! and the browser reads it back from there when it brings the islands to life, so both
//! render the same words. Islands take `browser_texts()`, only the groups they use, so the
//! browser's wasm does not carry every page's words in every language.

/// A language file's `Texts`: its code, its name in itself and what the switch is called,
/// with the group tables the file defines (`SITE`, `HOME`, …, `WORDS`).
macro_rules! texts_of_this_file {
    ($lang:literal, $name:literal, $switch:literal) => {
        Texts {
            language_name: $name,
            language_switch_label: $switch,
            lang: $lang,
            site: &SITE,
            home: &HOME,
            map: &MAP,
            company: &COMPANY,
            account: &ACCOUNT,
            dashboard: &DASHBOARD,
            edit: &EDIT,
            events: &EVENTS,
            screens: &SCREENS,
            interests: &INTERESTS,
            labels: &LABELS,
            words: &WORDS,
        }
    };
}

mod dashboard;
mod en;
mod events;
mod interests;
mod language;
mod nl;
mod pages;
mod words;

use crate::domain::{
    Audience, AuditAction, EventKind, EventStatus, Field, Level, Participation, Period, PlacementKind, PlacementStatus,
    Problem, SizeBand,
};
use crate::map::TravelEstimate;

pub use dashboard::{DashboardTexts, ScreenTexts};
pub use en::EN;
pub use events::EventTexts;
pub use interests::{ForSchoolLabels, InterestTexts};
pub use language::{BrowserTexts, Language, browser_texts, by_code, negotiate, request_language, texts};
pub use nl::NL;
pub use pages::{AccountTexts, CompanyTexts, EditTexts, HomeTexts, MapTexts, SiteTexts};
pub use words::{Labels, Words};

/// Every language, the default first.
pub const LANGUAGES: &[&Texts] = &[&NL, &EN];

/// The cookie that remembers the chosen language.
pub const LANGUAGE_COOKIE: &str = "taal";

/// The singular and plural of a counted phrase; `{n}` stands for the number.
#[derive(Clone, Copy, Debug)]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
}

/// A `Plural`, written briefly in the language tables.
pub const fn plural(one: &'static str, other: &'static str) -> Plural {
    Plural { one, other }
}

impl Plural {
    pub fn of(&self, n: impl Into<i64>) -> String {
        let n = n.into();
        let pattern = if n == 1 { self.one } else { self.other };
        pattern.replace("{n}", &n.to_string())
    }
}

/// Every fixed text of the interface in one language, grouped by the page (or part) that
/// shows it.
pub struct Texts {
    /// The language's name in itself, for the switch.
    pub language_name: &'static str,
    /// What the switch is called for screen readers.
    pub language_switch_label: &'static str,
    /// The language's code (BCP 47), as `<html lang>` and the cookie carry it.
    pub lang: &'static str,
    pub site: &'static SiteTexts,
    pub home: &'static HomeTexts,
    pub map: &'static MapTexts,
    pub company: &'static CompanyTexts,
    pub account: &'static AccountTexts,
    pub dashboard: &'static DashboardTexts,
    pub edit: &'static EditTexts,
    pub events: &'static EventTexts,
    pub screens: &'static ScreenTexts,
    pub interests: &'static InterestTexts,
    pub labels: &'static Labels,
    pub words: &'static Words,
}

impl Texts {
    /// What a form field (or an audit entry's field) is called, events' fields included.
    pub fn field_name(&self, field: &str) -> &'static str {
        let e = self.events;
        match field {
            "title_nl" => e.title_nl_label,
            "title_en" => e.title_en_label,
            "start_day" | "starts_at" => e.start_day_label,
            "start_time" => e.start_time_label,
            "end_day" | "ends_at" => e.end_day_label,
            "end_time" => e.end_time_label,
            "place" | "at_company" => e.place_label,
            "venue_name" => e.venue_name_label,
            "audiences" => e.audiences_label,
            "participation" => e.participation_label,
            "sign_up_url" => e.sign_up_url_label,
            "capacity" => e.capacity_label,
            "reason" | "cancel_reason" => e.reason_label,
            "hidden" => e.hidden_label,
            "teacher_name" => e.teacher_name_label,
            "school" => e.school_label,
            "head_count" => e.head_count_label,
            "stage" => self.interests.stage_label,
            "placement" => self.interests.register_placement_label,
            "meeting_accepted" => self.interests.chosen_moment,
            "rows" => self.interests.rows_label,
            "close_reason" => self.interests.reason_label,
            "declined_by" => self.interests.declined_by_label,
            "code" => self.screens.code_label,
            "screen_name" => self.screens.screen_name_label,
            "orientation" => self.screens.orientation_label,
            "shows" => self.screens.shows_label,
            "on_days" => self.screens.on_days_label,
            "on_from" => self.screens.on_from_label,
            "on_until" => self.screens.on_until_label,
            other => self.labels.field_name(other),
        }
    }

    /// What a search parameter is called (the event list's included).
    pub fn search_key(&self, key: &str) -> &'static str {
        let e = self.events;
        match key {
            "periode" => e.period_label,
            "van" => e.from_label,
            "tot" => e.to_label,
            "voor" => e.audience_label,
            other => self.labels.search_key(other),
        }
    }

    /// A company's or placement's own text in this language: the English one when the
    /// page is in English and the company wrote one, otherwise the Dutch one.
    pub fn pick<'a>(&self, dutch: &'a str, english: &'a str) -> &'a str {
        if self.lang == "en" && !english.trim().is_empty() {
            english
        } else {
            dutch
        }
    }

    /// A stored value (a code, an ISO date, school days) as people read it; an empty
    /// value as "(leeg)".
    pub fn stored_value(&self, field: &str, value: &str) -> String {
        let words = self.words;
        if value.is_empty() {
            return self.site.empty_value.to_owned();
        }
        let label = match field {
            "kind" => PlacementKind::from_code(value)
                .map(|k| words.kind(k))
                .or_else(|| EventKind::from_code(value).map(|k| words.event_kind(k))),
            "level" => Level::from_code(value).map(|l| words.level(l)),
            "field" => Field::from_code(value).map(|f| words.field(f)),
            "status" => PlacementStatus::from_code(value)
                .map(|s| words.status(s))
                .or_else(|| EventStatus::from_code(value).map(|s| self.events.event_status(s))),
            "participation" => Participation::from_code(value).map(|p| self.events.participation(p)),
            "audiences" => {
                let names: Vec<&str> = value
                    .split(',')
                    .filter_map(Audience::from_code)
                    .map(|a| self.events.audience(a))
                    .collect();
                return names.join(", ");
            }
            "starts_at" | "ends_at" => {
                return crate::domain::Instant::parse(value).map_or_else(|| value.to_owned(), |at| words.moment(at));
            }
            "hidden" | "at_company" => Some(if value == "1" { "✓" } else { "–" }),
            // A student chose a moment (the moment itself is the student's and the company's).
            "meeting_accepted" => Some(if value == "yes" { "✓" } else { "–" }),
            // The placement an interest was introduced to, by number as the board shows it.
            "placement" => return format!("#{value}"),
            "orientation" => crate::domain::Orientation::from_code(value).map(|o| self.screens.orientation(o)),
            "shows" => crate::domain::ScreenShows::from_code(value).map(|s| self.screens.shows(s)),
            "on_days" => crate::domain::OnDays::from_code(value).map(|d| self.screens.on_days(d)),
            "sbb_accredited" => Some(if value == "1" {
                self.dashboard.recognised
            } else {
                self.dashboard.not_recognised
            }),
            "size_band" => return SizeBand::from_code(value).map_or_else(|| value.to_owned(), |s| words.size_band(s)),
            "municipality" => crate::domain::Municipality::from_code(value).map(|m| m.name()),
            "fields" => {
                let names: Vec<&str> = value
                    .split(',')
                    .filter_map(Field::from_code)
                    .map(|f| words.field(f))
                    .collect();
                return names.join(", ");
            }
            "start_date" | "last_confirmed_on" => return words.date(value),
            "stage" => crate::domain::Stage::from_code(value).map(|s| self.interests.board_stage(s)),
            "close_reason" => crate::domain::CloseReason::from_code(value).map(|r| self.interests.close_reason(r)),
            "declined_by" => crate::domain::DeclinedBy::from_code(value).map(|d| self.interests.declined_by(d)),
            "school_days" => {
                let days: Vec<&str> = crate::domain::parse_school_days(Some(value))
                    .into_iter()
                    .map(|d| words.weekday(d))
                    .collect();
                return days.join(", ");
            }
            _ => None,
        };
        label.map_or_else(|| value.to_owned(), str::to_owned)
    }

    /// The message for a refused logo upload, by the code the server sent back.
    pub fn logo_refusal(&self, code: &str) -> &'static str {
        match code {
            "geen-bestand" => self.edit.logo_no_file,
            "te-groot" => self.edit.logo_too_large,
            "te-veel-pixels" => self.edit.logo_too_many_pixels,
            "bezet" => self.site.busy,
            _ => self.edit.logo_not_image,
        }
    }
}

#[cfg(test)]
mod tests;
