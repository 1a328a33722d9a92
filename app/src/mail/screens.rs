//! The mail to a screen's owners when it went silent or came back.

use super::Message;

/// Whether a screen went silent or came back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenNews {
    /// No heartbeat for half an hour during its on-hours.
    Offline,
    /// It reported again after `Offline`.
    Back,
}

/// The message to a screen's owners that `screen` went silent or is back; `page` is where
/// they see their screens.
pub fn screen_status(news: ScreenNews, screen: &str, last_seen: &str, page: &str) -> Message {
    let (subject, nl, en) = match news {
        ScreenNews::Offline => (
            format!("Scherm offline: {screen} / Screen offline"),
            format!(
                "Het scherm \"{screen}\" meldt zich sinds {last_seen} niet meer, terwijl het aan hoort te staan. \
                 Staat de tv of het kastje nog aan, en heeft het internet? Wie het scherm weer aanzet, hoeft niets te koppelen: \
                 het scherm gaat verder waar het was."
            ),
            format!(
                "The screen \"{screen}\" has not reported since {last_seen}, during its on-hours. \
                 Is the TV or its stick still on, and does it have internet? Switched back on, it carries on by itself: \
                 no pairing needed."
            ),
        ),
        ScreenNews::Back => (
            format!("Scherm weer online: {screen} / Screen back online"),
            format!("Het scherm \"{screen}\" meldt zich weer en toont zijn dia's."),
            format!("The screen \"{screen}\" reports again and shows its slides."),
        ),
    };
    Message {
        subject,
        body: format!("Hallo,\n\n{nl}\n\nJe schermen: {page}\n\n---\n\nHello,\n\n{en}\n\nYour screens: {page}\n"),
        purpose: None,
    }
}
