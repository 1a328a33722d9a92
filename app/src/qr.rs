//! QR codes as SVG (server only): for an event's page (`/evenementen/{id}/qr.svg`) and on
//! the kiosk screens' slides, which carry them inline so a screen needs no further request.

/// A QR code of `text` as an SVG document: black modules on white with the quiet zone of
/// four modules the standard asks for.
pub fn svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .quiet_zone(true)
            .min_dimensions(200, 200)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
    )
}

/// The same as an `<svg>` element to place inside HTML: without the XML declaration, and
/// labelled for screen readers with `label`.
pub fn inline_svg(text: &str, label: &str) -> Option<String> {
    let document = svg(text)?;
    let start = document.find("<svg")?;
    let label: String = label
        .chars()
        .map(|c| match c {
            '"' | '<' | '>' | '&' => ' ',
            other => other,
        })
        .collect();
    Some(document[start..].replacen("<svg", &format!("<svg role=\"img\" aria-label=\"{label}\""), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_inline_qr_code_is_one_labelled_svg_element() {
        let svg = super::inline_svg("https://techkaart.nl/evenementen/12", "QR \"code\" <b>").expect("a code");
        assert!(
            svg.starts_with("<svg role=\"img\" aria-label=\"QR  code   b \""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
    }
}
