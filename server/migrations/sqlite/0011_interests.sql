-- Interests: a student says "I want this placement", and the coordinator matches.
--
-- Many students are minors, so the table holds the least that matching needs: a first
-- name, an age band (never a date of birth), school and programme, one e-mail address
-- (for the personal link) and, if they prefer to be called, a phone number, when they
-- could start, a short motivation and at most the four digits of a postcode. No address,
-- photo, BSN or birth date has a column anywhere.
--
-- * An interest counts once its student confirmed the e-mail address, and, under 16, once
--   a parent or guardian confirmed with their own link (or when a teacher or the
--   coordinator registered it: `registered_by`). What does not count within 72 hours is
--   deleted, like everything else here: rows are deleted, never marked.
-- * Only the SHA-256 of the two links' tokens is stored.
-- * `region_id` is the placement's region at the time of the interest: the coordinator of
--   that region sees it. A removed placement leaves the interest (`placement_id` NULL),
--   so the student still gets an answer.

CREATE TABLE interests (
    id INTEGER PRIMARY KEY,
    placement_id INTEGER,
    region_id INTEGER NOT NULL,
    first_name TEXT NOT NULL,
    age_band TEXT NOT NULL,
    school TEXT NOT NULL,
    programme TEXT NOT NULL,
    crebo TEXT,
    email TEXT NOT NULL,
    phone TEXT,
    postcode TEXT,
    start_month TEXT,
    motivation TEXT NOT NULL DEFAULT '',
    guardian_email TEXT,
    token_hash TEXT NOT NULL,
    guardian_token_hash TEXT,
    email_confirmed_at TEXT,
    guardian_confirmed_at TEXT,
    registered_by INTEGER,
    stage TEXT NOT NULL DEFAULT 'interest',
    -- Why a closed interest was closed, and who declined (codes, never free text).
    close_reason TEXT,
    declined_by TEXT,
    -- The moments the company proposed for a first meeting, in its own words.
    meeting_times TEXT,
    keep_until TEXT,
    -- When the student was asked whether to keep it longer, shortly before `keep_until`.
    keep_asked_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    stage_changed_at TEXT NOT NULL,
    CONSTRAINT interests_placement_id_fkey FOREIGN KEY (placement_id) REFERENCES placements (id) ON DELETE SET NULL,
    CONSTRAINT interests_region_id_fkey FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT interests_registered_by_fkey FOREIGN KEY (registered_by) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT interests_token_hash_key UNIQUE (token_hash),
    CONSTRAINT interests_guardian_token_hash_key UNIQUE (guardian_token_hash),
    CONSTRAINT interests_first_name_check CHECK (length(trim(first_name)) BETWEEN 1 AND 40),
    CONSTRAINT interests_age_band_check CHECK (age_band IN ('under-16', '16-17', '18-plus')),
    CONSTRAINT interests_school_check CHECK (length(trim(school)) BETWEEN 1 AND 120),
    CONSTRAINT interests_programme_check CHECK (programme IN (
        'vmbo-1', 'vmbo-2', 'vmbo-3', 'vmbo-4', 'mbo-1', 'mbo-2', 'mbo-3', 'mbo-4', 'hbo', 'other')),
    CONSTRAINT interests_crebo_check CHECK (crebo GLOB '[0-9][0-9][0-9][0-9][0-9]'),
    CONSTRAINT interests_email_check CHECK (email = lower(email) AND email LIKE '_%@_%._%'),
    CONSTRAINT interests_phone_check CHECK (phone GLOB '+[0-9]*' AND length(phone) BETWEEN 11 AND 16),
    CONSTRAINT interests_postcode_check CHECK (postcode GLOB '[1-9][0-9][0-9][0-9]'),
    CONSTRAINT interests_start_month_check CHECK (start_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    CONSTRAINT interests_motivation_check CHECK (length(motivation) <= 500),
    CONSTRAINT interests_guardian_check CHECK (
        (guardian_email IS NULL) = (guardian_token_hash IS NULL)
        AND (guardian_email IS NULL OR (guardian_email = lower(guardian_email) AND guardian_email <> email))),
    CONSTRAINT interests_stage_check CHECK (stage IN (
        'interest', 'in-review', 'introduced', 'first-meeting', 'trial-day', 'agreement', 'started',
        'closed', 'withdrawn')),
    CONSTRAINT interests_close_reason_check CHECK (close_reason IN (
        'placement-filled', 'no-match', 'not-reachable', 'chose-other', 'not-now', 'other')),
    CONSTRAINT interests_declined_by_check CHECK (declined_by IN ('student', 'company', 'school', 'nobody')),
    CONSTRAINT interests_closed_check CHECK ((stage = 'closed') = (close_reason IS NOT NULL AND declined_by IS NOT NULL)),
    CONSTRAINT interests_meeting_times_check CHECK (length(meeting_times) BETWEEN 1 AND 200),
    CONSTRAINT interests_version_check CHECK (version >= 1)
) STRICT;

-- "My interests": every interest of one address.
CREATE INDEX interests_email_idx ON interests (email);
-- The coordinator's board and the daily purge.
CREATE INDEX interests_region_stage_idx ON interests (region_id, stage, stage_changed_at);
CREATE INDEX interests_placement_id_idx ON interests (placement_id);

-- The audit log learns about interests: an entry about one belongs to its region, and says
-- that a field changed (the stage, a code), never a student's personal data. A student who
-- deletes everything leaves only "deleted by the student". SQLite cannot change a table's
-- constraints, so the table is built again with the same rows.
CREATE TABLE audit_log_with_interests (
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
    CONSTRAINT audit_log_subject_check CHECK (subject IN ('company', 'placement', 'account', 'event', 'interest')),
    CONSTRAINT audit_log_action_check CHECK (action IN (
        'create', 'edit', 'confirm', 'fill', 'close', 'reopen', 'duplicate', 'invite',
        'cancel', 'hide', 'show', 'move', 'delete', 'export'))
) STRICT;

INSERT INTO audit_log_with_interests (id, at, user_id, actor, company_id, region_id, subject, subject_id, action, version, changes)
SELECT id, at, user_id, actor, company_id, region_id, subject, subject_id, action, version, changes FROM audit_log;

DROP TABLE audit_log;
ALTER TABLE audit_log_with_interests RENAME TO audit_log;

CREATE INDEX audit_log_subject_idx ON audit_log (subject, subject_id, version);
CREATE INDEX audit_log_company_id_idx ON audit_log (company_id, at, id);
CREATE INDEX audit_log_region_id_idx ON audit_log (region_id, at, id);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
