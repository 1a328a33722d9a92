//! Registering a student's interest on their behalf, as their school asked: a coordinator
//! does it for a school of their region, a teacher for the students of their own school
//! (the school answers for it, so no parent's link is needed even under 16). A teacher
//! sees what they registered on their own page (`api::dashboard`), nothing else of the
//! board.

use leptos::prelude::*;

use crate::error::AppError;

/// What the form to register an interest offers: the open placements of the region of
/// the coordinator or teacher as `(id, "company · title")` by company, today (for the
/// start months), and a teacher's school, which the form then does not ask.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegistrationOptions {
    pub placements: Vec<(i64, String)>,
    pub today: crate::domain::Day,
    pub school: Option<String>,
}

#[server(endpoint = "registration_choices")]
pub async fn registration_choices() -> Result<RegistrationOptions, AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let user = actor.registrar()?;
    let mut offers = crate::db::interests::open_offers(&db, user.region, None).await?;
    offers.sort_by(|a, b| a.company_name.cmp(&b.company_name).then(a.title.cmp(&b.title)));
    Ok(RegistrationOptions {
        placements: offers
            .into_iter()
            .map(|o| (o.placement_id, format!("{} · {}", o.company_name, o.title)))
            .collect(),
        today: crate::db::today(),
        school: user.school.map(str::to_owned),
    })
}

/// Registers a student's interest on their behalf: the coordinator or teacher types what
/// the student would (a teacher's school is their own, whatever the form says),
/// `placement` is an open placement of the region or empty (no placement chosen yet). It
/// counts at once; the student is mailed their own link to see, withdraw or delete it.
/// The change log records that it was registered, nothing about the student. Then a
/// coordinator goes to the interest's page with the placements that fit, a teacher back
/// to their list.
#[server(endpoint = "register_interest")]
pub async fn register_interest(placement: String, form: crate::domain::InterestForm) -> Result<(), AppError> {
    use crate::domain::{AuditAction, Change, FieldError, InterestForm, Problem, Stage};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let user = actor.registrar()?;
    let form = match &user.school {
        Some(school) => InterestForm {
            school: (*school).to_owned(),
            ..form
        },
        None => form,
    };
    // A refused form comes back as it was sent, the placement chosen included.
    let draft = || Draft::Registration {
        placement: placement.clone(),
        form: form.clone(),
    };
    let refused = |field: &str, problem: Problem| AppError::invalid(vec![FieldError::new(field, problem)], draft());
    let interest = form
        .read_registered(crate::db::today())
        .map_err(|errors| AppError::invalid(errors, draft()))?;
    let (placement_id, region, chosen) = match placement.trim() {
        "" => match user.region {
            Some(region) => (None, region, None),
            // A coordinator of both regions says which, by the placement.
            None => return Err(refused("placement", Problem::Required)),
        },
        text => {
            let id: i64 = text.parse().map_err(|_| refused("placement", Problem::Unknown))?;
            let found = crate::db::interests::placement_for_interest(&db, id)
                .await?
                .filter(|p| p.open && p.region.within(user.region))
                .ok_or_else(|| refused("placement", Problem::Unknown))?;
            (Some(id), found.region, Some(found))
        }
    };
    // Each registration mails a student: an account registers a class at a time, and then
    // waits, so a stolen teacher's account is no mailing machine.
    let throttle = use_context::<std::sync::Arc<crate::throttle::Throttle>>().ok_or(AppError::Internal)?;
    throttle
        .attempt(&[crate::throttle::Attempter::RegistrationBy(user.account.id)])
        .await?
        .map_err(crate::api::request::too_many_attempts)?;
    let site = crate::api::request::site_settings()?;
    let base = site.public_url.trim_end_matches('/');
    let token = crate::auth::random_token();
    let token_hash = crate::auth::token_hash(&token);
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    // Five mails an hour to one student's address, as for the form, counted under its lock.
    let hour_ago = crate::db::timestamp_in(-3600);
    crate::db::attempts::lock_mail_to(&mut tx, "interests", interest.email.as_str(), throttle.now_millis()).await?;
    if crate::db::interests::count_recent(&mut tx, interest.email.as_str(), &hour_ago).await?
        >= crate::domain::interests::INTERESTS_PER_ADDRESS_PER_HOUR
    {
        return Err(crate::api::request::too_many_attempts(std::time::Duration::from_secs(
            3600,
        )));
    }
    let keys = crate::db::interests::InterestKeys {
        token_hash: &token_hash,
        guardian_token_hash: None,
    };
    let id = crate::db::interests::insert_interest(
        &mut tx,
        crate::db::interests::InterestAbout::placement(placement_id, region),
        &interest,
        &keys,
        Some(user.account.id),
        &now,
    )
    .await?;
    let changes = [
        Change::new("stage", "", Stage::Interest.code()),
        Change::new("placement", "", placement_id.map(|p| p.to_string()).unwrap_or_default()),
    ];
    let entry = crate::db::audit::NewAuditEntry {
        user_id: Some(user.account.id),
        actor: &user.account.email,
        owner: crate::domain::AuditOwner::Region(region),
        subject: crate::domain::AuditSubject::Interest,
        subject_id: id,
        action: AuditAction::Create,
        version: 1,
        changes: &changes,
    };
    crate::db::audit::record(&mut tx, &entry, &now).await?;
    let named = chosen.as_ref().map(|p| crate::mail::InterestIn {
        title: &p.title,
        company: &p.company_name,
    });
    let message = crate::mail::interest_registered(
        &interest.first_name,
        named,
        region,
        user.school.as_deref(),
        &format!("{base}/mijn-interesse/{token}"),
        &format!("{base}/privacy"),
    );
    crate::mail::queue_about_interest(&mut tx, &interest.email, &message, id, &now).await?;
    tx.commit().await?;
    if user.school.is_some() {
        leptos_axum::redirect("/beheer?aangemeld=1#aanmeldingen");
    } else {
        leptos_axum::redirect(&format!("/beheer/interesses/{id}"));
    }
    Ok(())
}
