//! One-time links (made of `crate::tokens`): the links with which an invited or forgetful
//! person sets a password, and the coordinator accounts the command line makes.

pub use crate::tokens::{random_token, token_hash};

use crate::db::accounts::{self, LinkPurpose};
use crate::db::{Db, now_timestamp, timestamp_in};
use crate::domain::{EmailAddress, Region, Role};

/// How long an invitation link works.
pub const INVITE_VALID_SECONDS: i64 = 7 * 24 * 3600;
/// How long a "forgot password" link works.
pub const RESET_VALID_SECONDS: i64 = 2 * 3600;

/// The page where a link's holder sets their password.
pub fn password_link(public_url: &str, token: &str) -> String {
    format!("{}/wachtwoord/{token}", public_url.trim_end_matches('/'))
}

/// Creates a coordinator account for `region` (both regions when `None`) and returns
/// the one-time link with which they set their password, valid for 7 days. An address
/// that already has an account is refused.
pub async fn create_coordinator(
    db: &Db,
    email: &EmailAddress,
    region: Option<Region>,
    public_url: &str,
) -> Result<String, CreateAccountError> {
    if accounts::find_user_by_email(db, email).await?.is_some() {
        return Err(CreateAccountError::Exists);
    }
    let mut tx = db.begin().await?;
    let user_id = accounts::insert_user(&mut tx, email, Role::Coordinator, None, region, &now_timestamp()).await?;
    let link = issue_link(&mut tx, user_id, LinkPurpose::Invite, public_url).await?;
    tx.commit().await?;
    Ok(link)
}

/// A new reset link for the account with this e-mail address, retiring the one before, or
/// `None` when there is no such account. For an operator at the server's terminal; people
/// in the app ask through "forgot password", which sends the link by mail instead.
pub async fn reset_link(db: &Db, email: &EmailAddress, public_url: &str) -> Result<Option<String>, sqlx::Error> {
    let Some(user) = accounts::find_user_by_email(db, email).await? else {
        return Ok(None);
    };
    let mut tx = db.begin().await?;
    let link = issue_link(&mut tx, user.id, LinkPurpose::Reset, public_url).await?;
    tx.commit().await?;
    Ok(Some(link))
}

/// Makes a new one-time link for `user_id` (an invitation valid for 7 days, or a reset
/// valid for 2 hours), retiring any earlier one of the same purpose; returns the link.
pub async fn issue_link(
    tx: &mut crate::db::Tx,
    user_id: i64,
    purpose: LinkPurpose,
    public_url: &str,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    let valid = match purpose {
        LinkPurpose::Invite => INVITE_VALID_SECONDS,
        LinkPurpose::Reset => RESET_VALID_SECONDS,
    };
    accounts::create_link(
        tx,
        user_id,
        purpose,
        &token_hash(&token),
        &now_timestamp(),
        &timestamp_in(valid),
    )
    .await?;
    Ok(password_link(public_url, &token))
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("there is already an account for this e-mail address")]
    Exists,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}
