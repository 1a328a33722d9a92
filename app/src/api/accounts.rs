//! Logging in and out, setting a password through a one-time link, "forgot password",
//! and the coordinator's invitations.
//!
//! Each works as a plain HTML form post (the browser follows the redirect, and an error
//! comes back in the address for the page to show) and as a call from a script.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::request::{
    client_network, cookie_header, session_settings, set_cookie, site_settings, too_many_attempts,
};
use crate::domain::InviteForm;
use crate::error::AppError;

/// Checks the password and starts a session: a new session id at every login.
#[server(endpoint = "log_in")]
pub async fn log_in(email: String, password: String) -> Result<(), AppError> {
    use crate::db::accounts::find_user_by_email;
    use crate::domain::EmailAddress;
    use crate::throttle::Attempter;

    let db = crate::db::from_context()?;
    let throttle = use_context::<std::sync::Arc<crate::throttle::Throttle>>().ok_or(AppError::Internal)?;
    let settings = session_settings()?;
    let account = email.trim().to_lowercase();
    let network = client_network();
    // A browser or network that logged in to this account before is counted on its own:
    // whoever guesses from elsewhere cannot keep the account's owner out.
    let browser = crate::auth::token_cookie(cookie_header().as_deref(), settings.known_browser_name());
    let known_keys = crate::throttle::known_login_keys(&account, browser.as_deref(), &network);
    let since = throttle.now_millis() - crate::throttle::KNOWN_LOGIN_DAYS * 86_400_000;
    let counted_as = match crate::db::known_logins::first_known(&db, &known_keys, since).await? {
        Some(key) => Attempter::KnownLogin(key),
        None => Attempter::Account(account.clone()),
    };
    let who = [counted_as, Attempter::Address(network.clone())];
    // Counted before the password is checked: parallel guesses each take a turn.
    throttle.attempt(&who).await?.map_err(too_many_attempts)?;
    let address = EmailAddress::parse(&email).ok();
    let user = match &address {
        Some(address) => find_user_by_email(&db, address).await?,
        None => None,
    };
    // Checked even without an account, so the answer's timing tells nothing.
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let user = match (crate::auth::verify_password(password, stored).await?, user) {
        (true, Some(user)) => user,
        _ => return Err(AppError::LoginFailed),
    };
    throttle.succeeded(&who).await?;
    let browser = browser.unwrap_or_else(crate::auth::random_token);
    let known_keys = crate::throttle::known_login_keys(&account, Some(&browser), &network);
    crate::db::known_logins::remember(&db, &known_keys, throttle.now_millis()).await?;
    set_cookie(&settings.known_browser_cookie(&browser));
    let token = crate::auth::start_session(&db, user.id).await?;
    set_cookie(&settings.session_cookie(&token));
    leptos_axum::redirect("/beheer");
    Ok(())
}

/// Ends the session on the server and removes the cookie.
#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    let db = crate::db::from_context()?;
    let settings = session_settings()?;
    if let Some(token) = settings.token_in(cookie_header().as_deref()) {
        crate::auth::end_session(&db, &token).await?;
    }
    set_cookie(&settings.cleared_cookie());
    leptos_axum::redirect("/inloggen");
    Ok(())
}

/// Sets the password of the account a one-time link belongs to, uses the link up, ends
/// the account's other sessions and logs the person in. The link is checked before the
/// password is hashed, and unusable links count against the network they come from.
#[server(endpoint = "set_password")]
pub async fn set_password(token: String, password: String, repeated: String) -> Result<(), AppError> {
    use crate::db::accounts::{self, LinkPurpose};
    use crate::domain::{FieldError, check_new_password};

    if let Err(problem) = check_new_password(&password, &repeated) {
        let field = if problem == crate::domain::Problem::Mismatch {
            "repeated"
        } else {
            "password"
        };
        return Err(AppError::Validation(vec![FieldError::new(field, problem)]));
    }
    let db = crate::db::from_context()?;
    let throttle = use_context::<std::sync::Arc<crate::throttle::Throttle>>().ok_or(AppError::Internal)?;
    let who = [crate::throttle::Attempter::LinkFrom(client_network())];
    throttle.attempt(&who).await?.map_err(too_many_attempts)?;
    let now = crate::db::now_timestamp();
    let token_hash = crate::auth::token_hash(&token);
    if !accounts::link_is_usable(&db, &token_hash, &now).await? {
        return Err(AppError::LinkInvalid);
    }
    throttle.succeeded(&who).await?;
    let hash = crate::auth::hash_password(password).await?;
    let mut tx = db.begin().await?;
    let mut user_id = accounts::use_link(&mut tx, &token_hash, LinkPurpose::Invite, &now).await?;
    if user_id.is_none() {
        user_id = accounts::use_link(&mut tx, &token_hash, LinkPurpose::Reset, &now).await?;
    }
    let user_id = user_id.ok_or(AppError::LinkInvalid)?;
    accounts::set_password(&mut tx, user_id, &hash, &now).await?;
    tx.commit().await?;
    let session = crate::auth::start_session(&db, user_id).await?;
    set_cookie(&session_settings()?.session_cookie(&session));
    leptos_axum::redirect("/beheer");
    Ok(())
}

/// Asks for a "forgot password" link. The answer is the same whether or not the address
/// has an account, so nobody learns who has one; only an existing account gets mail.
#[server(endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::db::accounts::{LinkPurpose, find_user_by_email};
    use crate::domain::{EmailAddress, FieldError};
    use crate::throttle::Attempter;

    let address =
        EmailAddress::parse(&email).map_err(|problem| AppError::Validation(vec![FieldError::new("email", problem)]))?;
    let throttle = use_context::<std::sync::Arc<crate::throttle::Throttle>>().ok_or(AppError::Internal)?;
    let who = [
        Attempter::ResetFor(address.as_str().to_owned()),
        Attempter::ResetFrom(client_network()),
    ];
    // Every request counts, found or not: a reset is not a mistake to forgive.
    throttle.attempt(&who).await?.map_err(too_many_attempts)?;
    let db = crate::db::from_context()?;
    if let Some(user) = find_user_by_email(&db, &address).await? {
        let now = crate::db::now_timestamp();
        let mut tx = db.begin().await?;
        let link = crate::auth::issue_link(&mut tx, user.id, LinkPurpose::Reset, &site_settings()?.public_url).await?;
        crate::mail::queue(
            &mut tx,
            &address,
            &crate::mail::password_reset(&link),
            Some(user.id),
            &now,
        )
        .await?;
        tx.commit().await?;
    }
    leptos_axum::redirect("/wachtwoord-vergeten?verstuurd=1");
    Ok(())
}

/// The coordinator invites a company user: for a company of their region, or for a new
/// company created with it. An address that already belongs to this company's user gets
/// a fresh link (the old one stops working); an address of another account is refused,
/// also when two invitations for it are sent at the same moment (the database's unique
/// address decides, and its refusal becomes the field's message).
#[server(endpoint = "invite")]
pub async fn invite(form: InviteForm) -> Result<(), AppError> {
    use crate::db::accounts;
    use crate::domain::accounts::InvitedCompany;
    use crate::domain::{FieldError, Problem, Role};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let coordinator = crate::api::request::actor(&db).await?.coordinator()?.clone();
    let invalid = |errors: Vec<FieldError>| AppError::invalid(errors, Draft::Invite(form.clone()));
    let refused_write = |error: sqlx::Error| match crate::db::field_error_of(&error) {
        Some(field_error) => invalid(vec![field_error]),
        None => error.into(),
    };
    let invitation = form.read().map_err(invalid)?;
    let existing_user = accounts::find_user_by_email(&db, &invitation.email).await?;
    let now = crate::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (company_id, company_name) = match invitation.company {
        InvitedCompany::Existing(id) => match accounts::company_region(&db, id).await? {
            Some((region, name)) if coordinator.covers(region) => (id, name),
            _ => return Err(invalid(vec![FieldError::new("company", Problem::Unknown)])),
        },
        InvitedCompany::New(mut company) => {
            let region = crate::domain::Municipality::from_code(&company.municipality).map(|m| m.region());
            if !region.is_some_and(|region| coordinator.covers(region)) {
                return Err(invalid(vec![FieldError::new("town", Problem::OutOfRange)]));
            }
            let taken = accounts::slugs_like(&mut tx, company.slug.as_str()).await?;
            company.slug = company
                .slug
                .first_free(&taken)
                .ok_or_else(|| invalid(vec![FieldError::new("company_name", Problem::Taken)]))?;
            let id = crate::db::companies::insert_company(&mut tx, &company, &now)
                .await
                .map_err(refused_write)?;
            (id, company.name)
        }
    };
    let user_id = match existing_user {
        // A fresh link for an account in use would hand it to whoever reads the outbox.
        Some(user)
            if user.role == Role::Company && user.company_id == Some(company_id) && user.password_hash.is_some() =>
        {
            return Err(invalid(vec![FieldError::new("email", Problem::Active)]));
        }
        Some(user) if user.role == Role::Company && user.company_id == Some(company_id) => user.id,
        Some(_) => return Err(invalid(vec![FieldError::new("email", Problem::Taken)])),
        None => accounts::insert_user(&mut tx, &invitation.email, Role::Company, Some(company_id), None, &now)
            .await
            .map_err(refused_write)?,
    };
    let invited = Invited {
        user_id,
        email: &invitation.email,
        owner: crate::domain::AuditOwner::Company(company_id),
    };
    send_invitation(
        &mut tx,
        &coordinator,
        invited,
        |link| crate::mail::invitation(&company_name, link),
        &now,
    )
    .await?;
    tx.commit().await.map_err(refused_write)?;
    leptos_axum::redirect("/beheer/uitnodigen?uitgenodigd=1");
    Ok(())
}

/// Invites a teacher of a school in the coordinator's region (a coordinator of both
/// regions names the region): an account without a password and a link to choose one,
/// in the outbox. A teacher invited before who has not chosen a password gets a fresh
/// link; an address in use, or of another account, is refused. The change log records
/// the invitation with the address, like a company user's.
#[server(endpoint = "invite_teacher")]
pub async fn invite_teacher(form: crate::domain::accounts::TeacherInviteForm) -> Result<(), AppError> {
    use crate::db::accounts;
    use crate::domain::{FieldError, Problem, Role};
    use crate::error::Draft;

    let db = crate::db::from_context()?;
    let coordinator = crate::api::request::actor(&db).await?.coordinator()?.clone();
    let invalid = |errors: Vec<FieldError>| AppError::invalid(errors, Draft::TeacherInvite(form.clone()));
    let refused = |field: &str, problem: Problem| invalid(vec![FieldError::new(field, problem)]);
    let refused_write = |error: sqlx::Error| match crate::db::field_error_of(&error) {
        Some(field_error) => invalid(vec![field_error]),
        None => error.into(),
    };
    let invitation = form.read().map_err(invalid)?;
    let region = match (invitation.region, coordinator.region) {
        (Some(named), Some(own)) if named != own => return Err(refused("region", Problem::OutOfRange)),
        (_, Some(own)) => own,
        (Some(named), None) => named,
        (None, None) => return Err(refused("region", Problem::Required)),
    };
    let now = crate::db::now_timestamp();
    let same_teacher = |user: &accounts::User| {
        user.role == Role::Teacher
            && user.region == Some(region)
            && user.school.as_deref() == Some(invitation.school.as_str())
    };
    let mut tx = db.begin().await?;
    let user_id = match accounts::find_user_by_email(&db, &invitation.email).await? {
        // A fresh link for an account in use would hand it to whoever reads the outbox.
        Some(user) if same_teacher(&user) && user.password_hash.is_some() => {
            return Err(refused("email", Problem::Active));
        }
        Some(user) if same_teacher(&user) => user.id,
        Some(_) => return Err(refused("email", Problem::Taken)),
        None => accounts::insert_teacher(&mut tx, &invitation.email, region, &invitation.school, &now)
            .await
            .map_err(refused_write)?,
    };
    let invited = Invited {
        user_id,
        email: &invitation.email,
        owner: crate::domain::AuditOwner::Region(region),
    };
    send_invitation(
        &mut tx,
        &coordinator,
        invited,
        |link| crate::mail::teacher_invitation(&invitation.school, link),
        &now,
    )
    .await?;
    tx.commit().await.map_err(refused_write)?;
    leptos_axum::redirect("/beheer/uitnodigen?docent-uitgenodigd=1#docenten");
    Ok(())
}

/// Who an invitation is for: the account, its address, and whose change log records it.
#[cfg(feature = "ssr")]
struct Invited<'a> {
    user_id: i64,
    email: &'a crate::domain::EmailAddress,
    owner: crate::domain::AuditOwner,
}

/// What every invitation ends with, in the caller's transaction: a fresh one-time link
/// (an earlier one stops working), the message `write` makes around it in the outbox, and
/// the coordinator's invitation in the change log (the address, nothing more).
#[cfg(feature = "ssr")]
async fn send_invitation(
    tx: &mut crate::db::Tx,
    coordinator: &crate::domain::actor::Coordinator,
    invited: Invited<'_>,
    write: impl FnOnce(&str) -> crate::mail::Message,
    now: &str,
) -> Result<(), AppError> {
    use crate::domain::{AuditAction, AuditSubject, Change};
    let link = crate::auth::issue_link(
        tx,
        invited.user_id,
        crate::db::accounts::LinkPurpose::Invite,
        &site_settings()?.public_url,
    )
    .await?;
    crate::mail::queue(tx, invited.email, &write(&link), Some(invited.user_id), now).await?;
    let changes = [Change::new("email", "", invited.email.as_str())];
    let entry = crate::db::audit::NewAuditEntry {
        user_id: Some(coordinator.account.id),
        actor: &coordinator.account.email,
        owner: invited.owner,
        subject: AuditSubject::Account,
        subject_id: invited.user_id,
        action: AuditAction::Invite,
        version: 1,
        changes: &changes,
    };
    crate::db::audit::record(tx, &entry, now).await?;
    Ok(())
}
