//! Accounts and one-time links: company users, teachers, invitation and password links.
//!
//! Tokens reach this module only as their SHA-256 (`tokens::token_hash`); the tokens
//! themselves live in cookies and links, never in the database. The writes record
//! `Change::Account` or `Change::Mail`, which no public page follows; sessions record
//! nothing.

use super::changes::Change;
use super::{Db, Tx, decode_code, with_reader, with_tx};

use crate::domain::{EmailAddress, Region, Role};

/// A stored account, as the login and the session check need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub company_id: Option<i64>,
    /// A coordinator's or a teacher's region; `None` for a coordinator of both regions
    /// (and for company users).
    pub region: Option<Region>,
    /// A teacher's school, as the interests they register name it; `None` for everyone
    /// else.
    pub school: Option<String>,
    /// `None` until the person has set a password through their link.
    pub password_hash: Option<String>,
}

/// What a one-time link lets its holder do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Set the first password of an account someone else created.
    Invite,
    /// Set a new password after "forgot password".
    Reset,
}

impl LinkPurpose {
    fn code(self) -> &'static str {
        match self {
            LinkPurpose::Invite => "invite",
            LinkPurpose::Reset => "reset",
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct UserRow {
    id: i64,
    email: String,
    role: String,
    company_id: Option<i64>,
    region: Option<String>,
    password_hash: Option<String>,
    school: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = sqlx::Error;

    fn try_from(row: UserRow) -> Result<Self, Self::Error> {
        Ok(User {
            id: row.id,
            email: row.email,
            role: decode_code(&row.role, Role::from_code)?,
            company_id: row.company_id,
            region: row
                .region
                .as_deref()
                .map(|r| decode_code(r, Region::from_code))
                .transpose()?,
            password_hash: row.password_hash,
            school: row.school,
        })
    }
}

pub(super) const USER_COLUMNS: &str = "u.id, u.email, u.role, u.company_id, r.code AS region, u.password_hash, u.school
    FROM users u LEFT JOIN regions r ON r.id = u.region_id";

/// Stores a new account without a password; returns its id. A coordinator has no
/// company and `region` (or both regions when `None`); a company user has `company_id`.
pub async fn insert_user(
    tx: &mut Tx,
    email: &EmailAddress,
    role: Role,
    company_id: Option<i64>,
    region: Option<Region>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "
        INSERT INTO users (email, role, company_id, region_id, created_at)
        VALUES ($1, $2, $3, (SELECT id FROM regions WHERE code = $4), $5)
        RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(email.as_str())
            .bind(role.code())
            .bind(company_id)
            .bind(region.map(Region::code))
            .bind(now)
            .fetch_one(&mut *conn)
            .await
    })?;
    tx.changed(Change::Account { user_id: id });
    Ok(id)
}

/// Stores a new teacher's account without a password, for `school` in `region`; returns
/// its id.
pub async fn insert_teacher(
    tx: &mut Tx,
    email: &EmailAddress,
    region: Region,
    school: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "
        INSERT INTO users (email, role, region_id, school, created_at)
        VALUES ($1, $2, (SELECT id FROM regions WHERE code = $3), $4, $5)
        RETURNING id";
    let (id,): (i64,) = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(email.as_str())
            .bind(Role::Teacher.code())
            .bind(region.code())
            .bind(school)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
    })?;
    tx.changed(Change::Account { user_id: id });
    Ok(id)
}

/// The account with this address, if there is one.
pub async fn find_user_by_email(db: &Db, email: &EmailAddress) -> Result<Option<User>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} WHERE u.email = $1");
    let row: Option<UserRow> =
        with_reader!(db, pool => sqlx::query_as(&sql).bind(email.as_str()).fetch_optional(pool).await)?;
    row.map(User::try_from).transpose()
}

/// Makes a one-time link for `user_id`, valid until `expires_at`. Any earlier unused link
/// of the same purpose for that account stops working: only the newest link counts.
pub async fn create_link(
    tx: &mut Tx,
    user_id: i64,
    purpose: LinkPurpose,
    token_hash: &str,
    now: &str,
    expires_at: &str,
) -> Result<(), sqlx::Error> {
    const RETIRE: &str = "
        UPDATE one_time_links SET used_at = $3
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL";
    const INSERT: &str = "
        INSERT INTO one_time_links (token_hash, user_id, purpose, created_at, expires_at)
        VALUES ($1, $2, $3, $4, $5)";
    with_tx!(tx, conn => {
        sqlx::query(RETIRE).bind(user_id).bind(purpose.code()).bind(now).execute(&mut *conn).await?;
        sqlx::query(INSERT)
            .bind(token_hash)
            .bind(user_id)
            .bind(purpose.code())
            .bind(now)
            .bind(expires_at)
            .execute(&mut *conn)
            .await?;
        Ok::<_, sqlx::Error>(())
    })?;
    tx.changed(Change::Account { user_id });
    Ok(())
}

/// Whether a link with this token hash is there, unused and not expired at `now`, without
/// using it: checked before a password is hashed for it, so a made-up link costs no hash.
pub async fn link_is_usable(db: &Db, token_hash: &str, now: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str = "
        SELECT COUNT(*) FROM one_time_links
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
    let (count,): (i64,) =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(token_hash).bind(now).fetch_one(pool).await)?;
    Ok(count > 0)
}

/// Uses up the link with this token hash, if it exists for `purpose`, is unused and has
/// not expired at `now`; returns the account it belongs to. Two simultaneous uses of one
/// link cannot both succeed: the update that marks it used is the check.
pub async fn use_link(
    tx: &mut Tx,
    token_hash: &str,
    purpose: LinkPurpose,
    now: &str,
) -> Result<Option<i64>, sqlx::Error> {
    const SQL: &str = "
        UPDATE one_time_links SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING user_id";
    let row: Option<(i64,)> = with_tx!(tx, conn => {
        sqlx::query_as(SQL)
            .bind(token_hash)
            .bind(purpose.code())
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
    })?;
    if let Some((user_id,)) = row {
        tx.changed(Change::Account { user_id });
    }
    Ok(row.map(|(id,)| id))
}

/// Stores a new password hash and ends every session of the account, so a stolen
/// session does not survive a password change.
pub async fn set_password(tx: &mut Tx, user_id: i64, password_hash: &str, now: &str) -> Result<(), sqlx::Error> {
    const UPDATE: &str = "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1";
    const END_SESSIONS: &str = "DELETE FROM sessions WHERE user_id = $1";
    with_tx!(tx, conn => {
        let done = sqlx::query(UPDATE).bind(user_id).bind(password_hash).bind(now).execute(&mut *conn).await?;
        if done.rows_affected() != 1 {
            return Err(sqlx::Error::RowNotFound);
        }
        sqlx::query(END_SESSIONS).bind(user_id).execute(&mut *conn).await?;
        Ok::<_, sqlx::Error>(())
    })?;
    tx.changed(Change::Account { user_id });
    Ok(())
}

/// The companies a coordinator of `region` (both when `None`) may invite people for,
/// by name.
pub async fn list_company_choices(
    db: &Db,
    region: Option<Region>,
) -> Result<Vec<crate::domain::accounts::CompanyChoice>, sqlx::Error> {
    const SQL: &str = "
        SELECT c.id, c.name, c.town, c.sbb_accredited, c.version
        FROM companies c
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE ($1 IS NULL OR r.code = $1)
        ORDER BY c.name, c.id";
    let rows: Vec<(i64, String, String, bool, i64)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(region.map(Region::code)).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, town, sbb_accredited, version)| crate::domain::accounts::CompanyChoice {
                id,
                name,
                town,
                sbb_accredited,
                version,
            },
        )
        .collect())
}

/// The company users of companies in `region` (both when `None`), by company.
pub async fn list_company_users(
    db: &Db,
    region: Option<Region>,
) -> Result<Vec<crate::domain::accounts::CompanyUser>, sqlx::Error> {
    const SQL: &str = "
        SELECT u.id, u.email, c.id AS company_id, c.name AS company_name, u.password_hash IS NOT NULL AS has_password
        FROM users u
        JOIN companies c ON c.id = u.company_id
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE ($1 IS NULL OR r.code = $1)
        ORDER BY c.name, u.email";
    let rows: Vec<(i64, String, i64, String, bool)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(region.map(Region::code)).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, email, company_id, company_name, has_password)| crate::domain::accounts::CompanyUser {
                id,
                email,
                company_id,
                company_name,
                has_password,
            },
        )
        .collect())
}

/// The teachers of `region` (both when `None`), by school.
pub async fn list_teachers(
    db: &Db,
    region: Option<Region>,
) -> Result<Vec<crate::domain::accounts::TeacherAccount>, sqlx::Error> {
    const SQL: &str = "
        SELECT u.email, u.school, r.code, u.password_hash IS NOT NULL AS has_password
        FROM users u
        JOIN regions r ON r.id = u.region_id
        WHERE u.role = 'teacher' AND ($1 IS NULL OR r.code = $1)
        ORDER BY u.school, u.email";
    let rows: Vec<(String, String, String, bool)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(region.map(Region::code)).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(email, school, region, has_password)| {
            Ok(crate::domain::accounts::TeacherAccount {
                email,
                school,
                region: decode_code(&region, Region::from_code)?,
                has_password,
            })
        })
        .collect()
}

/// The region company `company_id` lies in, and its name; `None` when there is no
/// such company.
pub async fn company_region(db: &Db, company_id: i64) -> Result<Option<(Region, String)>, sqlx::Error> {
    const SQL: &str = "
        SELECT r.code, c.name
        FROM companies c
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE c.id = $1";
    let row: Option<(String, String)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(company_id).fetch_optional(pool).await)?;
    row.map(|(code, name)| Ok((decode_code(&code, Region::from_code)?, name)))
        .transpose()
}

/// The slugs in use that are `slug` or start with `slug-` (read in the transaction that
/// will add one; `Slug::first_free` picks from them).
pub async fn slugs_like(tx: &mut Tx, slug: &str) -> Result<Vec<String>, sqlx::Error> {
    const SQL: &str = "SELECT slug FROM companies WHERE slug = $1 OR slug LIKE $2";
    let pattern = format!("{slug}-%");
    let rows: Vec<(String,)> =
        with_tx!(tx, conn => sqlx::query_as(SQL).bind(slug).bind(&pattern).fetch_all(&mut *conn).await)?;
    Ok(rows.into_iter().map(|(slug,)| slug).collect())
}
