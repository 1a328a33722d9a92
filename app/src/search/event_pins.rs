//! The events the home page's map shows, as plain text for the map island (one line per
//! pin: where it links, latitude, longitude, when, title, separated by tabs), like its
//! markers (`marker_text`): no JSON reader in the browser's wasm.

use crate::decimals::{Fixed, parse};
use crate::map::LatLon;

/// One pin on the map: an event, or several at one place.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPin {
    /// The event's page, or for several at one place the list of that municipality.
    pub href: String,
    pub position: LatLon,
    /// When, as people read it ("vrijdag 4 december 2026, 13:00–16:00").
    pub when: String,
    pub title: String,
}

/// Tabs and line breaks cannot be in a field; they become spaces.
fn field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

pub fn write(pins: &[EventPin]) -> String {
    let mut out = String::new();
    for pin in pins {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            field(&pin.href),
            Fixed(pin.position.lat, 5),
            Fixed(pin.position.lon, 5),
            field(&pin.when),
            field(&pin.title)
        ));
    }
    out
}

/// The pins of `text`; a line that cannot be read is left out.
pub fn read(text: &str) -> Vec<EventPin> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let href = parts.next()?.to_owned();
            let lat = parse(parts.next()?)?;
            let lon = parse(parts.next()?)?;
            let when = parts.next()?.to_owned();
            let title = parts.next()?.to_owned();
            Some(EventPin {
                href,
                position: LatLon::new(lat, lon),
                when,
                title,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_survive_the_text_and_a_tab_in_a_title_does_not_break_it() {
        let pins = vec![
            EventPin {
                href: "/evenementen/7".into(),
                position: LatLon::new(51.3676, 5.2195),
                when: "zaterdag 12 december 2026, 13:00–16:00".into(),
                title: "Open dag\tbij Vonk".into(),
            },
            EventPin {
                href: "/evenementen?gemeente=velsen".into(),
                position: LatLon::new(52.4631, 4.6271),
                when: "1 januari".into(),
                title: "Tech Event IJmond".into(),
            },
        ];
        let read_back = read(&write(&pins));
        assert_eq!(read_back.len(), 2);
        assert_eq!(read_back[0].title, "Open dag bij Vonk");
        assert_eq!(read_back[1], pins[1]);
        assert!(read("kapot\n").is_empty());
    }
}
