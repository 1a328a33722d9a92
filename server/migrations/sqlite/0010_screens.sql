-- Kiosk screens: TVs in school halls and company lobbies that show upcoming events and
-- open placements all day, unattended.
--
-- * A screen pairs by a short code: `/scherm` on the TV makes a pairing (the visible code
--   and the hash of a long secret the TV keeps in a cookie); a coordinator or company user
--   who types the code within 15 minutes makes it a screen, which takes over the secret's
--   hash. The code is only a way to find the pairing; it never lets anyone in.
-- * Revoking a screen forgets its secret (secret_hash NULL), so the TV goes back to showing
--   a pairing code; pairing it again later keeps its name and settings.
-- * A screen of a company (company_id) is its lobby screen; one without shows its region.
-- * On-hours are days of the week (1 = Monday .. 7 = Sunday, as digits) and a local time
--   window on Dutch clocks; outside them the screen is dark and raises no alarm.
-- * The heartbeat columns say what the screen last reported; offline_alerted_at is set
--   when the one "offline" mail went out and cleared when it is back.

CREATE TABLE screens (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL,
    company_id INTEGER,
    name TEXT NOT NULL,
    orientation TEXT NOT NULL,
    shows TEXT NOT NULL,
    on_days TEXT NOT NULL,
    on_from TEXT NOT NULL,
    on_until TEXT NOT NULL,
    secret_hash TEXT,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    last_seen_at TEXT,
    last_slide TEXT,
    last_build TEXT,
    last_size TEXT,
    offline_alerted_at TEXT,
    CONSTRAINT screens_region_id_fkey FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT screens_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
    CONSTRAINT screens_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT screens_secret_hash_key UNIQUE (secret_hash),
    CONSTRAINT screens_name_check CHECK (length(trim(name)) BETWEEN 1 AND 80),
    CONSTRAINT screens_orientation_check CHECK (orientation IN ('landscape', 'portrait')),
    CONSTRAINT screens_shows_check CHECK (shows IN ('all', 'events', 'placements')),
    CONSTRAINT screens_on_days_check CHECK (length(on_days) BETWEEN 1 AND 7 AND on_days NOT GLOB '*[^1-7]*'),
    CONSTRAINT screens_on_hours_check CHECK (
        on_from GLOB '[0-2][0-9]:[0-5][0-9]' AND on_until GLOB '[0-2][0-9]:[0-5][0-9]' AND on_from < on_until),
    CONSTRAINT screens_version_check CHECK (version >= 1)
) STRICT;

CREATE INDEX screens_region_id_idx ON screens (region_id, company_id);

CREATE TABLE screen_pairings (
    code TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    network TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    CONSTRAINT screen_pairings_secret_hash_key UNIQUE (secret_hash),
    CONSTRAINT screen_pairings_code_check CHECK (length(code) = 6 AND code NOT GLOB '*[^ABCDEFGHJKLMNPQRSTUVWXYZ23456789]*')
) STRICT;

CREATE INDEX screen_pairings_network_idx ON screen_pairings (network, expires_at);
