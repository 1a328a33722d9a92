//! The mail Techkaart sends (server only): invitations and password resets, students'
//! and parents' links and news about interests, class sign-ups, and kiosk screens'
//! silences, each written in Dutch with the English below it.
//!
//! Every message is written to the outbox in the transaction that caused it, so a
//! rolled-back invitation sends nothing. The receiver's language is not known, so each
//! message is written in Dutch with the English below it. The server log says that a
//! message is waiting, never what is in it: the body holds a one-time link.
//!
//! One file per kind of mail (`accounts`, `events`, `interests`, `screens`); `outbox.rs` queues a
//! message in the caller's transaction.

mod accounts;
mod events;
mod interests;
mod outbox;
mod screens;

pub use crate::domain::accounts::Message;
pub use accounts::{invitation, password_reset, teacher_invitation};
pub use events::{SignUpNews, sign_up, sign_up_removed};
pub use interests::{
    InterestIn, candidate_introduced, guardian_consent, interest_closed, interest_confirmation, interest_registered,
    keep_ending, meeting_accepted, meeting_accepted_to_guardian, meeting_proposed,
};
pub use outbox::{queue, queue_about_interest, without_links};
pub use screens::{ScreenNews, screen_status};

#[cfg(test)]
mod tests;
