-- Events: Tech Events, open days, company visits and the like, organised by a company or
-- by the region's coordinator (company_id NULL).
--
-- Why it looks like this:
-- * Start and end are instants in UTC text, like every other time here; pages and feeds
--   show them on Dutch clocks.
-- * The place is always stored in full (name, address, municipality, coordinates), also
--   when it is the organising company's own address (at_company): a feed or a screen
--   never has to look elsewhere, and a company that moves later does not move its past
--   events. The region is the municipality's.
-- * An event is never deleted. Cancelling keeps it with a reason, so feeds, screens and
--   whoever signed up learn of it; the coordinator can hide one from every public page.
-- * `version` counts every saved change; the calendar feed's SEQUENCE is this number.
-- * Audiences are codes joined by commas, like a placement's school days.

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    company_id INTEGER,
    kind TEXT NOT NULL,
    title_nl TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    description_nl TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    at_company INTEGER NOT NULL DEFAULT 0,
    venue_name TEXT NOT NULL,
    street_address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    town TEXT NOT NULL,
    municipality_id INTEGER NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    audiences TEXT NOT NULL,
    participation TEXT NOT NULL,
    sign_up_url TEXT,
    capacity INTEGER,
    status TEXT NOT NULL DEFAULT 'planned',
    cancel_reason TEXT,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT events_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
    CONSTRAINT events_municipality_id_fkey FOREIGN KEY (municipality_id) REFERENCES municipalities (id),
    CONSTRAINT events_kind_check CHECK (kind IN (
        'tech-event', 'open-day', 'company-visit', 'orientation-day', 'job-fair', 'workshop', 'guest-lesson')),
    CONSTRAINT events_title_nl_check CHECK (length(trim(title_nl)) > 0),
    CONSTRAINT events_times_check CHECK (
        starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
        AND ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
        AND ends_at > starts_at),
    CONSTRAINT events_at_company_check CHECK (at_company IN (0, 1) AND (at_company = 0 OR company_id IS NOT NULL)),
    CONSTRAINT events_venue_name_check CHECK (length(trim(venue_name)) > 0),
    CONSTRAINT events_postcode_check CHECK (postcode GLOB '[1-9][0-9][0-9][0-9] [A-Z][A-Z]'),
    CONSTRAINT events_location_in_netherlands
        CHECK (latitude BETWEEN 50.75 AND 53.7 AND longitude BETWEEN 3.2 AND 7.3),
    CONSTRAINT events_audiences_check CHECK (audiences <> '' AND audiences NOT GLOB '*[^a-z,-]*'),
    CONSTRAINT events_participation_check CHECK (participation IN ('just-come', 'external-link', 'class-sign-up')),
    CONSTRAINT events_sign_up_url_check CHECK ((participation = 'external-link') = (sign_up_url IS NOT NULL)),
    CONSTRAINT events_capacity_check CHECK (
        (capacity IS NULL OR capacity BETWEEN 1 AND 10000)
        AND (participation <> 'class-sign-up' OR capacity IS NOT NULL)),
    CONSTRAINT events_status_check CHECK (status IN ('planned', 'cancelled')),
    CONSTRAINT events_cancel_reason_check CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL)),
    CONSTRAINT events_hidden_check CHECK (hidden IN (0, 1)),
    CONSTRAINT events_version_check CHECK (version >= 1)
) STRICT;

CREATE INDEX events_ends_at_idx ON events (ends_at);
CREATE INDEX events_company_id_idx ON events (company_id, starts_at);

CREATE TRIGGER events_counted_insert AFTER INSERT ON events
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER events_counted_update AFTER UPDATE ON events
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER events_counted_delete AFTER DELETE ON events
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;

-- The audit log learns about events. An event of the region itself belongs to no company,
-- so an entry names a company or a region. SQLite cannot change a table's constraints,
-- so the table is built again with the same rows.
CREATE TABLE audit_log_with_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    actor TEXT NOT NULL,
    company_id INTEGER,
    region_id INTEGER,
    subject TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    version INTEGER NOT NULL,
    changes TEXT NOT NULL,
    CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT audit_log_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
    CONSTRAINT audit_log_region_id_fkey FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT audit_log_owner_check CHECK ((company_id IS NULL) <> (region_id IS NULL)),
    CONSTRAINT audit_log_subject_check CHECK (subject IN ('company', 'placement', 'account', 'event')),
    CONSTRAINT audit_log_action_check CHECK (action IN (
        'create', 'edit', 'confirm', 'fill', 'close', 'reopen', 'duplicate', 'invite',
        'cancel', 'hide', 'show'))
) STRICT;

INSERT INTO audit_log_with_events (id, at, user_id, actor, company_id, region_id, subject, subject_id, action, version, changes)
SELECT id, at, user_id, actor, company_id, NULL, subject, subject_id, action, version, changes FROM audit_log;

DROP TABLE audit_log;
ALTER TABLE audit_log_with_events RENAME TO audit_log;

CREATE INDEX audit_log_subject_idx ON audit_log (subject, subject_id, version);
CREATE INDEX audit_log_company_id_idx ON audit_log (company_id, at, id);
CREATE INDEX audit_log_region_id_idx ON audit_log (region_id, at, id);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
