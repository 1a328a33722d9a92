//! How well an open placement fits a student's interest, and why: the coordinator's
//! suggestions, both ways (the placements that fit an interest, the interests that fit a
//! placement). A score orders them; the reasons and the doubts say why in words, so the
//! coordinator decides. Nothing here changes anything.

use super::interests::{AgeBand, Programme, StartMonth};
use super::{Day, Field, Level, PlacementKind, code_enum};
use crate::map::LatLon;
use crate::map::travel::TravelEstimate;

/// What a suggestion knows of the student behind an interest.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Seeker {
    pub age_band: AgeBand,
    pub programme: Programme,
    pub crebo: Option<String>,
    /// `None`: as soon as possible.
    pub start_month: Option<StartMonth>,
    /// The field and kind of the placement the student chose, if it still exists.
    pub chosen: Option<(Field, PlacementKind)>,
    /// Roughly where the student lives: the middle of their postcode's area, when it is
    /// known (see `PostcodeAreas`).
    pub home: Option<LatLon>,
}

impl Seeker {
    /// The seeker behind `interest`, about `placement` (if it still exists), living in
    /// one of `areas`.
    pub fn of(
        interest: &super::Interest,
        placement: Option<&super::interests::InterestPlacement>,
        areas: &PostcodeAreas,
    ) -> Seeker {
        Seeker {
            age_band: interest.age_band,
            programme: interest.programme,
            crebo: interest.crebo.clone(),
            start_month: interest.start_month.as_deref().and_then(StartMonth::parse),
            chosen: placement.map(|p| (p.field, p.kind)),
            home: interest.postcode.as_deref().and_then(|p| areas.middle(p)),
        }
    }
}

/// Where the areas of 4-digit postcodes lie, as far as Techkaart knows them: the middle of
/// the addresses of the companies with that postcode (a postcode area is a village or a
/// part of a town, a few kilometres across). A student gives only those 4 digits, so a
/// travel time from there is an estimate of a few minutes either way; a postcode without
/// a company on Techkaart has none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostcodeAreas {
    middles: std::collections::BTreeMap<String, LatLon>,
}

impl PostcodeAreas {
    /// From the 4 digits of each company's postcode with its position.
    pub fn from_addresses(addresses: impl IntoIterator<Item = (String, LatLon)>) -> PostcodeAreas {
        let mut sums: std::collections::BTreeMap<String, (f64, f64, f64)> = Default::default();
        for (postcode, at) in addresses {
            let digits: String = postcode.chars().filter(char::is_ascii_digit).take(4).collect();
            if digits.len() == 4 {
                let sum = sums.entry(digits).or_default();
                *sum = (sum.0 + at.lat, sum.1 + at.lon, sum.2 + 1.0);
            }
        }
        PostcodeAreas {
            middles: sums
                .into_iter()
                .map(|(digits, (lat, lon, n))| (digits, LatLon::new(lat / n, lon / n)))
                .collect(),
        }
    }

    /// The middle of the area of `postcode` (its first 4 digits), if known.
    pub fn middle(&self, postcode: &str) -> Option<LatLon> {
        let digits: String = postcode.chars().filter(char::is_ascii_digit).take(4).collect();
        self.middles.get(&digits).copied()
    }
}

/// What a suggestion knows of an open placement.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Offer {
    pub placement_id: i64,
    pub title: String,
    pub kind: PlacementKind,
    pub level: Level,
    pub field: Field,
    pub crebo: Option<String>,
    pub start_date: Option<Day>,
    /// Whether SBB recognises the company as a training company (erkend leerbedrijf).
    pub recognised: bool,
    pub company_name: String,
    pub company_slug: String,
    pub town: String,
    /// Where the company is.
    pub position: LatLon,
    /// The region whose coordinator may introduce a student to it.
    pub region: super::Region,
}

code_enum! {
    /// Why a placement fits a student.
    FitReason {
        /// The placement leads to the qualification the student follows.
        SameCrebo => "same-crebo",
        /// The same field as the placement the student chose.
        SameField => "same-field",
        /// The same kind (BBL, internship, …) as the placement the student chose.
        SameKind => "same-kind",
        /// Meant for the student's level.
        SameLevel => "same-level",
        /// Meant for the level just above or below, or the next step after vmbo.
        NearLevel => "near-level",
        /// SBB recognises the company, which BBL and internships need.
        Recognised => "recognised",
        /// Starts within a month before and three after when the student can.
        StartsInTime => "starts-in-time",
        /// The start is agreed with the student.
        StartByAgreement => "start-by-agreement",
        /// Within `NEAR_BY_BIKE_MINUTES` by bike from the student's postcode.
        NearHome => "near-home",
    }
}

code_enum! {
    /// What speaks against a placement for a student.
    Doubt {
        /// Meant for another level.
        OtherLevel => "other-level",
        /// BBL and internships need a company SBB recognises; this one is not (yet).
        NotRecognised => "not-recognised",
        /// BBL and jobs come with an employment contract: not for a student under 16.
        TooYoung => "too-young",
        /// Starts more than three months after the student can.
        StartsLater => "starts-later",
        /// Started more than a month before the student can.
        StartedBefore => "started-before",
        /// More than `FAR_BY_BIKE_MINUTES` by bike from the student's postcode.
        FarFromHome => "far-from-home",
    }
}

/// Near enough by bike to count for a placement: many students cycle to work, and a
/// daily half hour each way is what Dutch students commonly ride to school.
pub const NEAR_BY_BIKE_MINUTES: u32 = 30;
/// Too far to cycle every day; then it takes a bus, a lift or (18 and over) a car.
pub const FAR_BY_BIKE_MINUTES: u32 = 60;

/// How well one placement fits one student.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fit {
    pub score: i32,
    pub reasons: Vec<FitReason>,
    pub doubts: Vec<Doubt>,
    /// From the student's postcode to the company, when the postcode's area is known.
    pub travel: Option<TravelEstimate>,
}

/// The level a programme is at, as placements name levels; `None` for "other".
pub fn level_of(programme: Programme) -> Option<Level> {
    Some(match programme {
        Programme::Vmbo1 | Programme::Vmbo2 | Programme::Vmbo3 | Programme::Vmbo4 => Level::Vmbo,
        Programme::Mbo1 => Level::Mbo1,
        Programme::Mbo2 => Level::Mbo2,
        Programme::Mbo3 => Level::Mbo3,
        Programme::Mbo4 => Level::Mbo4,
        Programme::Hbo => Level::Hbo,
        Programme::Other => return None,
    })
}

/// Where a level stands in the order vmbo, mbo 1–4, hbo.
fn rank(level: Level) -> i32 {
    match level {
        Level::Vmbo => 0,
        Level::Mbo1 => 1,
        Level::Mbo2 => 2,
        Level::Mbo3 => 3,
        Level::Mbo4 => 4,
        Level::Hbo => 5,
    }
}

/// Months from `a` to `b` (negative when `b` is earlier).
fn months_between(a: StartMonth, b: StartMonth) -> i32 {
    (b.year * 12 + i32::from(b.month)) - (a.year * 12 + i32::from(a.month))
}

/// How well `offer` fits `seeker`, with `today` standing for "as soon as possible".
pub fn fit(seeker: &Seeker, offer: &Offer, today: Day) -> Fit {
    let mut reasons = Vec::new();
    let mut doubts = Vec::new();
    let mut score = 0;

    if seeker.crebo.is_some() && seeker.crebo == offer.crebo {
        reasons.push(FitReason::SameCrebo);
        score += 5;
    }
    if let Some((field, kind)) = seeker.chosen {
        if field == offer.field {
            reasons.push(FitReason::SameField);
            score += 3;
        }
        if kind == offer.kind {
            reasons.push(FitReason::SameKind);
            score += 2;
        }
    }
    if let Some(level) = level_of(seeker.programme) {
        let distance = (rank(level) - rank(offer.level)).abs();
        // After vmbo (year 3 or 4) the next step is mbo 2 or 3.
        let next_step = matches!(seeker.programme, Programme::Vmbo3 | Programme::Vmbo4)
            && matches!(offer.level, Level::Mbo2 | Level::Mbo3);
        if distance == 0 {
            reasons.push(FitReason::SameLevel);
            score += 3;
        } else if distance == 1 || next_step {
            reasons.push(FitReason::NearLevel);
            score += 1;
        } else {
            doubts.push(Doubt::OtherLevel);
            score -= 3;
        }
    }
    if matches!(offer.kind, PlacementKind::Bbl | PlacementKind::BolInternship) {
        if offer.recognised {
            reasons.push(FitReason::Recognised);
            score += 2;
        } else {
            doubts.push(Doubt::NotRecognised);
            score -= 2;
        }
    }
    if seeker.age_band == AgeBand::Under16 && matches!(offer.kind, PlacementKind::Bbl | PlacementKind::Job) {
        doubts.push(Doubt::TooYoung);
        score -= 4;
    }
    match offer.start_date {
        None => {
            reasons.push(FitReason::StartByAgreement);
            score += 1;
        }
        Some(day) => {
            let wanted = seeker.start_month.unwrap_or_else(|| StartMonth::of(today));
            let gap = months_between(wanted, StartMonth::of(day));
            if (-1..=3).contains(&gap) {
                reasons.push(FitReason::StartsInTime);
                score += 2;
            } else if gap > 3 {
                doubts.push(Doubt::StartsLater);
                score -= 1;
            } else {
                doubts.push(Doubt::StartedBefore);
                score -= 1;
            }
        }
    }
    let travel = seeker
        .home
        .map(|home| crate::map::travel::estimate(home, offer.position));
    match travel {
        Some(t) if t.bike_minutes <= NEAR_BY_BIKE_MINUTES => {
            reasons.push(FitReason::NearHome);
            score += 2;
        }
        Some(t) if t.bike_minutes > FAR_BY_BIKE_MINUTES => {
            doubts.push(Doubt::FarFromHome);
            score -= 1;
        }
        _ => {}
    }
    Fit {
        score,
        reasons,
        doubts,
        travel,
    }
}

/// The better fit first: the higher score, then the fewer doubts.
fn better(a: &Fit, b: &Fit) -> std::cmp::Ordering {
    b.score.cmp(&a.score).then(a.doubts.len().cmp(&b.doubts.len()))
}

/// How many suggestions the coordinator sees at once.
pub const SUGGESTIONS_SHOWN: usize = 8;

/// The offers that fit `seeker`, best first (then fewer doubts, then by title), leaving
/// out the placement the interest is already about and those that fit worse than not at
/// all; at most `SUGGESTIONS_SHOWN`.
pub fn suggest(seeker: &Seeker, offers: Vec<Offer>, current: Option<i64>, today: Day) -> Vec<(Offer, Fit)> {
    let mut fitting: Vec<(Offer, Fit)> = offers
        .into_iter()
        .filter(|offer| Some(offer.placement_id) != current)
        .map(|offer| {
            let fit = fit(seeker, &offer, today);
            (offer, fit)
        })
        .filter(|(_, fit)| fit.score > 0)
        .collect();
    fitting.sort_by(|(a, fa), (b, fb)| {
        better(fa, fb)
            .then_with(|| a.title.cmp(&b.title))
            .then(a.placement_id.cmp(&b.placement_id))
    });
    fitting.truncate(SUGGESTIONS_SHOWN);
    fitting
}

/// The seekers (keyed by interest) that `offer` fits, best first, ties oldest interest
/// first; at most `SUGGESTIONS_SHOWN`.
pub fn seekers_for<K: Ord + Clone>(offer: &Offer, seekers: Vec<(K, Seeker)>, today: Day) -> Vec<(K, Fit)> {
    let mut fitting: Vec<(K, Fit)> = seekers
        .into_iter()
        .map(|(key, seeker)| (key, fit(&seeker, offer, today)))
        .filter(|(_, fit)| fit.score > 0)
        .collect();
    fitting.sort_by(|(a, fa), (b, fb)| better(fa, fb).then_with(|| a.cmp(b)));
    fitting.truncate(SUGGESTIONS_SHOWN);
    fitting
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("a day")
    }

    fn seeker() -> Seeker {
        Seeker {
            age_band: AgeBand::From16To17,
            programme: Programme::Mbo2,
            crebo: Some("25259".to_owned()),
            start_month: StartMonth::parse("2027-02"),
            chosen: Some((Field::Welding, PlacementKind::Bbl)),
            home: None,
        }
    }

    fn offer(id: i64) -> Offer {
        Offer {
            placement_id: id,
            title: format!("Plek {id}"),
            kind: PlacementKind::Bbl,
            level: Level::Mbo2,
            field: Field::Welding,
            crebo: Some("25259".to_owned()),
            start_date: Some(day("2027-02-01")),
            recognised: true,
            company_name: "Lasbedrijf".to_owned(),
            company_slug: "lasbedrijf".to_owned(),
            town: "Bladel".to_owned(),
            position: BLADEL,
            region: crate::domain::Region::Kempen,
        }
    }

    const BLADEL: LatLon = LatLon::new(51.3686, 5.2203);
    const EERSEL: LatLon = LatLon::new(51.3575, 5.3178);
    const OIRSCHOT: LatLon = LatLon::new(51.5050, 5.3130);
    const IJMUIDEN: LatLon = LatLon::new(52.4580, 4.6190);

    const TODAY: &str = "2026-11-30";

    #[test]
    fn a_placement_that_matches_everything_gives_every_reason_and_no_doubt() {
        let fit = fit(&seeker(), &offer(1), day(TODAY));
        assert_eq!(
            fit.reasons,
            vec![
                FitReason::SameCrebo,
                FitReason::SameField,
                FitReason::SameKind,
                FitReason::SameLevel,
                FitReason::Recognised,
                FitReason::StartsInTime
            ]
        );
        assert!(fit.doubts.is_empty());
        assert_eq!(fit.score, 5 + 3 + 2 + 3 + 2 + 2);
    }

    #[test]
    fn levels_fit_exactly_nearby_after_vmbo_or_not_at_all() {
        let at = |programme, level| {
            let seeker = Seeker {
                programme,
                crebo: None,
                chosen: None,
                ..seeker()
            };
            fit(&seeker, &Offer { level, ..offer(1) }, day(TODAY))
        };
        assert!(at(Programme::Mbo3, Level::Mbo3).reasons.contains(&FitReason::SameLevel));
        assert!(at(Programme::Mbo3, Level::Mbo4).reasons.contains(&FitReason::NearLevel));
        assert!(
            at(Programme::Vmbo4, Level::Mbo2)
                .reasons
                .contains(&FitReason::NearLevel)
        );
        assert!(
            at(Programme::Vmbo4, Level::Mbo3)
                .reasons
                .contains(&FitReason::NearLevel)
        );
        assert_eq!(at(Programme::Vmbo4, Level::Mbo4).doubts, vec![Doubt::OtherLevel]);
        assert_eq!(at(Programme::Mbo1, Level::Hbo).doubts, vec![Doubt::OtherLevel]);
        // "Other" says nothing about a level: neither a reason nor a doubt.
        let other = at(Programme::Other, Level::Hbo);
        assert!(
            !other
                .reasons
                .iter()
                .any(|r| matches!(r, FitReason::SameLevel | FitReason::NearLevel))
        );
        assert!(other.doubts.is_empty());
    }

    #[test]
    fn bbl_needs_a_recognised_company_and_a_student_of_sixteen() {
        let unrecognised = fit(
            &seeker(),
            &Offer {
                recognised: false,
                ..offer(1)
            },
            day(TODAY),
        );
        assert_eq!(unrecognised.doubts, vec![Doubt::NotRecognised]);
        assert!(!unrecognised.reasons.contains(&FitReason::Recognised));
        let young = Seeker {
            age_band: AgeBand::Under16,
            ..seeker()
        };
        assert_eq!(fit(&young, &offer(1), day(TODAY)).doubts, vec![Doubt::TooYoung]);
        // An orientation day asks neither.
        let day_out = Offer {
            kind: PlacementKind::OrientationDay,
            recognised: false,
            ..offer(1)
        };
        assert!(fit(&young, &day_out, day(TODAY)).doubts.is_empty());
    }

    #[test]
    fn the_start_fits_from_a_month_before_to_three_after() {
        let starting = |date: &str| {
            fit(
                &seeker(),
                &Offer {
                    start_date: Some(day(date)),
                    ..offer(1)
                },
                day(TODAY),
            )
        };
        assert!(starting("2027-01-01").reasons.contains(&FitReason::StartsInTime));
        assert!(starting("2027-05-31").reasons.contains(&FitReason::StartsInTime));
        assert_eq!(starting("2027-06-01").doubts, vec![Doubt::StartsLater]);
        assert_eq!(starting("2026-12-31").doubts, vec![Doubt::StartedBefore]);
        let agreed = fit(
            &seeker(),
            &Offer {
                start_date: None,
                ..offer(1)
            },
            day(TODAY),
        );
        assert!(agreed.reasons.contains(&FitReason::StartByAgreement));
        // "As soon as possible" is measured from today.
        let now = Seeker {
            start_month: None,
            ..seeker()
        };
        let soon = fit(
            &now,
            &Offer {
                start_date: Some(day("2026-12-01")),
                ..offer(1)
            },
            day(TODAY),
        );
        assert!(soon.reasons.contains(&FitReason::StartsInTime));
    }

    #[test]
    fn a_company_within_half_an_hour_by_bike_counts_and_one_beyond_an_hour_speaks_against() {
        let from = |home| Seeker {
            home: Some(home),
            ..seeker()
        };
        // In the same village: near.
        let same_village = fit(&from(BLADEL), &offer(1), day(TODAY));
        assert!(same_village.reasons.contains(&FitReason::NearHome));
        assert_eq!(same_village.score, fit(&seeker(), &offer(1), day(TODAY)).score + 2);
        // Eersel to Bladel: 6.9 km straight, 9 km by road, 36 minutes by bike: neither.
        let eersel = fit(&from(EERSEL), &offer(1), day(TODAY));
        let travel = eersel.travel.expect("a travel estimate");
        assert!((6.5..7.5).contains(&travel.distance_km), "{travel:?}");
        assert_eq!(travel.bike_minutes, 36);
        assert!(!eersel.reasons.contains(&FitReason::NearHome) && eersel.doubts.is_empty());
        // Oirschot to Bladel: 16.5 km straight, well over an hour by bike.
        let oirschot = fit(&from(OIRSCHOT), &offer(1), day(TODAY));
        assert_eq!(oirschot.doubts, vec![Doubt::FarFromHome]);
        assert_eq!(oirschot.score, fit(&seeker(), &offer(1), day(TODAY)).score - 1);
        // Without a known postcode area there is no estimate, and no reason either way.
        let unknown = fit(&seeker(), &offer(1), day(TODAY));
        assert!(unknown.travel.is_none());
    }

    #[test]
    fn a_postcode_area_lies_in_the_middle_of_its_companies() {
        let areas = PostcodeAreas::from_addresses([
            ("5531 AB".to_owned(), LatLon::new(51.36, 5.21)),
            ("5531 XZ".to_owned(), LatLon::new(51.38, 5.23)),
            ("5521 AA".to_owned(), EERSEL),
            ("bad".to_owned(), IJMUIDEN),
        ]);
        let bladel = areas.middle("5531").expect("known");
        assert!((bladel.lat - 51.37).abs() < 1e-9 && (bladel.lon - 5.22).abs() < 1e-9);
        assert_eq!(areas.middle("5521 ZZ"), Some(EERSEL));
        assert_eq!(areas.middle("1971"), None);
    }

    #[test]
    fn suggestions_come_best_first_without_the_current_placement_or_misfits() {
        let weaker = Offer {
            crebo: None,
            title: "A weaker one".to_owned(),
            ..offer(2)
        };
        let misfit = Offer {
            level: Level::Hbo,
            crebo: None,
            field: Field::Electrical,
            kind: PlacementKind::Job,
            start_date: Some(day("2028-01-01")),
            ..offer(3)
        };
        let shown = suggest(&seeker(), vec![misfit, weaker, offer(1), offer(4)], Some(4), day(TODAY));
        let ids: Vec<i64> = shown.iter().map(|(o, _)| o.placement_id).collect();
        assert_eq!(ids, vec![1, 2]);
        assert!(shown[0].1.score > shown[1].1.score);
    }

    #[test]
    fn seekers_for_a_placement_come_best_first_then_oldest() {
        let other_level = Seeker {
            programme: Programme::Mbo4,
            crebo: None,
            ..seeker()
        };
        let shown = seekers_for(
            &offer(1),
            vec![(30, other_level), (20, seeker()), (10, seeker())],
            day(TODAY),
        );
        let keys: Vec<i32> = shown.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec![10, 20, 30]);
        let none = seekers_for(
            &Offer {
                level: Level::Hbo,
                field: Field::Electrical,
                kind: PlacementKind::Job,
                crebo: None,
                start_date: Some(day("2028-01-01")),
                ..offer(1)
            },
            vec![(1, seeker())],
            day(TODAY),
        );
        assert!(none.is_empty());
    }
}
