//! What `/beheer` shows: for a company user their company's placements, what needs
//! attention and the latest changes; for a coordinator the invitations, company users,
//! outbox and audit log of their region.

use leptos::prelude::*;

use crate::domain::accounts::{CompanyChoice, CompanyUser, Mail};
use crate::domain::{AuditEntry, OwnPlacement, Region, Role};
use crate::error::AppError;

/// What the dashboard shows.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DashboardData {
    pub email: String,
    pub role: Role,
    /// Open placements last confirmed before this date (`YYYY-MM-DD`, 60 days ago)
    /// need attention.
    pub stale_before: String,
    pub company: Option<CompanyDashboard>,
    pub coordinator: Option<CoordinatorDashboard>,
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

/// A coordinator's view of their region (both regions when `region` is `None`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CoordinatorDashboard {
    pub region: Option<Region>,
    pub companies: Vec<CompanyChoice>,
    pub users: Vec<CompanyUser>,
    pub outbox: Vec<Mail>,
    pub audit: Vec<AuditEntry>,
}

/// How many audit entries and mails the dashboard lists.
pub const DASHBOARD_LIST_LIMIT: i64 = 50;

/// The logged-in person's dashboard.
#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    use crate::db::{accounts, audit, placements};

    let db = crate::db::from_context()?;
    let user = crate::api::request::require_user(&db).await?;
    let mut data = DashboardData {
        email: user.email.clone(),
        role: user.role,
        stale_before: crate::db::timestamp_in(-crate::domain::placements::CONFIRM_AFTER_DAYS * 86_400)[..10].to_owned(),
        company: None,
        coordinator: None,
    };
    match (user.role, user.company_id) {
        (Role::Company, Some(company_id)) => {
            let (_, name) = accounts::company_region(&db, company_id)
                .await?
                .ok_or(AppError::NotFound)?;
            data.company = Some(CompanyDashboard {
                id: company_id,
                slug: crate::db::companies::company_slug(&db, company_id).await?,
                name,
                placements: placements::list_own_placements(&db, company_id).await?,
                audit: audit::list_entries(&db, Some(company_id), None, DASHBOARD_LIST_LIMIT).await?,
            });
        }
        (Role::Coordinator, _) => {
            data.coordinator = Some(CoordinatorDashboard {
                region: user.region,
                companies: accounts::list_company_choices(&db, user.region).await?,
                users: accounts::list_company_users(&db, user.region).await?,
                outbox: accounts::list_outbox(&db, user.region, user.id, DASHBOARD_LIST_LIMIT).await?,
                audit: audit::list_entries(&db, None, user.region, DASHBOARD_LIST_LIMIT).await?,
            });
        }
        (Role::Company, None) => return Err(AppError::Internal),
    }
    Ok(data)
}
