//! Decimal numbers written and read without the standard library's float conversions:
//! coordinates in addresses and forms, pixel offsets in styles.
//!
//! The standard `{:.1}` and `str::parse::<f64>` bring exact-decimal conversion code and
//! tables of powers of five into the map's wasm, which the home page's first load pays
//! for. Writing rounds half away from zero on the scaled value, which differs from `{:.N}`
//! only on exact ties; reading is exact for up to 15 significant digits (one division of
//! two exactly representable numbers). The server and the browser both use these, so what
//! one writes the other reads the same.

use std::fmt;

/// `value` written with `places` decimals (at most 9): `Fixed(2.345, 1)` is "2.3".
/// Not-finite values are written "0", as nothing here means to show them.
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub f64, pub u8);

const POWERS: [u64; 10] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
];

impl Fixed {
    /// The sign, whole part and decimals, or `None` when the value does not fit.
    fn parts(self) -> Option<(bool, u64, u64, usize)> {
        let places = usize::from(self.1.min(9));
        let scale = POWERS[places];
        #[allow(clippy::cast_precision_loss)]
        let scaled = (self.0 * scale as f64).round();
        if !scaled.is_finite() || scaled.abs() >= 9.0e18 {
            return None;
        }
        #[allow(clippy::cast_possible_truncation)]
        let scaled = scaled as i64;
        let magnitude = scaled.unsigned_abs();
        Some((scaled < 0, magnitude / scale, magnitude % scale, places))
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((negative, whole, fraction, places)) = self.parts() else {
            return f.write_str("0");
        };
        if negative {
            f.write_str("-")?;
        }
        write!(f, "{whole}")?;
        if places > 0 {
            write!(f, ".{fraction:0places$}")?;
        }
        Ok(())
    }
}

/// `value` with at most `places` decimals and no trailing zeros: 12.5 as "12.5", 12.0 as
/// "12" (short addresses).
pub fn trimmed(value: f64, places: u8) -> String {
    let text = Fixed(value, places).to_string();
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// The powers of ten a double holds exactly.
const TENS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Reads a plain decimal number: an optional sign, digits, and optionally a point and
/// more digits ("51.3686", "-0.5", "12."). No exponent, no "inf"; `None` for anything
/// else. Digits beyond the 18th significant one are dropped (far below a millimetre).
pub fn parse(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut significant = 0usize;
    // Powers of ten the mantissa must be divided by (negative: multiplied).
    let mut shift: i32 = 0;
    for (index, digit) in whole.bytes().chain(fraction.bytes()).enumerate() {
        let in_fraction = index >= whole.len();
        if significant < 18 {
            mantissa = mantissa * 10 + u64::from(digit - b'0');
            if mantissa > 0 {
                significant += 1;
            }
            if in_fraction {
                shift += 1;
            }
        } else if !in_fraction {
            shift -= 1;
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let mut value = mantissa as f64;
    while shift != 0 {
        let step = shift.clamp(-22, 22);
        let power = TENS[step.unsigned_abs() as usize];
        value = if step > 0 { value / power } else { value * power };
        shift -= step;
    }
    value.is_finite().then_some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimals_read_as_the_standard_formatting_does() {
        for (value, places) in [
            (51.36861, 5),
            (5.22031, 5),
            (-2.0, 1),
            (-1234.56, 1),
            (0.04, 1),
            (123_456.7, 0),
            (0.000_01, 5),
            (-0.000_04, 4),
            (1.999_99, 2),
            (67_108_864.26, 1),
        ] {
            let standard = format!("{value:.*}", usize::from(places));
            let standard = if standard.trim_start_matches(['-', '0', '.']).is_empty() {
                standard.trim_start_matches('-').to_owned()
            } else {
                standard
            };
            assert_eq!(Fixed(value, places).to_string(), standard, "{value} with {places}");
        }
    }

    #[test]
    fn plain_decimals_read_exactly_as_the_standard_parser_reads_them() {
        for text in [
            "51.3686",
            "5.22031",
            "-0.5",
            "+12",
            "12.",
            ".25",
            "0",
            "0.000001",
            "180",
            "-90.00000",
            "123456789012345",
            "0.1",
            "4.35",
            "1234567.891",
        ] {
            assert_eq!(parse(text), text.parse::<f64>().ok(), "{text}");
        }
        // Past 15 digits it is still within a hair of the exact value.
        let long = parse("51.123456789012345678901").expect("a number");
        assert!((long - 51.123_456_789_012_35).abs() < 1e-12, "{long}");
        for nonsense in ["", "-", ".", "1,5", "1e5", "inf", "NaN", "1.2.3", " 1", "--1", "0x10"] {
            assert_eq!(parse(nonsense), None, "{nonsense:?}");
        }
    }

    #[test]
    fn trailing_zeros_go_and_nonsense_is_zero() {
        assert_eq!(trimmed(12.0, 2), "12");
        assert_eq!(trimmed(12.5, 2), "12.5");
        assert_eq!(trimmed(12.25, 2), "12.25");
        assert_eq!(trimmed(-3.999, 2), "-4");
        assert_eq!(Fixed(f64::NAN, 2).to_string(), "0");
        assert_eq!(Fixed(1e300, 1).to_string(), "0");
        // An exact tie goes away from zero (the standard formatting goes to even).
        assert_eq!(Fixed(0.5, 0).to_string(), "1");
        assert_eq!(Fixed(0.125, 2).to_string(), "0.13");
    }
}

/// Properties over many generated values, beside the examples above: writing agrees with
/// the standard formatting except on exact ties, reading agrees with the standard parser
/// up to 15 significant digits, and what is written reads back to within half a unit of
/// its last place.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The standard formatting, with "-0.00" written "0.00" as `Fixed` writes it.
    fn standard(value: f64, places: u8) -> String {
        let text = format!("{value:.*}", usize::from(places));
        if text.trim_start_matches(['-', '0', '.']).is_empty() {
            text.trim_start_matches('-').to_owned()
        } else {
            text
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn writing_agrees_with_the_standard_formatting_away_from_ties(value in -1.0e6..1.0e6f64, places in 0u8..=6) {
            #[allow(clippy::cast_precision_loss)]
            let scaled = value.abs() * POWERS[usize::from(places)] as f64;
            // Within a hair of a tie the two may round differently, by design (module docs).
            prop_assume!((scaled.fract() - 0.5).abs() > 1e-6);
            prop_assert_eq!(Fixed(value, places).to_string(), standard(value, places));
        }

        #[test]
        fn reading_agrees_with_the_standard_parser_up_to_fifteen_digits(
            mantissa in 0u64..1_000_000_000_000_000,
            places in 0usize..=15,
            sign in prop::sample::select(vec!["", "-", "+"]),
        ) {
            let digits = format!("{mantissa:0>width$}", width = places + 1);
            let (whole, fraction) = digits.split_at(digits.len() - places);
            let text = if places == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") };
            prop_assert_eq!(parse(&text), text.parse::<f64>().ok(), "{}", text);
        }

        #[test]
        fn what_is_written_reads_back_within_half_its_last_place(value in -180.0..180.0f64, places in 0u8..=9) {
            let read = parse(&Fixed(value, places).to_string()).expect("a number");
            #[allow(clippy::cast_precision_loss)]
            let half_unit = 0.5 / POWERS[usize::from(places)] as f64;
            prop_assert!((read - value).abs() <= half_unit + 1e-12, "{} written with {} reads {}", value, places, read);
        }

        #[test]
        fn anything_that_is_not_a_plain_decimal_is_refused(text in "[0-9.,eE+-]{0,6}[a-zA-Z ,eE]+[0-9.]{0,4}") {
            prop_assert_eq!(parse(&text), None, "{}", text);
        }
    }
}
