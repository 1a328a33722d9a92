//! What `/beheer` shows: for a company user their company's placements, what needs
//! attention and the latest changes; for a coordinator the invitations, company users,
//! outbox and audit log of their region; for a teacher the interests they registered.

use leptos::prelude::*;

use crate::domain::accounts::{CompanyChoice, CompanyUser, Mail};
use crate::domain::{AuditEntry, OwnPlacement, Region, Role};
use crate::error::AppError;

/// What the dashboard shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DashboardData {
    pub email: String,
    pub role: Role,
    /// Open placements last confirmed before this day (60 days ago) need attention.
    pub stale_before: crate::domain::Day,
    pub company: Option<CompanyDashboard>,
    pub coordinator: Option<CoordinatorDashboard>,
    pub teacher: Option<TeacherDashboard>,
}

/// A teacher's page: their school and region, and what they registered.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TeacherDashboard {
    pub school: String,
    pub region: Region,
    pub registrations: Vec<Registration>,
}

/// An interest a teacher registered, as the teacher sees it: the student's first name
/// and programme, what it is about and where it stands. No contact details: the student
/// and the coordinator take it from here.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    pub first_name: String,
    pub programme: crate::domain::Programme,
    pub placement: Option<crate::domain::interests::InterestPlacement>,
    pub event: Option<crate::domain::interests::InterestEvent>,
    pub stage: crate::domain::Stage,
    pub registered_at: crate::domain::Instant,
}

/// A company user's view of their own company.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CompanyDashboard {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub placements: Vec<OwnPlacement>,
    /// The latest changes to this company's profile and placements.
    pub audit: Vec<AuditEntry>,
}

/// A coordinator's overview of their region (both regions when `region` is `None`): what
/// waits in each part of the workspace, and the latest changes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoordinatorDashboard {
    pub region: Option<Region>,
    /// Counted interests nobody looked at yet (stage "interest").
    pub new_interests: i64,
    pub companies: i64,
    /// Company users who have not chosen a password yet.
    pub invited_users: i64,
    /// Mail to company users neither sent nor given up.
    pub mails_waiting: i64,
    pub recent_changes: Vec<AuditEntry>,
}

/// How many changes the overview shows; the change log's page shows more.
pub const OVERVIEW_CHANGES: i64 = 5;

/// The companies of a coordinator's region with their users, those matching `search`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegionCompanies {
    /// The coordinator's region (`None`: both).
    pub region: Option<Region>,
    pub companies: Vec<CompanyChoice>,
    pub users: Vec<CompanyUser>,
    /// How many companies the region has, whatever the search.
    pub total: usize,
}

/// How much of a message the coordinator's outbox shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// All of it: there is no live link in it.
    Text,
    /// All of it, with a live link the coordinator must forward (recorded as read).
    Link,
    /// Not the text: its link would open someone else's account.
    Hidden,
}

/// What the outbox shows of `mail`. A live link is shown only where it is needed: an
/// invitation no mail server will send, which the coordinator forwards. A reset link is
/// never shown (it would open an account in use), nor a link a mail server sends or gave
/// up on; a sent message's link is gone from it already.
pub fn text_shown(mail: &Mail, sends_mail: bool) -> Shown {
    use crate::domain::accounts::MailPurpose;
    match mail.purpose {
        None => Shown::Text,
        Some(_) if mail.sent_at.is_some() => Shown::Text,
        Some(MailPurpose::Invitation) if !sends_mail && mail.given_up_at.is_none() => Shown::Link,
        Some(_) => Shown::Hidden,
    }
}

/// How many changes a company's dashboard and how many mails the outbox's page list.
pub const DASHBOARD_LIST_LIMIT: i64 = 50;

/// The logged-in person's dashboard.
#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    use crate::db::{accounts, audit, outbox, placements};
    use crate::domain::Actor;

    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    let account = actor.signed_in()?;
    let mut data = DashboardData {
        email: account.email.clone(),
        role: match &actor {
            Actor::Company(_) => Role::Company,
            Actor::Teacher(_) => Role::Teacher,
            _ => Role::Coordinator,
        },
        stale_before: crate::db::today().plus_days(-crate::domain::placements::CONFIRM_AFTER_DAYS),
        company: None,
        coordinator: None,
        teacher: None,
    };
    match &actor {
        Actor::Company(company) => {
            let company_id = company.company_id;
            let name = company.company_name.clone();
            data.company = Some(CompanyDashboard {
                id: company_id,
                slug: crate::db::companies::company_slug(&db, company_id).await?,
                name,
                placements: placements::list_own_placements(&db, company_id).await?,
                audit: audit::list_entries(&db, Some(company_id), None, DASHBOARD_LIST_LIMIT)
                    .await?
                    .into_iter()
                    .map(crate::domain::AuditEntry::as_seen_by_company)
                    .collect(),
            });
        }
        Actor::Coordinator(user) => {
            let counts = crate::db::interests::stage_counts(&db, user.region).await?;
            let users = accounts::list_company_users(&db, user.region).await?;
            data.coordinator = Some(CoordinatorDashboard {
                region: user.region,
                new_interests: counts
                    .iter()
                    .find(|(stage, _)| *stage == crate::domain::Stage::Interest)
                    .map_or(0, |(_, n)| *n),
                companies: accounts::list_company_choices(&db, user.region).await?.len() as i64,
                invited_users: users.iter().filter(|u| !u.has_password).count() as i64,
                mails_waiting: outbox::count_waiting_mail(&db, user.region).await?,
                recent_changes: audit::list_entries(&db, None, user.region, OVERVIEW_CHANGES).await?,
            });
        }
        Actor::Teacher(teacher) => {
            let (school, region) = (teacher.school.clone(), teacher.region);
            let registrations = crate::db::interests::list_registered_by(&db, teacher.account.id)
                .await?
                .into_iter()
                .map(|(interest, placement)| Registration {
                    first_name: interest.first_name,
                    programme: interest.programme,
                    placement,
                    event: interest.event,
                    stage: interest.stage,
                    registered_at: interest.created_at,
                })
                .collect();
            data.teacher = Some(TeacherDashboard {
                school,
                region,
                registrations,
            });
        }
        Actor::Anonymous | Actor::Screen(_) => return Err(AppError::NotLoggedIn),
    }
    Ok(data)
}

/// What the invitations page needs: the region's companies for a company user's
/// invitation, and the region's teachers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InvitationsPage {
    /// The coordinator's region (`None`: both).
    pub region: Option<Region>,
    pub companies: Vec<crate::domain::accounts::CompanyChoice>,
    pub teachers: Vec<crate::domain::accounts::TeacherAccount>,
}

#[server(endpoint = "workspace_invitations")]
pub async fn workspace_invitations() -> Result<InvitationsPage, AppError> {
    use crate::db::accounts;
    let db = crate::db::from_context()?;
    let user = crate::api::request::actor(&db).await?.coordinator()?.clone();
    Ok(InvitationsPage {
        region: user.region,
        companies: accounts::list_company_choices(&db, user.region).await?,
        teachers: accounts::list_teachers(&db, user.region).await?,
    })
}

/// Whether `text` holds `search` (already lower case), ignoring case.
#[cfg(feature = "ssr")]
fn holds(text: &str, search: &str) -> bool {
    text.to_lowercase().contains(search)
}

/// The companies of the logged-in coordinator's region and their users; with `search`,
/// only the companies whose name or town holds it and the users whose address or
/// company's name does.
#[server(endpoint = "workspace_companies")]
pub async fn workspace_companies(#[server(default)] search: String) -> Result<RegionCompanies, AppError> {
    use crate::db::accounts;
    let db = crate::db::from_context()?;
    let user = crate::api::request::actor(&db).await?.coordinator()?.clone();
    let search = search.trim().to_lowercase();
    let companies = accounts::list_company_choices(&db, user.region).await?;
    let total = companies.len();
    let users = accounts::list_company_users(&db, user.region).await?;
    Ok(RegionCompanies {
        region: user.region,
        companies: companies
            .into_iter()
            .filter(|c| holds(&c.name, &search) || holds(&c.town, &search))
            .collect(),
        users: users
            .into_iter()
            .filter(|u| holds(&u.email, &search) || holds(&u.company_name, &search))
            .collect(),
        total,
    })
}

/// The mail a logged-in coordinator may read (see `db::outbox::list_outbox`), newest
/// first, with `search` in the recipient or subject if given. Showing a live link the
/// coordinator must forward records that they saw it.
#[server(endpoint = "workspace_outbox")]
pub async fn workspace_outbox(#[server(default)] search: String) -> Result<Vec<Mail>, AppError> {
    use crate::db::outbox;
    let db = crate::db::from_context()?;
    let user = crate::api::request::actor(&db).await?.coordinator()?.clone();
    let sends_mail = crate::api::request::site_settings()?.sends_mail;
    let search = Some(search.trim()).filter(|s| !s.is_empty());
    let mut outbox = outbox::list_outbox(&db, user.region, user.account.id, search, DASHBOARD_LIST_LIMIT).await?;
    let now = crate::db::now_timestamp();
    for mail in &mut outbox {
        match text_shown(mail, sends_mail) {
            Shown::Text => {}
            Shown::Hidden => mail.body = None,
            Shown::Link => outbox::record_outbox_read(&db, mail.id, user.account.id, &mail.recipient, &now).await?,
        }
    }
    if let Some(first) = outbox.iter().map(|mail| mail.id).min() {
        for (mail_id, reader, at) in outbox::list_outbox_reads(&db, first).await? {
            if let Some(mail) = outbox.iter_mut().find(|mail| mail.id == mail_id) {
                mail.shown_to.push((reader, at));
            }
        }
    }
    Ok(outbox)
}

/// Whether the logged-in person works in the coordinator's workspace (and so gets its
/// navigation on the pages both roles share: events, screens).
#[server(endpoint = "workspace_access")]
pub async fn workspace_access() -> Result<bool, AppError> {
    let db = crate::db::from_context()?;
    let actor = crate::api::request::actor(&db).await?;
    actor.signed_in()?;
    Ok(matches!(actor, crate::domain::Actor::Coordinator(_)))
}

/// The latest changes in the logged-in coordinator's region, newest first.
#[server(endpoint = "workspace_changes")]
pub async fn workspace_changes() -> Result<Vec<AuditEntry>, AppError> {
    let db = crate::db::from_context()?;
    let user = crate::api::request::actor(&db).await?.coordinator()?.clone();
    Ok(crate::db::audit::list_entries(&db, None, user.region, CHANGES_LIMIT).await?)
}

/// How many changes the change log's page lists.
pub const CHANGES_LIMIT: i64 = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Instant;
    use crate::domain::accounts::MailPurpose;

    fn mail(purpose: Option<MailPurpose>, sent: bool, given_up: bool) -> Mail {
        let at = Instant::parse("2026-11-30T10:00:00Z").expect("instant");
        Mail {
            id: 1,
            recipient: "jan@vonk.example".into(),
            subject: "Uitnodiging".into(),
            body: Some("tekst".into()),
            purpose,
            created_at: at,
            sent_at: sent.then_some(at),
            attempts: 0,
            given_up_at: given_up.then_some(at),
            shown_to: Vec::new(),
        }
    }

    #[test]
    fn a_link_is_shown_only_where_the_coordinator_must_forward_it() {
        let invitation = Some(MailPurpose::Invitation);
        let reset = Some(MailPurpose::PasswordReset);
        assert_eq!(text_shown(&mail(invitation, false, false), false), Shown::Link);
        assert_eq!(
            text_shown(&mail(invitation, false, false), true),
            Shown::Hidden,
            "a mail server sends it"
        );
        assert_eq!(
            text_shown(&mail(invitation, false, true), true),
            Shown::Hidden,
            "given up"
        );
        assert_eq!(
            text_shown(&mail(invitation, true, false), true),
            Shown::Text,
            "sent: no link left"
        );
        assert_eq!(
            text_shown(&mail(reset, false, false), false),
            Shown::Hidden,
            "never a reset link"
        );
        assert_eq!(text_shown(&mail(reset, false, false), true), Shown::Hidden);
        assert_eq!(text_shown(&mail(None, false, false), true), Shown::Text);
    }
}
