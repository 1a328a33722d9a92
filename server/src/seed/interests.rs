//! The demo's students' interests: thirty invented students (first names only, addresses
//! at `.example`) spread over every stage in both regions, so a coordinator opening the
//! demo sees a working board. Each goes through the same form rules and `app::db` writes
//! as a real one: said, confirmed (under 16 with a parent's consent), then moved along.

use app::domain::{CloseReason, DeclinedBy, Instant, InterestForm, Region, Stage};

/// One demo student: first name, age band, school, programme, what happened since, and
/// how many days ago it last moved.
struct DemoStudent {
    first_name: &'static str,
    age_band: &'static str,
    school: &'static str,
    programme: &'static str,
    region: Region,
    stage: Stage,
    days_ago: i64,
}

const fn student(
    first_name: &'static str,
    age_band: &'static str,
    school: &'static str,
    programme: &'static str,
    region: Region,
    stage: Stage,
    days_ago: i64,
) -> DemoStudent {
    DemoStudent {
        first_name,
        age_band,
        school,
        programme,
        region,
        stage,
        days_ago,
    }
}

use Region::{Ijmond, Kempen};
use Stage::{Agreement, Closed, FirstMeeting, InReview, Interest, Introduced, Started, TrialDay, Withdrawn};

const STUDENTS: [DemoStudent; 30] = [
    student("Sanne", "under-16", "Pius X College", "vmbo-4", Kempen, Interest, 1),
    student("Daan", "16-17", "Summa Techniek", "mbo-2", Kempen, Interest, 3),
    student("Lotte", "18-plus", "Summa Techniek", "mbo-3", Kempen, Interest, 9),
    student("Milan", "16-17", "Kempenhorst College", "vmbo-4", Kempen, InReview, 2),
    student("Noor", "16-17", "Summa Techniek", "mbo-2", Kempen, InReview, 16),
    student("Bram", "18-plus", "Fontys Hogescholen", "hbo", Kempen, Introduced, 4),
    student("Fleur", "16-17", "Summa Techniek", "mbo-3", Kempen, Introduced, 12),
    student("Sem", "18-plus", "Ter AA", "mbo-4", Kempen, FirstMeeting, 5),
    student("Julia", "16-17", "Kempenhorst College", "vmbo-3", Kempen, TrialDay, 2),
    student("Luuk", "18-plus", "Summa Techniek", "mbo-2", Kempen, Agreement, 6),
    student("Tess", "18-plus", "Ter AA", "mbo-3", Kempen, Started, 20),
    student("Thijs", "16-17", "Summa Techniek", "mbo-1", Kempen, Closed, 8),
    student("Eva", "under-16", "Pius X College", "vmbo-3", Kempen, Withdrawn, 10),
    student("Jesse", "18-plus", "Werkt in de bouw", "other", Kempen, Interest, 35),
    student("Anouk", "16-17", "Kempenhorst College", "vmbo-4", Kempen, Introduced, 1),
    student("Stijn", "16-17", "Summa Techniek", "mbo-2", Kempen, FirstMeeting, 3),
    student("Mila", "under-16", "Ichthus College", "vmbo-3", Ijmond, Interest, 2),
    student("Jayden", "16-17", "Nova College", "mbo-2", Ijmond, Interest, 5),
    student("Yara", "18-plus", "Nova College", "mbo-3", Ijmond, InReview, 7),
    student("Ruben", "16-17", "Tata Steel Academy", "mbo-2", Ijmond, InReview, 21),
    student(
        "Lina",
        "18-plus",
        "Hogeschool van Amsterdam",
        "hbo",
        Ijmond,
        Introduced,
        3,
    ),
    student("Finn", "16-17", "Nova College", "mbo-3", Ijmond, FirstMeeting, 6),
    student("Zoë", "18-plus", "Nova College", "mbo-4", Ijmond, TrialDay, 4),
    student(
        "Mohammed",
        "18-plus",
        "Tata Steel Academy",
        "mbo-2",
        Ijmond,
        Agreement,
        2,
    ),
    student("Sara", "16-17", "Ichthus College", "vmbo-4", Ijmond, Started, 15),
    student("Tim", "18-plus", "Nova College", "mbo-2", Ijmond, Closed, 12),
    student("Liam", "16-17", "Vellesan College", "vmbo-4", Ijmond, Interest, 12),
    student("Isa", "under-16", "Vellesan College", "vmbo-3", Ijmond, InReview, 1),
    student("Dex", "18-plus", "Tussen twee scholen", "other", Ijmond, Withdrawn, 3),
    student("Emma", "16-17", "Nova College", "mbo-3", Ijmond, Introduced, 9),
];

/// Stores the demo interests in the open placements `placements` (id and region), the
/// first ones of each region taking the most. A vmbo pupil who has not been seen yet said
/// it on the first of `orientation_days` (id and region) of their region, if there is one.
/// Returns how many were stored.
pub async fn load(
    db: &app::db::Db,
    placements: &[(i64, Region)],
    orientation_days: &[(i64, Region)],
    now: Instant,
) -> anyhow::Result<usize> {
    use app::db::interests::{self, InterestKeys};
    let mut stored = 0;
    let mut tx = db.begin().await?;
    for (n, s) in STUDENTS.iter().enumerate() {
        let in_region: Vec<i64> = placements
            .iter()
            .filter(|(_, r)| *r == s.region)
            .map(|(id, _)| *id)
            .collect();
        let Some(placement_id) = in_region.get(n % in_region.len().max(1)).copied() else {
            continue;
        };
        let form = InterestForm {
            first_name: s.first_name.to_owned(),
            age_band: s.age_band.to_owned(),
            school: s.school.to_owned(),
            programme: s.programme.to_owned(),
            email: format!("{}.{n}@leerling.example", s.first_name.to_lowercase().replace('ë', "e")),
            phone: if n % 3 == 0 {
                format!("06-1234{:04}", 5000 + n)
            } else {
                String::new()
            },
            // Villages and towns of the region, where demo companies are too, so the
            // suggestions show travel times.
            postcode: if s.region == Kempen {
                ["5531", "5521", "5571", "5541", "5688"][n % 5].to_owned()
            } else {
                ["1976", "1948", "1962"][n % 3].to_owned()
            },
            start: "now".to_owned(),
            motivation: if n % 2 == 0 {
                "Ik werk graag met mijn handen en wil een vak leren.".to_owned()
            } else {
                String::new()
            },
            guardian_email: if s.age_band == "under-16" {
                format!("ouder.{n}@leerling.example")
            } else {
                String::new()
            },
            crebo: String::new(),
        };
        let interest = form
            .read(app::domain::Day::in_amsterdam_at(now))
            .map_err(|errors| anyhow::anyhow!("demo interest {} is invalid: {errors:?}", s.first_name))?;
        let said = now.plus_seconds(-(s.days_ago + 2) * 86_400).stored();
        let moved = now.plus_seconds(-s.days_ago * 86_400).stored();
        let token = format!("demo-interest-{n}");
        let guardian = format!("demo-guardian-{n}");
        let keys = InterestKeys {
            token_hash: &token,
            guardian_token_hash: interest.guardian_email.as_ref().map(|_| guardian.as_str()),
        };
        let id = interests::insert_interest(
            &mut tx,
            match orientation_days.iter().find(|(_, r)| *r == s.region) {
                Some((event_id, _)) if s.stage == Interest && s.programme.starts_with("vmbo") => {
                    interests::InterestAbout::event(*event_id, s.region)
                }
                _ => interests::InterestAbout::placement(Some(placement_id), s.region),
            },
            &interest,
            &keys,
            None,
            &said,
        )
        .await?;
        interests::confirm_email(&mut tx, id, &said).await?;
        if interest.guardian_email.is_some() {
            interests::confirm_guardian(&mut tx, id, &said).await?;
        }
        match s.stage {
            Interest => {}
            Closed => {
                let reason = if n % 2 == 0 {
                    CloseReason::PlacementFilled
                } else {
                    CloseReason::NoMatch
                };
                interests::set_stage(&mut tx, id, 1, Closed, Some((reason, DeclinedBy::Nobody)), &moved).await?;
            }
            stage => {
                interests::set_stage(&mut tx, id, 1, stage, None, &moved).await?;
            }
        }
        stored += 1;
    }
    tx.commit().await?;
    Ok(stored)
}
