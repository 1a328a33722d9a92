//! What fields are called (`Labels`) and the names of closed sets of values, with how numbers,
//! money, dates and counts are written (`Words`).

use super::*;

/// What the fields of forms, pages, searches and the change log are called.
pub struct Labels {
    pub email_label: &'static str,
    pub password_label: &'static str,
    pub new_password_label: &'static str,
    pub repeat_password_label: &'static str,
    pub company_label: &'static str,
    pub company_name_label: &'static str,
    pub street_label: &'static str,
    pub postcode_label: &'static str,
    pub town_label: &'static str,
    pub placement_title_label: &'static str,
    pub description_nl_label: &'static str,
    pub description_en_label: &'static str,
    pub crebo_label: &'static str,
    pub hours_per_week_label: &'static str,
    pub days_per_week_label: &'static str,
    pub duration_months_label: &'static str,
    pub pay_min_label: &'static str,
    pub pay_max_label: &'static str,
    pub latitude_label: &'static str,
    pub longitude_label: &'static str,
    pub contact_name_label: &'static str,
    pub contact_email_label: &'static str,
    pub contact_phone_label: &'static str,
    pub logo_heading: &'static str,
    pub fields_label: &'static str,
    pub size_label: &'static str,
    pub website_label: &'static str,
    pub last_confirmed_label: &'static str,
    pub location_label: &'static str,
    pub kind_label: &'static str,
    pub level_label: &'static str,
    pub field_label: &'static str,
    pub qualification_label: &'static str,
    pub school_days_label: &'static str,
    pub start_label: &'static str,
    pub places_label: &'static str,
    pub status_label: &'static str,
    pub search_label: &'static str,
    pub region_label: &'static str,
    pub municipality_label: &'static str,
    pub start_from_label: &'static str,
    pub distance_from_label: &'static str,
    pub radius_label: &'static str,
    /// The SBB recognition as a field of the change log.
    pub sbb_label: &'static str,
    /// The map's view or chosen area, as a search parameter.
    pub map_area_label: &'static str,
    /// The page number, as a search parameter.
    pub page_label: &'static str,
    /// A field this table has no name for.
    pub unknown_field: &'static str,
}

/// The names of closed sets of values, and how numbers, money, dates and counts are written.
pub struct Words {
    pub kinds: fn(PlacementKind) -> &'static str,
    pub event_kinds: fn(EventKind) -> &'static str,
    /// Who an event is for.
    /// How people take part in an event.
    /// The periods the event list offers.
    pub kind_counts: fn(PlacementKind) -> Plural,
    pub levels: fn(Level) -> &'static str,
    pub fields: fn(Field) -> &'static str,
    pub statuses: fn(PlacementStatus) -> &'static str,
    /// How a field's problem is put after the field's name ("moet ingevuld zijn").
    pub problems: fn(Problem) -> &'static str,
    /// What an audit entry says the person did.
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
    /// `{d}`, `{month}` and `{y}`.
    pub date_pattern: &'static str,
    pub thousands_separator: char,
    pub decimal_separator: char,
    /// `{amount}` is the number with thousands separators.
    pub euro_pattern: &'static str,
    /// Monthly pay: `{min}` and `{max}`, `{amount}` for one figure.
    pub pay_range: &'static str,
    pub pay_exact: &'static str,
    pub pay_from: &'static str,
    pub pay_up_to: &'static str,
    /// `{h}` hours, `{days}` from `days`.
    pub hours_and_days: &'static str,
    pub hours_only: &'static str,
    pub days_only: &'static str,
    pub days: Plural,
    pub month_count: Plural,
    pub place_count: Plural,
    /// `{range}` is the band with `size_range_word` between its numbers.
    pub size_pattern: &'static str,
    pub size_range_word: &'static str,
    /// `{km}`, `{bike}` and `{car}` minutes.
    pub travel: &'static str,
    pub measured_from_town: &'static str,
    pub measured_from_here: &'static str,
    pub not_stated: &'static str,
}

impl Words {
    pub fn kind(&self, kind: PlacementKind) -> &'static str {
        (self.kinds)(kind)
    }

    pub fn event_kind(&self, kind: EventKind) -> &'static str {
        (self.event_kinds)(kind)
    }

    /// When an event takes place, on Dutch clocks: "vrijdag 4 december 2026, 13:00–16:00",
    /// or with both days when it runs over midnight.
    pub fn event_time(&self, events: &EventTexts, times: crate::domain::EventTimes) -> String {
        let (start, end) = (times.start.in_amsterdam(), times.end.in_amsterdam());
        let day = |at: time::OffsetDateTime| {
            format!(
                "{} {}",
                self.weekday(at.weekday().number_from_monday()),
                self.date(&at.date().to_string())
            )
        };
        let clock = |at: time::OffsetDateTime| format!("{:02}:{:02}", at.hour(), at.minute());
        if start.date() == end.date() {
            events
                .same_day_times
                .replace("{day}", &day(start))
                .replace("{from}", &clock(start))
                .replace("{to}", &clock(end))
        } else {
            events
                .across_days
                .replace("{from}", &format!("{} {}", day(start), clock(start)))
                .replace("{to}", &format!("{} {}", day(end), clock(end)))
        }
    }

    /// "2 BBL-plekken", "1 internship".
    pub fn kind_count(&self, kind: PlacementKind, count: i64) -> String {
        (self.kind_counts)(kind).of(count)
    }

    pub fn level(&self, level: Level) -> &'static str {
        (self.levels)(level)
    }

    pub fn field(&self, field: Field) -> &'static str {
        (self.fields)(field)
    }

    pub fn status(&self, status: PlacementStatus) -> &'static str {
        (self.statuses)(status)
    }

    pub fn problem(&self, problem: Problem) -> &'static str {
        (self.problems)(problem)
    }

    pub fn size_band(&self, size: SizeBand) -> String {
        self.size_pattern
            .replace("{range}", &size.code().replace('-', self.size_range_word))
    }

    /// ISO weekday (1 = Monday) as a word.
    pub fn weekday(&self, day: u8) -> &'static str {
        self.weekdays.get(usize::from(day.max(1)) - 1).copied().unwrap_or("?")
    }

    /// A day as "1 februari 2027".
    pub fn day(&self, day: crate::domain::Day) -> String {
        self.date(&day.stored())
    }

    /// A stored date (`2027-02-01`, as the change log keeps it) as `day`; other text as it is.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        match (parts.as_slice(), parts.get(1).and_then(|m| m.parse::<usize>().ok())) {
            ([year, _, day], Some(month)) if (1..=12).contains(&month) => self
                .date_pattern
                .replace("{d}", day.trim_start_matches('0'))
                .replace("{month}", self.months[month - 1])
                .replace("{y}", year),
            _ => iso.to_owned(),
        }
    }

    /// An instant as a person in the Netherlands reads it: the date and the time on
    /// Dutch clocks, "29 november 2026 21:53".
    pub fn moment(&self, at: crate::domain::Instant) -> String {
        let local = at.in_amsterdam();
        format!(
            "{} {:02}:{:02}",
            self.date(&local.date().to_string()),
            local.hour(),
            local.minute()
        )
    }

    /// Whole euros with the language's thousands separator: "€ 1.250", "€1,250".
    pub fn euros(&self, amount: i64) -> String {
        let digits = amount.unsigned_abs().to_string();
        let mut grouped = String::new();
        if amount < 0 {
            grouped.push('-');
        }
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(self.thousands_separator);
            }
            grouped.push(digit);
        }
        self.euro_pattern.replace("{amount}", &grouped)
    }

    /// A monthly pay range: "€ 1.100 tot € 1.500 per maand".
    pub fn pay(&self, min: Option<i64>, max: Option<i64>) -> String {
        match (min, max) {
            (Some(min), Some(max)) if min == max => self.pay_exact.replace("{amount}", &self.euros(min)),
            (Some(min), Some(max)) => self
                .pay_range
                .replace("{min}", &self.euros(min))
                .replace("{max}", &self.euros(max)),
            (Some(min), None) => self.pay_from.replace("{amount}", &self.euros(min)),
            (None, Some(max)) => self.pay_up_to.replace("{amount}", &self.euros(max)),
            (None, None) => self.not_stated.to_owned(),
        }
    }

    /// "32 uur, 4 dagen per week".
    pub fn hours(&self, hours: Option<i64>, days: Option<i64>) -> String {
        let days_text = days.map(|d| self.days.of(d)).unwrap_or_default();
        let pattern = match (hours, days) {
            (Some(_), Some(_)) => self.hours_and_days,
            (Some(_), None) => self.hours_only,
            (None, Some(_)) => self.days_only,
            (None, None) => return self.not_stated.to_owned(),
        };
        pattern
            .replace("{h}", &hours.unwrap_or_default().to_string())
            .replace("{days}", &days_text)
    }

    /// "24 maanden".
    pub fn months(&self, months: i64) -> String {
        self.month_count.of(months)
    }

    /// "2 plekken".
    pub fn places(&self, places: i64) -> String {
        self.place_count.of(places)
    }

    /// "ca. 4,2 km · 18 min fietsen · 7 min met de auto".
    pub fn travel(&self, travel: &TravelEstimate) -> String {
        let km = if travel.distance_km < 10.0 {
            crate::decimals::Fixed(travel.distance_km, 1)
                .to_string()
                .replace('.', &self.decimal_separator.to_string())
        } else {
            crate::decimals::Fixed(travel.distance_km, 0).to_string()
        };
        self.travel
            .replace("{km}", &km)
            .replace("{bike}", &travel.bike_minutes.to_string())
            .replace("{car}", &travel.car_minutes.to_string())
    }

    /// "Afstanden vanaf Hapert", or from the browser's location.
    pub fn measured_from(&self, town: Option<&str>) -> String {
        match town {
            Some(town) => self.measured_from_town.replace("{town}", town),
            None => self.measured_from_here.to_owned(),
        }
    }

    /// "5 km".
    pub fn kilometres(&self, km: u32) -> String {
        format!("{km} km")
    }
}

impl Labels {
    /// What a form field (or an audit entry's field) is called.
    pub fn field_name(&self, field: &str) -> &'static str {
        match field {
            "title" => self.placement_title_label,
            "kind" => self.kind_label,
            "level" => self.level_label,
            "field" => self.field_label,
            "qualification" => self.qualification_label,
            "crebo" => self.crebo_label,
            "description_nl" | "description" => self.description_nl_label,
            "description_en" => self.description_en_label,
            "hours_per_week" => self.hours_per_week_label,
            "days_per_week" => self.days_per_week_label,
            "school_days" => self.school_days_label,
            "start_date" => self.start_label,
            "duration_months" => self.duration_months_label,
            "places" => self.places_label,
            "pay_min_eur" => self.pay_min_label,
            "pay_max_eur" => self.pay_max_label,
            "status" => self.status_label,
            "last_confirmed_on" => self.last_confirmed_label,
            "email" => self.email_label,
            "company" => self.company_label,
            "company_name" | "name" => self.company_name_label,
            "street_address" => self.street_label,
            "postcode" => self.postcode_label,
            "town" => self.town_label,
            "size_band" => self.size_label,
            "password" => self.new_password_label,
            "fields" => self.fields_label,
            "municipality" => self.municipality_label,
            "latitude" => self.latitude_label,
            "longitude" => self.longitude_label,
            "location" => self.location_label,
            "website" => self.website_label,
            "contact_name" => self.contact_name_label,
            "contact_email" => self.contact_email_label,
            "contact_phone" => self.contact_phone_label,
            "sbb_accredited" => self.sbb_label,
            "logo" => self.logo_heading,
            "repeated" => self.repeat_password_label,
            _ => self.unknown_field,
        }
    }

    /// What a search parameter is called, for the message about a wrong one.
    pub fn search_key(&self, key: &str) -> &'static str {
        match key {
            "regio" => self.region_label,
            "gemeente" => self.municipality_label,
            "soort" => self.kind_label,
            "niveau" => self.level_label,
            "vakgebied" => self.field_label,
            "start" => self.start_from_label,
            "zoek" => self.search_label,
            "vanaf" | "hier" => self.distance_from_label,
            "straal" => self.radius_label,
            "gebied" | "kaart" => self.map_area_label,
            "pagina" => self.page_label,
            "bedrijf" => self.company_label,
            _ => self.unknown_field,
        }
    }
}
