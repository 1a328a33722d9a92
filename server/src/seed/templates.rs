//! Placement templates per field of work, shared by the demo and synthetic data.
//!
//! The qualification names follow the Dutch mbo qualification structure; the CREBO codes
//! are illustrative five-digit codes for demo data, not looked up in the SBB register.

use app::domain::{Crebo, Day, Field, Level, NewPlacement, PlacementKind, PlacementStatus};

pub struct Template {
    pub kind: PlacementKind,
    pub level: Level,
    pub title: &'static str,
    pub qualification: Option<(&'static str, &'static str)>,
}

const fn t(
    kind: PlacementKind,
    level: Level,
    title: &'static str,
    qualification: Option<(&'static str, &'static str)>,
) -> Template {
    Template {
        kind,
        level,
        title,
        qualification,
    }
}

use Level::*;
use PlacementKind::*;

pub fn for_field(field: Field) -> &'static [Template] {
    match field {
        Field::Welding => {
            const TEMPLATES: &[Template] = &[
                t(Bbl, Mbo2, "BBL lasser", Some(("Lasser", "25764"))),
                t(
                    BolInternship,
                    Mbo3,
                    "Stage allround lasser",
                    Some(("Allround lasser", "25765")),
                ),
                t(OrientationDay, Vmbo, "Snuffeldag lassen", None),
                t(Job, Mbo3, "Constructielasser", None),
            ];
            TEMPLATES
        }
        Field::Machining => {
            const TEMPLATES: &[Template] = &[
                t(
                    Bbl,
                    Mbo2,
                    "BBL basis verspaner (CNC)",
                    Some(("Basis verspaner", "25762")),
                ),
                t(
                    Bbl,
                    Mbo3,
                    "BBL allround verspaner",
                    Some(("Allround verspaner", "25763")),
                ),
                t(
                    BolInternship,
                    Mbo4,
                    "Stage specialist verspaning",
                    Some(("Manager/specialist verspaning", "25768")),
                ),
                t(Job, Mbo3, "CNC-frezer", None),
            ];
            TEMPLATES
        }
        Field::SheetMetal => {
            const TEMPLATES: &[Template] = &[
                t(Bbl, Mbo2, "BBL plaatwerker", Some(("Basis plaatwerker", "25766"))),
                t(OrientationDay, Vmbo, "Meeloopdag plaatwerk", None),
                t(
                    BolInternship,
                    Mbo1,
                    "Stage assistent productie (Entree)",
                    Some(("Assistent productie", "25252")),
                ),
                t(Job, Mbo2, "Kantbankoperator", None),
            ];
            TEMPLATES
        }
        Field::SteelConstruction => {
            const TEMPLATES: &[Template] = &[
                t(Bbl, Mbo2, "BBL constructiewerker", Some(("Constructiewerker", "25767"))),
                t(BolInternship, Hbo, "Afstudeerstage constructief ontwerp", None),
                t(Job, Mbo3, "Monteur staalbouw", None),
            ];
            TEMPLATES
        }
        Field::Mechatronics => {
            const TEMPLATES: &[Template] = &[
                t(
                    Bbl,
                    Mbo3,
                    "BBL monteur mechatronica",
                    Some(("Monteur mechatronica", "25751")),
                ),
                t(
                    BolInternship,
                    Mbo4,
                    "Stage technicus mechatronica",
                    Some(("Technicus mechatronica", "25752")),
                ),
                t(BolInternship, Hbo, "Stage werktuigbouwkunde en mechatronica", None),
                t(OrientationDay, Vmbo, "Snuffelstage machinebouw", None),
            ];
            TEMPLATES
        }
        Field::Electrical => {
            const TEMPLATES: &[Template] = &[
                t(
                    Bbl,
                    Mbo2,
                    "BBL monteur elektrotechnische installaties",
                    Some(("Monteur elektrotechnische installaties", "25795")),
                ),
                t(
                    BolInternship,
                    Mbo4,
                    "Stage technicus elektrotechniek",
                    Some(("Technicus elektrotechniek", "25798")),
                ),
                t(Job, Mbo3, "Eerste monteur elektrotechniek", None),
            ];
            TEMPLATES
        }
        Field::Installation => {
            const TEMPLATES: &[Template] = &[
                t(
                    Bbl,
                    Mbo2,
                    "BBL monteur werktuigkundige installaties",
                    Some(("Monteur werktuigkundige installaties", "25799")),
                ),
                t(
                    Bbl,
                    Mbo3,
                    "BBL eerste monteur koudetechniek",
                    Some(("Eerste monteur koudetechniek", "25801")),
                ),
                t(OrientationDay, Vmbo, "Snuffeldag installatietechniek", None),
            ];
            TEMPLATES
        }
        Field::Maintenance => {
            const TEMPLATES: &[Template] = &[
                t(
                    Bbl,
                    Mbo3,
                    "BBL monteur onderhoud",
                    Some(("Monteur mechatronica", "25751")),
                ),
                t(
                    Bbl,
                    Mbo4,
                    "BBL technicus service en onderhoud",
                    Some(("Technicus service en onderhoud", "25753")),
                ),
                t(Job, Mbo4, "Storingsmonteur", None),
                t(
                    BolInternship,
                    Mbo1,
                    "Stage assistent onderhoud (Entree)",
                    Some(("Assistent installatie- en constructietechniek", "25253")),
                ),
            ];
            TEMPLATES
        }
        Field::ProcessTechnology => {
            const TEMPLATES: &[Template] = &[
                t(Bbl, Mbo3, "BBL operator B", Some(("Operator B", "25418"))),
                t(
                    BolInternship,
                    Mbo4,
                    "Stage procestechnoloog",
                    Some(("Procestechnoloog", "25421")),
                ),
                t(Job, Mbo2, "Operator A in ploegendienst", None),
            ];
            TEMPLATES
        }
        Field::Automation => {
            const TEMPLATES: &[Template] = &[
                t(BolInternship, Hbo, "Afstudeerstage PLC-besturing", None),
                t(
                    Bbl,
                    Mbo4,
                    "BBL technicus engineering",
                    Some(("Technicus engineering", "25755")),
                ),
                t(Job, Hbo, "Software-engineer machinebesturing", None),
            ];
            TEMPLATES
        }
    }
}

/// A complete placement from a template, with hours, pay and dates that fit its kind.
/// `variant` spreads start dates, school days and statuses over a data set.
pub fn placement(
    template: &Template,
    field: Field,
    variant: usize,
    today: Day,
    status: PlacementStatus,
) -> NewPlacement {
    let months = [
        "2027-01-04",
        "2027-02-01",
        "2027-03-01",
        "2027-04-05",
        "2027-08-30",
        "2027-09-06",
    ];
    let start_date = Day::parse(months[variant % months.len()]);
    let level_step = match template.level {
        Vmbo | Mbo1 => 0,
        Mbo2 => 1,
        Mbo3 => 2,
        Mbo4 => 3,
        Hbo => 4,
    };
    let (hours, days, school_days, duration, pay) = match template.kind {
        Bbl => (
            Some(32),
            Some(4),
            vec![(variant % 5) as u8 + 1],
            Some(24 + 12 * (variant % 2) as i64),
            Some((1100 + 150 * level_step, 1500 + 200 * level_step)),
        ),
        BolInternship => (
            Some(40),
            Some(5),
            vec![],
            Some(if template.level == Hbo {
                5
            } else {
                4 + (variant % 6) as i64
            }),
            Some((250 + 50 * level_step, 400 + 50 * level_step)),
        ),
        OrientationDay => (None, None, vec![], None, None),
        Job => (
            Some(38 + (variant % 3) as i64),
            Some(5),
            vec![],
            None,
            Some((2500 + 250 * level_step, 3300 + 300 * level_step)),
        ),
    };
    let (what_nl, what_en) = kind_phrases(template.kind);
    NewPlacement {
        title: template.title.to_owned(),
        kind: template.kind,
        level: template.level,
        field,
        qualification: template.qualification.map(|(name, _)| name.to_owned()),
        crebo: template.qualification.and_then(|(_, code)| Crebo::parse(code).ok()),
        description_nl: format!("{what_nl} Je werkt mee met ervaren vakmensen en krijgt een vaste begeleider."),
        description_en: format!("{what_en} You work alongside experienced craftspeople and have a dedicated mentor."),
        hours_per_week: hours,
        days_per_week: days,
        school_days,
        start_date,
        duration_months: duration,
        places: 1 + (variant % 3) as i64,
        pay_min_eur: pay.map(|(min, _)| min),
        pay_max_eur: pay.map(|(_, max)| max),
        status,
        last_confirmed_on: today.plus_days(-((variant * 11 % 95) as i64)),
    }
}

fn kind_phrases(kind: PlacementKind) -> (&'static str, &'static str) {
    match kind {
        Bbl => (
            "Je werkt vier dagen per week bij ons met een arbeidscontract en gaat één dag naar school.",
            "You work four days a week with an employment contract and go to school one day a week.",
        ),
        BolInternship => (
            "Een stage binnen je mbo- of hbo-opleiding, met echte opdrachten in onze werkplaats.",
            "An internship within your vocational or applied-university programme, with real assignments in our workshop.",
        ),
        OrientationDay => (
            "Een dag meelopen in de werkplaats om te zien of dit vak bij je past.",
            "A day in the workshop to find out whether this trade suits you.",
        ),
        Job => (
            "Een vaste baan in ons team, met opleidingsmogelijkheden.",
            "A permanent job in our team, with room to keep learning.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn november_21() -> Day {
        Day::parse("2026-11-21").expect("a day")
    }

    #[test]
    fn every_template_makes_a_valid_placement() {
        for field in Field::ALL {
            for (variant, template) in for_field(*field).iter().enumerate() {
                let placement = placement(template, *field, variant, november_21(), PlacementStatus::Open);
                assert_eq!(placement.validate(), Ok(()), "{}", template.title);
            }
        }
    }
}
