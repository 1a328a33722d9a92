//! Generated companies for benchmarks: realistic in shape (towns of both regions, several
//! fields, one to six placements of every kind and level), reproducible for a given size.

use app::domain::{Field, NewCompany, NewPlacement, PlacementStatus, SizeBand, Slug};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use super::templates;

/// Town, municipality code, centre latitude and longitude, postcode digits.
#[rustfmt::skip]
const TOWNS: &[(&str, &str, f64, f64, u16)] = &[
    ("Bladel", "bladel", 51.3686, 5.2203, 5531), ("Hapert", "bladel", 51.3631, 5.2561, 5527),
    ("Hoogeloon", "bladel", 51.3925, 5.2441, 5528), ("Reusel", "reusel-de-mierden", 51.3622, 5.1650, 5541),
    ("Hooge Mierde", "reusel-de-mierden", 51.3869, 5.1317, 5095), ("Eersel", "eersel", 51.3575, 5.3178, 5521),
    ("Vessem", "eersel", 51.4169, 5.2829, 5512), ("Bergeijk", "bergeijk", 51.3197, 5.3586, 5571),
    ("Westerhoven", "bergeijk", 51.3342, 5.4072, 5563), ("Oirschot", "oirschot", 51.5050, 5.3128, 5688),
    ("Middelbeers", "oirschot", 51.4645, 5.2531, 5091), ("IJmuiden", "velsen", 52.4580, 4.6190, 1972),
    ("Velsen-Noord", "velsen", 52.4690, 4.6330, 1951), ("Santpoort-Noord", "velsen", 52.4339, 4.6428, 2071),
    ("Beverwijk", "beverwijk", 52.4870, 4.6570, 1945), ("Wijk aan Zee", "beverwijk", 52.4929, 4.5988, 1949),
    ("Heemskerk", "heemskerk", 52.5110, 4.6720, 1962),
];

const PREFIXES: &[&str] = &[
    "Kempen", "Dommel", "Beerze", "Kanaal", "Duin", "Haven", "Polder", "Heide", "Zeewind", "Akker",
];
const CORES: &[&str] = &[
    "Metaal",
    "Techniek",
    "Machinebouw",
    "Verspaning",
    "Installaties",
    "Elektro",
    "Onderhoud",
    "Staalbouw",
    "Automatisering",
    "Plaatwerk",
];
const STREETS: &[&str] = &[
    "Industrieweg",
    "Ambachtsweg",
    "Nijverheidsweg",
    "Handelsweg",
    "Kanaalweg",
    "Smidsweg",
];

/// Placements per company at most, unless asked otherwise.
pub const DEFAULT_MAX_PLACEMENTS: usize = 6;

/// `count` companies numbered from `first`, each with 1 to `max_placements` placements
/// (3.5 on average for the default 6); the same arguments give the same data.
pub fn companies(
    first: usize,
    count: usize,
    max_placements: usize,
    today: app::domain::Day,
) -> Vec<(NewCompany, Vec<NewPlacement>)> {
    let mut rng = StdRng::seed_from_u64(0x7ec4_aa27 ^ first as u64);
    let mut variant = 0;
    (first..first + count)
        .map(|number| {
            let (town, municipality, latitude, longitude, postcode) = TOWNS[rng.gen_range(0..TOWNS.len())];
            let name = format!(
                "{} {} {}",
                PREFIXES[rng.gen_range(0..PREFIXES.len())],
                CORES[rng.gen_range(0..CORES.len())],
                number + 1
            );
            let field_count = rng.gen_range(1..=3);
            let mut fields: Vec<Field> = Field::ALL.choose_multiple(&mut rng, field_count).copied().collect();
            fields.sort();
            let placements = (0..rng.gen_range(1..=max_placements.max(1)))
                .map(|_| {
                    variant += 1;
                    let field = fields[rng.gen_range(0..fields.len())];
                    let options = templates::for_field(field);
                    let status = match rng.gen_range(0..10) {
                        0 => PlacementStatus::Filled,
                        1 => PlacementStatus::Closed,
                        _ => PlacementStatus::Open,
                    };
                    templates::placement(&options[rng.gen_range(0..options.len())], field, variant, today, status)
                })
                .collect();
            let slug = Slug::from_name(&name).expect("generated names make valid slugs");
            let company = NewCompany {
                description_nl: format!("{name} is een technisch bedrijf in {town}."),
                description_en: format!("{name} is an engineering company in {town}."),
                fields,
                street_address: format!("{} {}", STREETS[rng.gen_range(0..STREETS.len())], rng.gen_range(1..200)),
                postcode: format!("{postcode} {}{}", letter(&mut rng), letter(&mut rng)),
                town: town.to_owned(),
                municipality: municipality.to_owned(),
                // Within about a kilometre of the town centre.
                latitude: latitude + rng.gen_range(-0.008..0.008),
                longitude: longitude + rng.gen_range(-0.012..0.012),
                website: Some(format!("https://{}.example", slug.as_str())),
                contact_name: None,
                contact_email: Some(format!("info@{}.example", slug.as_str())),
                contact_phone: None,
                size_band: *SizeBand::ALL.choose(&mut rng).unwrap_or(&SizeBand::Small),
                sbb_accredited: rng.gen_bool(0.6),
                published: rng.gen_bool(0.97),
                name,
                slug,
            };
            (company, placements)
        })
        .collect()
}

fn letter(rng: &mut StdRng) -> char {
    // Dutch postcodes never use SA, SD or SS; leaving out S avoids them all.
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRTVWXZ";
    char::from(LETTERS[rng.gen_range(0..LETTERS.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_companies_are_valid_and_reproducible() {
        let first = companies(
            0,
            50,
            DEFAULT_MAX_PLACEMENTS,
            app::domain::Day::parse("2026-11-21").expect("a day"),
        );
        assert_eq!(
            first,
            companies(
                0,
                50,
                DEFAULT_MAX_PLACEMENTS,
                app::domain::Day::parse("2026-11-21").expect("a day")
            )
        );
        for (company, placements) in &first {
            assert_eq!(company.validate(), Ok(()), "{}", company.name);
            assert!((1..=6).contains(&placements.len()));
            for placement in placements {
                assert_eq!(placement.validate(), Ok(()));
            }
        }
    }
}
