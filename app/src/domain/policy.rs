//! What each actor may see and do with a thing it found: the one place these rules live,
//! as plain functions of an [`Actor`] and the thing. Server functions and axum handlers
//! ask here after loading the thing; what a call is for at all ("only coordinators") is
//! the actor's accessors (`Actor::coordinator`, `Actor::manager`, ...).
//!
//! The shape of a refusal is the caller's: a thing the actor may not see is answered as
//! if it did not exist (`NotFound`), one they may see but not change with `Forbidden`.
//!
//! Must not: read the database, the clock or the request.

use super::Region;
use super::actor::{Actor, Manager};

/// Whose a thing is, as the rules read it: a company's (in its region) or the region's
/// own (`company_id` `None`). Events and screens both say so (`Event::owned`,
/// `Screen::owned`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owned {
    pub company_id: Option<i64>,
    pub region: Region,
}

impl super::Event {
    pub fn owned(&self) -> Owned {
        Owned {
            company_id: self.company_id(),
            region: self.region(),
        }
    }
}

impl super::Screen {
    pub fn owned(&self) -> Owned {
        Owned {
            company_id: self.company_id,
            region: self.region,
        }
    }
}

impl Owned {
    /// Whose the audit log says it is: the company's, or the region's.
    pub fn audit_owner(self) -> super::AuditOwner {
        self.company_id
            .map_or(super::AuditOwner::Region(self.region), super::AuditOwner::Company)
    }
}

/// Whether `actor` works in `region` as its coordinator (of that region or of both).
pub fn coordinates(actor: &Actor, region: Region) -> bool {
    actor.coordinator().is_ok_and(|c| c.covers(region))
}

/// A company edits its own events; a coordinator the region's own events (not a
/// company's).
pub fn may_edit_event(actor: &Actor, event: Owned) -> bool {
    match actor.manager() {
        Ok(Manager::Company(company)) => event.company_id == Some(company.company_id),
        Ok(Manager::Coordinator(_)) => event.company_id.is_none() && coordinates(actor, event.region),
        Err(_) => false,
    }
}

/// Whoever edits an event may cancel (and reinstate) it; a coordinator any event of their
/// region, a company's too.
pub fn may_cancel_event(actor: &Actor, event: Owned) -> bool {
    may_edit_event(actor, event) || coordinates(actor, event.region)
}

/// Only a coordinator hides an event (from every public page, feed and screen), any of
/// their region.
pub fn may_hide_event(actor: &Actor, event: Owned) -> bool {
    coordinates(actor, event.region)
}

/// Whoever may cancel an event sees its class sign-ups and may remove one.
pub fn may_see_sign_ups(actor: &Actor, event: Owned) -> bool {
    may_cancel_event(actor, event)
}

/// An unpublished company (its logo, say) is seen by its own users and its region's
/// coordinators; everyone else finds nothing.
pub fn may_see_unpublished_company(actor: &Actor, company: Owned) -> bool {
    may_manage_screen(actor, company)
}

/// A company manages its own lobby's screens; a coordinator every screen of their
/// region, a company's too.
pub fn may_manage_screen(actor: &Actor, screen: Owned) -> bool {
    match actor.manager() {
        Ok(Manager::Company(company)) => screen.company_id == Some(company.company_id),
        Ok(Manager::Coordinator(_)) => coordinates(actor, screen.region),
        Err(_) => false,
    }
}

/// The region a new screen of `actor` belongs to: a company's own, a coordinator's one,
/// or for a coordinator of both regions the one `chosen`; `None` when that is no region.
pub fn region_of_new_screen(actor: &Actor, chosen: &str) -> Option<Region> {
    actor.region_scope().or_else(|| Region::from_code(chosen))
}

/// A coordinator registers students' interests for any school of their region, a
/// teacher for their own school's students; nobody else does.
pub fn may_register_interests(actor: &Actor) -> bool {
    actor.registrar().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actor::{Account, CompanyMember, Coordinator, Teacher};

    fn account(id: i64) -> Account {
        Account {
            id,
            email: format!("{id}@example.nl"),
        }
    }

    fn coordinator(region: Option<Region>) -> Actor {
        Actor::Coordinator(Coordinator {
            account: account(1),
            region,
        })
    }

    fn company(company_id: i64, region: Region) -> Actor {
        Actor::Company(CompanyMember {
            account: account(2),
            company_id,
            company_name: "Vonk Metaal".into(),
            region,
        })
    }

    fn teacher(region: Region) -> Actor {
        Actor::Teacher(Teacher {
            account: account(3),
            school: "Kempenhorst College".into(),
            region,
        })
    }

    /// A paired lobby screen of company 7 in the Kempen.
    fn lobby_screen() -> Actor {
        use crate::domain::screens::{ClockTime, OnDays, OnHours, Orientation, ScreenSettings, ScreenShows};
        let clock = |text| ClockTime::parse(text).expect("a clock time");
        Actor::Screen(Box::new(crate::domain::Screen {
            id: 1,
            region: Region::Kempen,
            company_id: Some(7),
            company_name: Some("Vonk".into()),
            settings: ScreenSettings {
                name: "Hal".into(),
                orientation: Orientation::Landscape,
                shows: ScreenShows::All,
                on_hours: OnHours {
                    days: OnDays::Weekdays,
                    from: clock("07:00"),
                    until: clock("18:00"),
                },
            },
            paired: true,
            version: 1,
            last_seen: None,
            last_slide: None,
            last_build: None,
            last_size: None,
        }))
    }

    /// Everyone the rules tell apart, for "nobody else may".
    fn everyone() -> Vec<Actor> {
        vec![
            Actor::Anonymous,
            lobby_screen(),
            coordinator(Some(Region::Kempen)),
            coordinator(Some(Region::Ijmond)),
            coordinator(None),
            company(7, Region::Kempen),
            company(8, Region::Kempen),
            company(9, Region::Ijmond),
            teacher(Region::Kempen),
        ]
    }

    fn owned(company_id: Option<i64>, region: Region) -> Owned {
        Owned { company_id, region }
    }

    fn allowed(rule: impl Fn(&Actor) -> bool) -> Vec<Actor> {
        everyone().into_iter().filter(|actor| rule(actor)).collect()
    }

    #[test]
    fn a_company_edits_only_its_own_events_and_a_coordinator_only_the_regions_own() {
        let companys = owned(Some(7), Region::Kempen);
        assert_eq!(
            allowed(|a| may_edit_event(a, companys)),
            vec![company(7, Region::Kempen)]
        );
        let regions = owned(None, Region::Kempen);
        assert_eq!(
            allowed(|a| may_edit_event(a, regions)),
            vec![coordinator(Some(Region::Kempen)), coordinator(None)]
        );
    }

    #[test]
    fn a_coordinator_cancels_and_hides_any_event_of_their_region_and_a_company_cancels_its_own() {
        let companys = owned(Some(7), Region::Kempen);
        assert_eq!(
            allowed(|a| may_cancel_event(a, companys)),
            vec![
                coordinator(Some(Region::Kempen)),
                coordinator(None),
                company(7, Region::Kempen)
            ]
        );
        assert_eq!(
            allowed(|a| may_hide_event(a, companys)),
            vec![coordinator(Some(Region::Kempen)), coordinator(None)]
        );
        let ijmond = owned(None, Region::Ijmond);
        assert_eq!(
            allowed(|a| may_see_sign_ups(a, ijmond)),
            vec![coordinator(Some(Region::Ijmond)), coordinator(None)]
        );
    }

    #[test]
    fn screens_are_managed_by_their_company_or_their_regions_coordinator() {
        let lobby = owned(Some(9), Region::Ijmond);
        assert_eq!(
            allowed(|a| may_manage_screen(a, lobby)),
            vec![
                coordinator(Some(Region::Ijmond)),
                coordinator(None),
                company(9, Region::Ijmond)
            ]
        );
        let regions = owned(None, Region::Ijmond);
        assert_eq!(
            allowed(|a| may_manage_screen(a, regions)),
            vec![coordinator(Some(Region::Ijmond)), coordinator(None)]
        );
    }

    #[test]
    fn an_unpublished_company_is_seen_by_its_users_and_its_regions_coordinators() {
        assert_eq!(
            allowed(|a| may_see_unpublished_company(a, owned(Some(8), Region::Kempen))),
            vec![
                coordinator(Some(Region::Kempen)),
                coordinator(None),
                company(8, Region::Kempen)
            ]
        );
    }

    #[test]
    fn a_new_screen_lies_in_its_owners_region_and_only_a_coordinator_of_both_chooses() {
        assert_eq!(
            region_of_new_screen(&company(9, Region::Ijmond), "kempen"),
            Some(Region::Ijmond)
        );
        assert_eq!(
            region_of_new_screen(&coordinator(Some(Region::Kempen)), "ijmond"),
            Some(Region::Kempen)
        );
        assert_eq!(region_of_new_screen(&coordinator(None), "ijmond"), Some(Region::Ijmond));
        assert_eq!(region_of_new_screen(&coordinator(None), "elders"), None);
    }

    #[test]
    fn interests_are_registered_by_coordinators_and_teachers_and_a_region_is_its_coordinators() {
        assert_eq!(
            allowed(may_register_interests),
            vec![
                coordinator(Some(Region::Kempen)),
                coordinator(Some(Region::Ijmond)),
                coordinator(None),
                teacher(Region::Kempen)
            ]
        );
        assert_eq!(
            allowed(|a| coordinates(a, Region::Kempen)),
            vec![coordinator(Some(Region::Kempen)), coordinator(None)]
        );
    }

    #[test]
    fn a_call_for_someone_else_tells_a_visitor_to_sign_in_and_a_signed_in_person_no() {
        use crate::domain::actor::Denied;
        assert_eq!(Actor::Anonymous.coordinator(), Err(Denied::NotSignedIn));
        assert_eq!(
            company(7, Region::Kempen).coordinator().map(|_| ()),
            Err(Denied::NotAllowed)
        );
        assert_eq!(teacher(Region::Kempen).manager().map(|_| ()), Err(Denied::NotAllowed));
        assert_eq!(
            company(7, Region::Kempen).manager().map(|m| m.company_id()),
            Ok(Some(7))
        );
        assert_eq!(coordinator(None).manager().map(|m| m.company_id()), Ok(None));
        // A TV has no account: it is told to sign in, like a visitor, and is only a screen.
        assert_eq!(lobby_screen().manager().map(|_| ()), Err(Denied::NotSignedIn));
        assert_eq!(lobby_screen().signed_in().map(|_| ()), Err(Denied::NotSignedIn));
        assert_eq!(lobby_screen().screen().map(|s| s.id), Ok(1));
        assert_eq!(company(7, Region::Kempen).screen().map(|_| ()), Err(Denied::NotAllowed));
    }
}
