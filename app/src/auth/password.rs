//! Password hashes: argon2id at OWASP's minimum or above (19 MiB, 2 passes, one lane).
//! Hashing is deliberately slow, so it runs on tokio's blocking threads, never on the
//! threads that serve requests, and at most `HASHES_AT_ONCE` at a time: a burst of logins
//! waits its turn instead of taking all memory and cores. At most `HASHES_WAITING` wait
//! for a turn; one more is answered `AppError::Busy` at once, so a flood of requests that
//! hash cannot make a real login wait for seconds.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

use crate::error::AppError;
use crate::tokens::random_token;

/// argon2id memory in KiB (OWASP's minimum is 19 MiB).
pub const HASH_MEMORY_KIB: u32 = 19 * 1024;
/// argon2id passes (OWASP's minimum with 19 MiB is 2).
pub const HASH_PASSES: u32 = 2;
/// argon2id lanes.
pub const HASH_LANES: u32 = 1;
/// How many passwords are hashed at the same time at most.
pub const HASHES_AT_ONCE: usize = 2;
/// How many password checks may wait for a turn; at about 50 ms a hash, the last of them
/// waits under a second.
pub const HASHES_WAITING: usize = 32;

/// The one queue every password hash of this process goes through.
static HASHING: crate::turns::Turns = crate::turns::Turns::new(HASHES_AT_ONCE, HASHES_WAITING);

fn argon2() -> Argon2<'static> {
    let params = Params::new(HASH_MEMORY_KIB, HASH_PASSES, HASH_LANES, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody has, checked when an address has no account (or no
/// password yet), so a login takes as long whether or not the account exists.
static UNKNOWN_ACCOUNT_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("salt");
    argon2()
        .hash_password(random_token().as_bytes(), &salt)
        .expect("hash")
        .to_string()
});

/// Runs `work` on a blocking thread once a hashing slot is free, or answers `Busy` when
/// the queue for slots is full.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let turn = HASHING.take().await.ok_or_else(|| {
        tracing::warn!(waiting = HASHES_WAITING, "password hashing queue full: answered busy");
        AppError::Busy(1)
    })?;
    // The turn ends with the hash, also when the request that asked for it has gone.
    let work = move || {
        let _turn = turn;
        work()
    };
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "password hashing stopped");
        AppError::Internal
    })
}

/// The argon2id hash of `password`, in the PHC string format (parameters and salt
/// included, so stronger parameters later still verify old hashes).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    hashing(move || {
        let mut salt = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|_| AppError::Internal)?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|_| AppError::Internal)
    })
    .await?
}

/// True when `password` matches `stored`. Without a stored hash it checks against a
/// hash nobody has, taking the same time, and answers false.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| UNKNOWN_ACCOUNT_HASH.clone());
    let matches = hashing(move || {
        PasswordHash::new(&stored)
            .map(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    })
    .await?;
    Ok(known && matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("draaibank-op-dinsdag".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(
            verify_password("draaibank-op-dinsdag".into(), Some(hash.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("draaibank-op-woensdag".into(), Some(hash))
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("draaibank-op-dinsdag".into(), None)
                .await
                .expect("verify")
        );
        assert!(
            !verify_password("x".into(), Some("not a hash".into()))
                .await
                .expect("verify")
        );
    }
}
