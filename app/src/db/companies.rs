//! Companies: inserting them, listing the published ones for the public pages, and reading one.

use super::{Db, Tx, regions::parse_region, with_reader, with_tx};
use super::{decode_code, placements};
use std::collections::HashMap;

use crate::domain::{
    CompanyProfile, Day, Field, Level, ListedCompany, ListedPlacement, Municipality, NewCompany, PlacementKind, Region,
    SizeBand,
};
use crate::map::LatLon;

/// Binds a company's sixteen stored fields, name to published, in the order of the columns
/// in the INSERT and UPDATE below. A macro, because the query's database type differs
/// between the SQLite and PostgreSQL arms of `with_tx!`.
macro_rules! bind_company {
    ($query:expr, $company:ident) => {
        $query
            .bind(&$company.name)
            .bind(&$company.description_nl)
            .bind(&$company.description_en)
            .bind(&$company.street_address)
            .bind(&$company.postcode)
            .bind(&$company.town)
            .bind(&$company.municipality)
            .bind($company.latitude)
            .bind($company.longitude)
            .bind(&$company.website)
            .bind(&$company.contact_name)
            .bind(&$company.contact_email)
            .bind(&$company.contact_phone)
            .bind($company.size_band.code())
            .bind($company.sbb_accredited)
            .bind($company.published)
    };
}

/// Stores a new company and its fields of work; returns its id.
///
/// The municipality is given by code; an unknown code fails on the `NOT NULL` constraint.
pub async fn insert_company(tx: &mut Tx, company: &NewCompany, now: &str) -> Result<i64, sqlx::Error> {
    const INSERT: &str = "
        INSERT INTO companies (
            slug, name, description_nl, description_en, street_address, postcode, town,
            municipality_id, latitude, longitude, website, contact_name, contact_email,
            contact_phone, size_band, sbb_accredited, published, created_at, updated_at
        ) VALUES (
            $1, $2, $3, $4, $5, $6, $7,
            (SELECT id FROM municipalities WHERE code = $8), $9, $10, $11, $12, $13,
            $14, $15, $16, $17, $18, $18
        ) RETURNING id";
    const INSERT_FIELD: &str = "INSERT INTO company_fields (company_id, field) VALUES ($1, $2)";
    let id = with_tx!(tx, conn => {
        let query = sqlx::query_as(INSERT).bind(company.slug.as_str());
        let (id,): (i64,) = bind_company!(query, company)
            .bind(now)
            .fetch_one(&mut *conn)
            .await?;
        for field in &company.fields {
            sqlx::query(INSERT_FIELD).bind(id).bind(field.code()).execute(&mut *conn).await?;
        }
        Ok::<_, sqlx::Error>(id)
    })?;
    tx.changed_company_in(id, &company.municipality).await?;
    Ok(id)
}

/// How many companies exist, published or not.
pub async fn count_companies(db: &Db) -> Result<i64, sqlx::Error> {
    let (count,): (i64,) =
        with_reader!(db, pool => sqlx::query_as("SELECT COUNT(*) FROM companies").fetch_one(pool).await)?;
    Ok(count)
}

#[derive(sqlx::FromRow)]
struct ListedCompanyRow {
    id: i64,
    slug: String,
    name: String,
    description_nl: String,
    description_en: String,
    town: String,
    municipality: String,
    latitude: f64,
    longitude: f64,
    sbb_accredited: bool,
}

#[derive(sqlx::FromRow)]
struct ListedPlacementRow {
    id: i64,
    company_id: i64,
    title: String,
    kind: String,
    level: String,
    field: String,
    start_date: Option<String>,
    last_confirmed_on: String,
}

/// Every published company with open placements, as the public pages list it (sorted by
/// name, then id), each with its open placements, newest confirmation first.
pub async fn list_public_companies(db: &Db) -> Result<Vec<ListedCompany>, sqlx::Error> {
    const COMPANIES: &str = "
        SELECT c.id, c.slug, c.name, c.description_nl, c.description_en, c.town, m.code AS municipality,
            c.latitude, c.longitude, c.sbb_accredited
        FROM companies c
        JOIN municipalities m ON m.id = c.municipality_id
        WHERE c.published AND EXISTS (SELECT 1 FROM placements p WHERE p.company_id = c.id AND p.status = 'open')
        ORDER BY c.name, c.id";
    const PLACEMENTS: &str = "
        SELECT p.id, p.company_id, p.title, p.kind, p.level, p.field, p.start_date, p.last_confirmed_on
        FROM placements p
        JOIN companies c ON c.id = p.company_id
        WHERE c.published AND p.status = 'open'
        ORDER BY p.company_id, p.last_confirmed_on DESC, p.id";
    let companies: Vec<ListedCompanyRow> = with_reader!(db, pool => sqlx::query_as(COMPANIES).fetch_all(pool).await)?;
    let placements: Vec<ListedPlacementRow> =
        with_reader!(db, pool => sqlx::query_as(PLACEMENTS).fetch_all(pool).await)?;
    listed_companies(companies, placements)
}

/// Company `id` as the public pages list it; `None` when it is not listed (unpublished,
/// without open placements, or gone). The same rows as `list_public_companies`, for one.
pub async fn public_company(db: &Db, id: i64) -> Result<Option<ListedCompany>, sqlx::Error> {
    const COMPANY: &str = "
        SELECT c.id, c.slug, c.name, c.description_nl, c.description_en, c.town, m.code AS municipality,
            c.latitude, c.longitude, c.sbb_accredited
        FROM companies c
        JOIN municipalities m ON m.id = c.municipality_id
        WHERE c.id = $1 AND c.published
            AND EXISTS (SELECT 1 FROM placements p WHERE p.company_id = c.id AND p.status = 'open')";
    const PLACEMENTS: &str = "
        SELECT p.id, p.company_id, p.title, p.kind, p.level, p.field, p.start_date, p.last_confirmed_on
        FROM placements p
        WHERE p.company_id = $1 AND p.status = 'open'
        ORDER BY p.last_confirmed_on DESC, p.id";
    let company: Option<ListedCompanyRow> =
        with_reader!(db, pool => sqlx::query_as(COMPANY).bind(id).fetch_optional(pool).await)?;
    let Some(company) = company else {
        return Ok(None);
    };
    let placements: Vec<ListedPlacementRow> =
        with_reader!(db, pool => sqlx::query_as(PLACEMENTS).bind(id).fetch_all(pool).await)?;
    Ok(listed_companies(vec![company], placements)?.pop())
}

/// The listed companies from their rows, each with its placements' rows (in the order
/// given).
fn listed_companies(
    companies: Vec<ListedCompanyRow>,
    placements: Vec<ListedPlacementRow>,
) -> Result<Vec<ListedCompany>, sqlx::Error> {
    let mut by_company: HashMap<i64, Vec<ListedPlacement>> = HashMap::new();
    for row in placements {
        by_company.entry(row.company_id).or_default().push(ListedPlacement {
            kind: decode_code(&row.kind, PlacementKind::from_code)?,
            level: decode_code(&row.level, Level::from_code)?,
            field: decode_code(&row.field, Field::from_code)?,
            id: row.id,
            title: row.title,
            start_date: row
                .start_date
                .as_deref()
                .map(|day| decode_code(day, Day::parse))
                .transpose()?,
            last_confirmed_on: decode_code(&row.last_confirmed_on, Day::parse)?,
        });
    }
    companies
        .into_iter()
        .map(|row| {
            Ok(ListedCompany {
                municipality: decode_code(&row.municipality, Municipality::from_code)?,
                placements: by_company.remove(&row.id).unwrap_or_default(),
                position: LatLon::new(row.latitude, row.longitude),
                id: row.id,
                slug: row.slug,
                name: row.name,
                description_nl: row.description_nl,
                description_en: row.description_en,
                town: row.town,
                sbb_accredited: row.sbb_accredited,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    slug: String,
    name: String,
    description_nl: String,
    description_en: String,
    street_address: String,
    postcode: String,
    town: String,
    municipality: String,
    region: String,
    latitude: f64,
    longitude: f64,
    website: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    size_band: String,
    sbb_accredited: bool,
}

/// The published company with this slug, with its fields of work and all its placements;
/// `None` when there is none (or it is not published).
pub async fn get_published_company(db: &Db, slug: &str) -> Result<Option<CompanyProfile>, sqlx::Error> {
    const COMPANY: &str = "
        SELECT c.id, c.slug, c.name, c.description_nl, c.description_en, c.street_address, c.postcode,
            c.town, m.name AS municipality, r.code AS region, c.latitude, c.longitude, c.website,
            c.contact_name, c.contact_email, c.contact_phone, c.size_band, c.sbb_accredited
        FROM companies c
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE c.slug = $1 AND c.published";
    const FIELDS: &str = "SELECT field FROM company_fields WHERE company_id = $1";
    let row: Option<ProfileRow> =
        with_reader!(db, pool => sqlx::query_as(COMPANY).bind(slug).fetch_optional(pool).await)?;
    let Some(row) = row else { return Ok(None) };
    let codes: Vec<(String,)> = with_reader!(db, pool => sqlx::query_as(FIELDS).bind(row.id).fetch_all(pool).await)?;
    let mut fields: Vec<Field> = codes
        .iter()
        .map(|(code,)| decode_code(code, Field::from_code))
        .collect::<Result<_, _>>()?;
    // In the order people see fields, not the alphabetical order of their codes.
    fields.sort();
    Ok(Some(CompanyProfile {
        logo: logo_href(db, row.id).await?,
        placements: placements::list_company_placements(db, row.id).await?,
        region: parse_region(&row.region)?,
        size_band: decode_code(&row.size_band, SizeBand::from_code)?,
        fields,
        slug: row.slug,
        name: row.name,
        description_nl: row.description_nl,
        description_en: row.description_en,
        street_address: row.street_address,
        postcode: row.postcode,
        town: row.town,
        municipality: row.municipality,
        latitude: row.latitude,
        longitude: row.longitude,
        website: row.website,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        sbb_accredited: row.sbb_accredited,
    }))
}

/// The slug of company `id` (the address of its public page).
pub async fn company_slug(db: &Db, id: i64) -> Result<String, sqlx::Error> {
    const SQL: &str = "SELECT slug FROM companies WHERE id = $1";
    let (slug,): (String,) = with_reader!(db, pool => sqlx::query_as(SQL).bind(id).fetch_one(pool).await)?;
    Ok(slug)
}

#[derive(sqlx::FromRow)]
struct OwnCompanyRow {
    version: i64,
    slug: String,
    name: String,
    description_nl: String,
    description_en: String,
    street_address: String,
    postcode: String,
    town: String,
    municipality: String,
    latitude: f64,
    longitude: f64,
    website: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    size_band: String,
    sbb_accredited: bool,
    published: bool,
}

const OWN_COMPANY: &str = "
    SELECT c.version, c.slug, c.name, c.description_nl, c.description_en, c.street_address, c.postcode,
        c.town, m.code AS municipality, c.latitude, c.longitude, c.website, c.contact_name,
        c.contact_email, c.contact_phone, c.size_band, c.sbb_accredited, c.published
    FROM companies c
    JOIN municipalities m ON m.id = c.municipality_id
    WHERE c.id = $1";
const OWN_FIELDS: &str = "SELECT field FROM company_fields WHERE company_id = $1";

/// Company `id` as its edit form needs it, with its version; published or not.
pub async fn get_own_company(db: &Db, id: i64) -> Result<Option<(NewCompany, i64)>, sqlx::Error> {
    let row: Option<OwnCompanyRow> =
        with_reader!(db, pool => sqlx::query_as(OWN_COMPANY).bind(id).fetch_optional(pool).await)?;
    let codes: Vec<(String,)> = with_reader!(db, pool => sqlx::query_as(OWN_FIELDS).bind(id).fetch_all(pool).await)?;
    row.map(|row| own_company(row, &codes)).transpose()
}

/// Company `id` with its version, read inside a write transaction (on PostgreSQL the
/// row stays locked until it ends).
pub async fn lock_own_company(tx: &mut Tx, id: i64) -> Result<Option<(NewCompany, i64)>, sqlx::Error> {
    let sql = match tx.inner_mut() {
        super::TxInner::Postgres(_) => format!("{OWN_COMPANY} FOR UPDATE OF c"),
        super::TxInner::Sqlite(_) => OWN_COMPANY.to_owned(),
    };
    let (row, codes): (Option<OwnCompanyRow>, Vec<(String,)>) = with_tx!(tx, conn => {
        let row = sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await?;
        let codes = sqlx::query_as(OWN_FIELDS).bind(id).fetch_all(&mut *conn).await?;
        (row, codes)
    });
    row.map(|row| own_company(row, &codes)).transpose()
}

fn own_company(row: OwnCompanyRow, codes: &[(String,)]) -> Result<(NewCompany, i64), sqlx::Error> {
    let mut fields: Vec<Field> = codes
        .iter()
        .map(|(code,)| decode_code(code, Field::from_code))
        .collect::<Result<_, _>>()?;
    fields.sort();
    let version = row.version;
    let company = NewCompany {
        slug: crate::domain::Slug::parse(&row.slug)
            .map_err(|problem| sqlx::Error::Decode(format!("stored slug is {problem:?}").into()))?,
        size_band: decode_code(&row.size_band, SizeBand::from_code)?,
        fields,
        name: row.name,
        description_nl: row.description_nl,
        description_en: row.description_en,
        street_address: row.street_address,
        postcode: row.postcode,
        town: row.town,
        municipality: row.municipality,
        latitude: row.latitude,
        longitude: row.longitude,
        website: row.website,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        sbb_accredited: row.sbb_accredited,
        published: row.published,
    };
    Ok((company, version))
}

/// Replaces company `id`'s profile and fields of work with `company` (slug excepted),
/// if it is still at `version`.
pub async fn update_company(
    tx: &mut Tx,
    id: i64,
    version: i64,
    company: &NewCompany,
    now: &str,
) -> Result<super::Saved, sqlx::Error> {
    use super::Saved;
    const UPDATE: &str = "
        UPDATE companies SET
            name = $3, description_nl = $4, description_en = $5, street_address = $6, postcode = $7,
            town = $8, municipality_id = (SELECT id FROM municipalities WHERE code = $9), latitude = $10,
            longitude = $11, website = $12, contact_name = $13, contact_email = $14, contact_phone = $15,
            size_band = $16, sbb_accredited = $17, published = $18, updated_at = $19, version = version + 1
        WHERE id = $1 AND version = $2
        RETURNING version";
    const CURRENT: &str = "SELECT version FROM companies WHERE id = $1";
    const CLEAR_FIELDS: &str = "DELETE FROM company_fields WHERE company_id = $1";
    const INSERT_FIELD: &str = "INSERT INTO company_fields (company_id, field) VALUES ($1, $2)";
    let saved = with_tx!(tx, conn => {
        let query = sqlx::query_as(UPDATE).bind(id).bind(version);
        let saved: Option<(i64,)> = bind_company!(query, company)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?;
        match saved {
            Some((new_version,)) => {
                sqlx::query(CLEAR_FIELDS).bind(id).execute(&mut *conn).await?;
                for field in &company.fields {
                    sqlx::query(INSERT_FIELD).bind(id).bind(field.code()).execute(&mut *conn).await?;
                }
                Ok::<_, sqlx::Error>(Saved::Done(new_version))
            }
            None => {
                let current: Option<(i64,)> = sqlx::query_as(CURRENT).bind(id).fetch_optional(&mut *conn).await?;
                Ok(current.map_or(Saved::Missing, |(v,)| Saved::Stale(v)))
            }
        }
    })?;
    if let Saved::Done(_) = saved {
        tx.changed_company_in(id, &company.municipality).await?;
    }
    Ok(saved)
}

/// Stores (or replaces) company `company_id`'s logo, already encoded as PNG.
pub async fn set_logo(
    tx: &mut Tx,
    company_id: i64,
    png: &[u8],
    width: u32,
    height: u32,
    now: &str,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "
        INSERT INTO company_logos (company_id, png, width, height, updated_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (company_id) DO UPDATE SET png = $2, width = $3, height = $4, updated_at = $5";
    with_tx!(tx, conn => {
        sqlx::query(SQL)
            .bind(company_id)
            .bind(png)
            .bind(i64::from(width))
            .bind(i64::from(height))
            .bind(now)
            .execute(&mut *conn)
            .await
            .map(drop)
    })?;
    tx.changed_company(company_id, None).await
}

/// A stored logo with what decides who may see it.
#[derive(Clone, Debug)]
pub struct StoredLogo {
    pub png: Vec<u8>,
    /// Whether the company is published: only then is its logo public.
    pub published: bool,
    pub region: Region,
}

/// Company `company_id`'s logo as PNG bytes, with whether the company is published.
pub async fn get_logo(db: &Db, company_id: i64) -> Result<Option<StoredLogo>, sqlx::Error> {
    const SQL: &str = "
        SELECT l.png, c.published, r.code
        FROM company_logos l
        JOIN companies c ON c.id = l.company_id
        JOIN municipalities m ON m.id = c.municipality_id
        JOIN regions r ON r.id = m.region_id
        WHERE l.company_id = $1";
    let row: Option<(Vec<u8>, bool, String)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(company_id).fetch_optional(pool).await)?;
    row.map(|(png, published, region)| {
        Ok(StoredLogo {
            png,
            published,
            region: parse_region(&region)?,
        })
    })
    .transpose()
}

/// The address of company `company_id`'s logo if it has one: `/logos/{id}?v={time}`, so
/// a new logo gets a new address and browsers may keep each one.
pub async fn logo_href(db: &Db, company_id: i64) -> Result<Option<String>, sqlx::Error> {
    const SQL: &str = "SELECT updated_at FROM company_logos WHERE company_id = $1";
    let row: Option<(String,)> =
        with_reader!(db, pool => sqlx::query_as(SQL).bind(company_id).fetch_optional(pool).await)?;
    Ok(row.map(|(at,)| logo_address(company_id, &at)))
}

fn logo_address(company_id: i64, updated_at: &str) -> String {
    let version: String = updated_at.chars().filter(char::is_ascii_digit).collect();
    format!("/logos/{company_id}?v={version}")
}
