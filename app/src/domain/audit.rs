//! The audit log's entries: who changed which company or placement, when, and how.

use super::code_enum;

code_enum! {
    /// What a person did.
    AuditAction {
        Create => "create",
        Edit => "edit",
        Confirm => "confirm",
        Fill => "fill",
        Close => "close",
        Reopen => "reopen",
        Duplicate => "duplicate",
        Invite => "invite",
        /// An event was cancelled (with a reason).
        Cancel => "cancel",
        /// The coordinator hid an event from every public page.
        Hide => "hide",
        /// The coordinator showed a hidden event again.
        Show => "show",
        /// An interest moved to another stage on the coordinator's board.
        Move => "move",
        /// A student deleted everything about themselves.
        Delete => "delete",
        /// The coordinator exported the board with contact details.
        Export => "export",
        /// A kiosk screen was paired with a TV (again).
        Pair => "pair",
        /// A screen's TV was unpaired: it shows a pairing code again.
        Revoke => "revoke",
        /// A screen was removed from the list for good.
        Remove => "remove",
    }
}

code_enum! {
    /// What an entry is about.
    AuditSubject {
        Company => "company",
        Placement => "placement",
        Account => "account",
        Event => "event",
        /// A student's interest in a placement; its entries name no personal data.
        Interest => "interest",
        /// A kiosk screen: its pairing and settings.
        Screen => "screen",
    }
}

/// The actor of an entry about what a student did with their own link: they have no
/// account, and the entry names no one.
pub const STUDENT_ACTOR: &str = "student";

/// The actor a company user is shown for an entry a coordinator made: the coordinator's
/// address is theirs to give, not the change log's.
pub const COORDINATOR_ACTOR: &str = "coordinator";

/// Whose an audited subject is: a company's, or (a region's own event) the region's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AuditOwner {
    Company(i64),
    Region(super::Region),
}

/// One field's value before and after a change, as stored (codes, ISO dates, digits),
/// with an empty string for "not filled in".
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

impl Change {
    pub fn new(field: &str, before: impl Into<String>, after: impl Into<String>) -> Change {
        Change {
            field: field.to_owned(),
            before: before.into(),
            after: after.into(),
        }
    }
}

/// The changes between two descriptions of the same thing, given as (field, value)
/// pairs in the same order: one `Change` per field whose value differs.
pub fn changes_between(before: &[(&'static str, String)], after: &[(&'static str, String)]) -> Vec<Change> {
    before
        .iter()
        .zip(after)
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| Change::new(field, old.clone(), new.clone()))
        .collect()
}

/// One entry of the audit log, as the coordinator and the company read it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: super::Instant,
    /// The e-mail address of who did it.
    pub actor: String,
    /// The company the entry is about; `None` for a region's own event.
    pub company_id: Option<i64>,
    /// The company's name, or the region's for a region's own event.
    pub company_name: String,
    pub subject: AuditSubject,
    pub subject_id: i64,
    pub action: AuditAction,
    pub changes: Vec<Change>,
    /// Whether a coordinator's account made it.
    #[serde(default)]
    pub by_coordinator: bool,
}

impl AuditEntry {
    /// The entry as a company user may see it: a coordinator named by role, not address.
    pub fn as_seen_by_company(self) -> AuditEntry {
        if self.by_coordinator {
            AuditEntry {
                actor: COORDINATOR_ACTOR.to_owned(),
                ..self
            }
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fields_whose_value_differs_are_changes() {
        let before = [("title", "Lasser".to_owned()), ("places", "2".to_owned())];
        let after = [("title", "Lasser".to_owned()), ("places", "3".to_owned())];
        assert_eq!(changes_between(&before, &after), [Change::new("places", "2", "3")]);
        assert_eq!(changes_between(&before, &before), []);
    }
}
