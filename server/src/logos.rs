//! Company logos: `POST /beheer/logo` takes an upload from the logged-in company user,
//! `GET /logos/{id}` serves it.
//!
//! Only PNG, JPEG and WebP are taken, recognised by their content, not their name: a text
//! file named `.png` is refused. The image is decoded with limits on its size and memory,
//! scaled to at most 400 pixels on a side and encoded again as PNG, so no metadata
//! (location, camera, comments) and nothing hidden in the file survives. The upload has
//! its own body limit (`UPLOAD_LIMIT`), apart from the other requests' small one.

use std::io::Cursor;

use app::db::Db;
use app::domain::Actor;
use app::error::AppError;
use axum::extract::{FromRef, Multipart, Path, State};
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use image::{ImageFormat, ImageReader, Limits};

/// The largest upload taken, in bytes.
pub const UPLOAD_LIMIT: usize = 2 * 1024 * 1024;
/// The largest image taken, in pixels on a side.
pub const MAX_SIDE: u32 = 4000;
/// The stored logo's largest side, in pixels.
pub const LOGO_SIDE: u32 = 400;
/// The most memory one decoding may take.
pub const DECODE_MEMORY: u64 = 128 * 1024 * 1024;
/// How many uploads are decoded at the same time at most: with `DECODE_MEMORY` each, this
/// bounds what logos can take of the server's memory.
pub const DECODES_AT_ONCE: usize = 2;
/// How long an upload waits for a turn to be decoded before it is answered "busy".
pub const DECODE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(DECODES_AT_ONCE);

/// What the upload handler needs.
#[derive(Clone)]
pub struct LogoState {
    pub db: Db,
    pub sessions: app::auth::SessionSettings,
}

impl FromRef<LogoState> for Db {
    fn from_ref(state: &LogoState) -> Db {
        state.db.clone()
    }
}

impl FromRef<LogoState> for app::auth::SessionSettings {
    fn from_ref(state: &LogoState) -> app::auth::SessionSettings {
        state.sessions
    }
}

/// Why an upload was refused; the code travels to the profile page, which says it in
/// the person's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NoFile,
    NotAnImage,
    TooLarge,
    TooManyPixels,
    /// Other uploads are being decoded and none finished in time.
    Busy,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoFile => "geen-bestand",
            Refusal::NotAnImage => "geen-afbeelding",
            Refusal::TooLarge => "te-groot",
            Refusal::TooManyPixels => "te-veel-pixels",
            Refusal::Busy => "bezet",
        }
    }

    fn status(self) -> StatusCode {
        match self {
            Refusal::NoFile => StatusCode::BAD_REQUEST,
            Refusal::NotAnImage => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::TooManyPixels => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// A logo ready to store: PNG bytes and the size.
#[derive(Debug)]
pub struct Logo {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Decodes an uploaded PNG, JPEG or WebP file and encodes it again as a PNG of at most
/// `LOGO_SIDE` pixels on a side. CPU work: run it off the async threads.
pub fn reencode(bytes: &[u8]) -> Result<Logo, Refusal> {
    if bytes.len() > UPLOAD_LIMIT {
        return Err(Refusal::TooLarge);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Refusal::NotAnImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)
    ) {
        return Err(Refusal::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(DECODE_MEMORY);
    reader.limits(limits);
    let image = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => Refusal::TooManyPixels,
        _ => Refusal::NotAnImage,
    })?;
    let image = if image.width() > LOGO_SIDE || image.height() > LOGO_SIDE {
        image.thumbnail(LOGO_SIDE, LOGO_SIDE)
    } else {
        image
    };
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|_| Refusal::NotAnImage)?;
    Ok(Logo {
        png,
        width: image.width(),
        height: image.height(),
    })
}

/// `POST /beheer/logo` (multipart, field `logo`): stores the logged-in company user's
/// logo. A browser is sent back to the profile page, which says what happened; a script
/// gets a status (401, 403, 400, 413, 415, 422, or 303 on success).
pub async fn upload_logo(
    State(state): State<LogoState>,
    actor: Result<Actor, AppError>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let browser = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let company = match actor.and_then(|actor| Ok(actor.company()?.clone())) {
        Ok(company) => company,
        Err(AppError::NotLoggedIn) if browser => return redirect("/inloggen"),
        Err(refusal) => return refusal.into_response(),
    };
    let refused = |refusal: Refusal| {
        if browser {
            redirect(&format!("/beheer/profiel?logo_fout={}#logo", refusal.code()))
        } else {
            (refusal.status(), refusal.code()).into_response()
        }
    };
    let mut file = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("logo") => match field.bytes().await {
                Ok(bytes) => file = Some(bytes),
                Err(_) => return refused(Refusal::TooLarge),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return refused(Refusal::TooLarge),
            Err(_) => return refused(Refusal::NoFile),
        }
    }
    let Some(file) = file.filter(|f| !f.is_empty()) else {
        return refused(Refusal::NoFile);
    };
    let Ok(Ok(_turn)) = tokio::time::timeout(DECODE_WAIT, DECODING.acquire()).await else {
        tracing::warn!("logo uploads waited too long for a turn to be decoded: answered busy");
        return match refused(Refusal::Busy) {
            response if browser => response,
            mut response => {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, HeaderValue::from_static("10"));
                response
            }
        };
    };
    let logo = match tokio::task::spawn_blocking(move || reencode(&file)).await {
        Ok(Ok(logo)) => logo,
        Ok(Err(refusal)) => return refused(refusal),
        Err(error) => {
            tracing::error!(%error, "logo decoding stopped");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match store(&state.db, &company, &logo).await {
        Ok(_) => redirect("/beheer/profiel?logo=1#logo"),
        Err(refusal) => refusal.into_response(),
    }
}

/// Stores the logo and its audit entry. A logo is no versioned edit: it replaces what
/// was there whatever else changed, so it is recorded under the company's current version.
async fn store(db: &Db, company: &app::domain::actor::CompanyMember, logo: &Logo) -> Result<i64, AppError> {
    use app::api::edit::{Edit, finish};
    use app::domain::{AuditAction, AuditSubject, Change};

    let now = app::db::now_timestamp();
    let mut tx = db.begin().await?;
    let (_, version) = app::db::companies::lock_own_company(&mut tx, company.company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    app::db::companies::set_logo(&mut tx, company.company_id, &logo.png, logo.width, logo.height, &now).await?;
    let changes = [Change::new("logo", "", format!("{}×{}", logo.width, logo.height))];
    let editor = Actor::Company(company.clone());
    let edit = Edit {
        editor: (&editor).into(),
        owner: app::domain::AuditOwner::Company(company.company_id),
        subject: AuditSubject::Company,
        id: company.company_id,
        action: AuditAction::Edit,
        based_on: version,
        changes: &changes,
    };
    finish(
        db,
        tx,
        app::db::Saved::Done(version),
        edit,
        |_| app::error::Draft::Nothing,
        &now,
    )
    .await
}

/// `GET /logos/{id}`: the stored PNG. A published company's logo is public and kept by
/// browsers for a year (a new logo has a new address); an unpublished company's is shown
/// only to its own users and its region's coordinators, and kept by nobody.
pub async fn get_logo(State(state): State<LogoState>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    match app::db::companies::get_logo(&state.db, id).await {
        Ok(Some(logo)) => {
            let cache = if logo.published {
                "public, max-age=31536000, immutable"
            } else {
                let cookies = headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok());
                match may_see_unpublished(&state, cookies, id, logo.region).await {
                    Ok(true) => "private, no-store",
                    Ok(false) => return StatusCode::NOT_FOUND.into_response(),
                    Err(refusal) => return refusal.into_response(),
                }
            };
            (
                [
                    (CONTENT_TYPE, HeaderValue::from_static("image/png")),
                    (CACHE_CONTROL, HeaderValue::from_static(cache)),
                ],
                logo.png,
            )
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read a logo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Whether the session in `cookies` may see unpublished company `company_id` of `region`
/// (`app::domain::policy::may_see_unpublished_company`).
async fn may_see_unpublished(
    state: &LogoState,
    cookies: Option<&str>,
    company_id: i64,
    region: app::domain::Region,
) -> Result<bool, AppError> {
    let actor = app::api::request::resolve_actor(&state.db, state.sessions, cookies).await?;
    let company = app::domain::policy::Owned {
        company_id: Some(company_id),
        region,
    };
    Ok(app::domain::policy::may_see_unpublished_company(&actor, company))
}

fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 80, 20]));
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .expect("encode");
        bytes
    }

    #[test]
    fn a_large_png_is_scaled_down_and_a_small_one_kept() {
        let logo = reencode(&png_of(1200, 600)).expect("a logo");
        assert_eq!((logo.width, logo.height), (400, 200));
        assert!(logo.png.starts_with(b"\x89PNG"));
        let logo = reencode(&png_of(64, 64)).expect("a logo");
        assert_eq!((logo.width, logo.height), (64, 64));
    }

    #[test]
    fn text_named_png_and_other_formats_are_refused() {
        assert_eq!(reencode(b"<svg onload=alert(1)>").err(), Some(Refusal::NotAnImage));
        assert_eq!(reencode(b"GIF89a\x01\x00\x01\x00").err(), Some(Refusal::NotAnImage));
        let mut broken = png_of(10, 10);
        broken.truncate(40);
        assert_eq!(reencode(&broken).err(), Some(Refusal::NotAnImage));
    }

    #[test]
    fn an_image_of_too_many_pixels_is_refused_before_decoding() {
        // A small file that claims 5000 × 5000 pixels (a "decompression bomb").
        let bomb = png_of(5000, 5000);
        assert!(bomb.len() < UPLOAD_LIMIT, "{}", bomb.len());
        assert_eq!(reencode(&bomb).err(), Some(Refusal::TooManyPixels));
    }
}
