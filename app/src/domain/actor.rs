//! Who is asking: the one answer every server function and axum handler starts from. The
//! server resolves it once per request from the session cookie, or for a kiosk TV from the
//! secret in its screen cookie
//! (`api::request::actor`, or the `Actor` extractor in axum handlers); what each kind of
//! actor may see and do is decided in [`super::policy`].
//!
//! Must not: read the database or the request (this is the plain value), or decide
//! permissions here beyond "is this the kind of person the call is for".

use super::Region;

/// The person behind a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// No live session: a student, a parent, a visitor, a TV not paired (yet).
    Anonymous,
    Coordinator(Coordinator),
    Company(CompanyMember),
    Teacher(Teacher),
    /// A paired kiosk screen, known only by the secret in its cookie: it has no account
    /// and sees public data only.
    Screen(Box<super::Screen>),
}

/// The account a signed-in actor acts through, as the change log names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub email: String,
}

/// A regional coordinator: of one region, or of both when `region` is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coordinator {
    pub account: Account,
    pub region: Option<Region>,
}

/// A user of one company, which lies in `region`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyMember {
    pub account: Account,
    pub company_id: i64,
    pub company_name: String,
    pub region: Region,
}

/// A teacher (or career counsellor) of one school in one region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Teacher {
    pub account: Account,
    pub school: String,
    pub region: Region,
}

/// Why a call is refused before anything is read: nobody is signed in, or the one who is
/// is not the kind of person the call is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    NotSignedIn,
    NotAllowed,
}

/// Someone who organises events and manages kiosk screens: a company for its own, a
/// coordinator for the region's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manager<'a> {
    Company(&'a CompanyMember),
    Coordinator(&'a Coordinator),
}

/// Someone who registers a student's interest on the school's behalf: a coordinator for
/// any school of their region(s), a teacher for their own school (`school`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registrar<'a> {
    pub account: &'a Account,
    pub region: Option<Region>,
    pub school: Option<&'a str>,
}

impl Actor {
    /// The signed-in account, `None` for an anonymous visitor.
    pub fn account(&self) -> Option<&Account> {
        match self {
            Actor::Anonymous | Actor::Screen(_) => None,
            Actor::Coordinator(c) => Some(&c.account),
            Actor::Company(c) => Some(&c.account),
            Actor::Teacher(t) => Some(&t.account),
        }
    }

    /// The signed-in account, or `NotSignedIn`.
    pub fn signed_in(&self) -> Result<&Account, Denied> {
        self.account().ok_or(Denied::NotSignedIn)
    }

    /// The refusal for a call meant for someone else: `NotSignedIn` when nobody is.
    fn other(&self) -> Denied {
        match self {
            Actor::Anonymous | Actor::Screen(_) => Denied::NotSignedIn,
            _ => Denied::NotAllowed,
        }
    }

    /// The paired screen asking (its heartbeat, its slides).
    pub fn screen(&self) -> Result<&super::Screen, Denied> {
        match self {
            Actor::Screen(screen) => Ok(screen),
            _ => Err(Denied::NotAllowed),
        }
    }

    pub fn coordinator(&self) -> Result<&Coordinator, Denied> {
        match self {
            Actor::Coordinator(c) => Ok(c),
            _ => Err(self.other()),
        }
    }

    pub fn company(&self) -> Result<&CompanyMember, Denied> {
        match self {
            Actor::Company(c) => Ok(c),
            _ => Err(self.other()),
        }
    }

    /// A company user or a coordinator; a teacher organises nothing.
    pub fn manager(&self) -> Result<Manager<'_>, Denied> {
        match self {
            Actor::Company(c) => Ok(Manager::Company(c)),
            Actor::Coordinator(c) => Ok(Manager::Coordinator(c)),
            _ => Err(self.other()),
        }
    }

    /// A coordinator or a teacher.
    pub fn registrar(&self) -> Result<Registrar<'_>, Denied> {
        match self {
            Actor::Coordinator(c) => Ok(Registrar {
                account: &c.account,
                region: c.region,
                school: None,
            }),
            Actor::Teacher(t) => Ok(Registrar {
                account: &t.account,
                region: Some(t.region),
                school: Some(&t.school),
            }),
            _ => Err(self.other()),
        }
    }

    /// Whether this is a company's user (whose view names coordinators by role).
    pub fn is_company(&self) -> bool {
        matches!(self, Actor::Company(_))
    }

    /// The region(s) this actor works in: a company's or teacher's one region, a
    /// coordinator's one or both (`None`); `None` for an anonymous visitor too.
    pub fn region_scope(&self) -> Option<Region> {
        match self {
            Actor::Anonymous | Actor::Screen(_) => None,
            Actor::Coordinator(c) => c.region,
            Actor::Company(c) => Some(c.region),
            Actor::Teacher(t) => Some(t.region),
        }
    }
}

impl Coordinator {
    /// Whether `region` is (one of) this coordinator's.
    pub fn covers(&self, region: Region) -> bool {
        region.within(self.region)
    }
}

impl<'a> Manager<'a> {
    /// The company whose events and screens these are; `None` for a coordinator.
    pub fn company_id(self) -> Option<i64> {
        match self {
            Manager::Company(c) => Some(c.company_id),
            Manager::Coordinator(_) => None,
        }
    }

    pub fn account(self) -> &'a Account {
        match self {
            Manager::Company(c) => &c.account,
            Manager::Coordinator(c) => &c.account,
        }
    }
}
