//! The cookie in which a paired TV keeps its secret; the TV is known by nothing else.

use crate::auth::SiteSettings;

/// How long the TV's cookie lives without a visit: as long as browsers let one live.
const COOKIE_SECONDS: i64 = 400 * 24 * 3600;

/// The cookie in which a TV keeps its secret.
#[derive(Clone, Copy, Debug)]
pub struct ScreenCookie {
    secure: bool,
}

impl ScreenCookie {
    pub fn of(site: &SiteSettings) -> ScreenCookie {
        ScreenCookie::secure(site.is_https())
    }

    /// The cookie as a site served over https (`secure`) or plain http names it.
    pub fn secure(secure: bool) -> ScreenCookie {
        ScreenCookie { secure }
    }

    pub fn name(self) -> &'static str {
        if self.secure { "__Host-scherm" } else { "scherm" }
    }

    /// The `Set-Cookie` value that keeps `secret` (renewed on every visit).
    pub fn set(self, secret: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={COOKIE_SECONDS}{secure}",
            self.name()
        )
    }

    /// The secret a request's cookies carry, if any.
    pub fn secret_in(self, cookie_header: Option<&str>) -> Option<String> {
        crate::auth::token_cookie(cookie_header, self.name())
    }
}
