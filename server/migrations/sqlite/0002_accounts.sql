-- Accounts: the people who log in (regional coordinators and company users), their
-- sessions, the one-time links that let them set a password, and the mail the app sends.
--
-- Why it looks like this:
-- * Secrets are never stored as given. Passwords are argon2id hashes; session tokens and
--   one-time links are stored as the SHA-256 of the random token, so a copy of the
--   database does not let anyone log in or use a link.
-- * E-mail addresses are stored lower-case and unique, so "Jan@X.nl" and "jan@x.nl" are
--   one account.
-- * A company user belongs to exactly one company; a coordinator to no company, and to
--   one region or (region_id NULL) to both.
-- * Mail is always written to the outbox first; sent_at is set when SMTP took it.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    company_id INTEGER,
    region_id INTEGER,
    password_hash TEXT,
    created_at TEXT NOT NULL,
    password_changed_at TEXT,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_check CHECK (email = lower(email) AND email LIKE '_%@_%._%' AND length(email) <= 254),
    CONSTRAINT users_role_check CHECK (role IN ('coordinator', 'company')),
    CONSTRAINT users_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT users_region_id_fkey FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT users_company_role_check CHECK ((role = 'company') = (company_id IS NOT NULL)),
    CONSTRAINT users_region_role_check CHECK (role = 'coordinator' OR region_id IS NULL)
) STRICT;

CREATE INDEX users_company_id_idx ON users (company_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) STRICT;

CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE one_time_links (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    CONSTRAINT one_time_links_purpose_check CHECK (purpose IN ('invite', 'reset')),
    CONSTRAINT one_time_links_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT one_time_links_expiry_check CHECK (expires_at > created_at)
) STRICT;

CREATE INDEX one_time_links_user_id_idx ON one_time_links (user_id, purpose);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    user_id INTEGER,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    CONSTRAINT outbox_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX outbox_created_at_idx ON outbox (created_at, id);
