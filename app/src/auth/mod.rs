//! Accounts' security (server only), one concern a file: `password` (argon2id hashes on a
//! bounded queue), `links` (random tokens, stored only as their SHA-256, and the one-time
//! links made from them), `session` (the session cookie and the `sessions` table) and
//! `site` (the public address, trusted proxies and the networks clients are counted as).
//! Throttling is `crate::throttle`; who is asking is `api::request::actor`.

mod links;
mod password;
mod session;
mod site;

pub use links::*;
pub use password::*;
pub use session::*;
pub use site::*;
