-- Teachers get accounts of their own: a teacher registers interests on behalf of the
-- students of their school (the school then answers for them, so no parent's link is
-- needed) and sees what they registered. A teacher belongs to one school, named as the
-- interests name it, and to one region; no company.
--
-- SQLite changes a table's constraints only by rebuilding it (new table, copy, drop,
-- rename: https://sqlite.org/lang_altertable.html#otheralter). Sessions, one-time links,
-- mail, the change log, screens and interests refer to users, some ON DELETE CASCADE, so
-- dropping the old table with foreign keys on would delete or empty those rows. The
-- server therefore runs migrations on a connection with foreign keys off
-- (server/src/database.rs); this migration checks every reference itself before it
-- commits, so a broken one fails it and leaves the database as it was.

CREATE TABLE users_rebuilt (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    company_id INTEGER,
    region_id INTEGER,
    password_hash TEXT,
    created_at TEXT NOT NULL,
    password_changed_at TEXT,
    school TEXT,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_check CHECK (email = lower(email) AND email LIKE '_%@_%._%' AND length(email) <= 254),
    CONSTRAINT users_role_check CHECK (role IN ('coordinator', 'company', 'teacher')),
    CONSTRAINT users_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id),
    CONSTRAINT users_region_id_fkey FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT users_company_role_check CHECK ((role = 'company') = (company_id IS NOT NULL)),
    CONSTRAINT users_region_role_check CHECK (role IN ('coordinator', 'teacher') OR region_id IS NULL),
    CONSTRAINT users_teacher_region_check CHECK (role <> 'teacher' OR region_id IS NOT NULL),
    CONSTRAINT users_school_role_check CHECK ((role = 'teacher') = (school IS NOT NULL)),
    CONSTRAINT users_school_check CHECK (school = trim(school) AND length(school) BETWEEN 1 AND 120)
) STRICT;

INSERT INTO users_rebuilt (id, email, role, company_id, region_id, password_hash, created_at, password_changed_at)
SELECT id, email, role, company_id, region_id, password_hash, created_at, password_changed_at FROM users;

DROP TABLE users;

ALTER TABLE users_rebuilt RENAME TO users;

CREATE INDEX users_company_id_idx ON users (company_id);

-- A teacher's page lists what they registered.
CREATE INDEX interests_registered_by_idx ON interests (registered_by);

-- Every reference still holds, or this migration fails and nothing of it stays: the
-- count of broken references must be 0 to enter this table.
CREATE TEMP TABLE users_rebuilt_references (broken INTEGER NOT NULL CHECK (broken = 0));
INSERT INTO users_rebuilt_references SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE users_rebuilt_references;
