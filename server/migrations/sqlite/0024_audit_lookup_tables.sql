-- What an audit entry may be about and what a person may have done become tables: a new
-- kind of subject or action is one INSERT in a migration, not a CHECK written out again,
-- and a test compares them with `AuditSubject` and `AuditAction`. Screens join the audit
-- log: pairing, settings, revoking and removing a screen are recorded like other saves.
-- SQLite cannot change a table's constraints, so the table is built again with the same rows.
CREATE TABLE audit_subjects (
    code TEXT PRIMARY KEY
) STRICT;
INSERT INTO audit_subjects (code) VALUES
    ('company'), ('placement'), ('account'), ('event'), ('interest'), ('screen');

CREATE TABLE audit_actions (
    code TEXT PRIMARY KEY
) STRICT;
INSERT INTO audit_actions (code) VALUES
    ('create'), ('edit'), ('confirm'), ('fill'), ('close'), ('reopen'), ('duplicate'), ('invite'),
    ('cancel'), ('hide'), ('show'), ('move'), ('delete'), ('export'), ('pair'), ('revoke'), ('remove');

CREATE TABLE audit_log_with_lookups (
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
    CONSTRAINT audit_log_subject_fkey FOREIGN KEY (subject) REFERENCES audit_subjects (code),
    CONSTRAINT audit_log_action_fkey FOREIGN KEY (action) REFERENCES audit_actions (code)
) STRICT;

INSERT INTO audit_log_with_lookups (id, at, user_id, actor, company_id, region_id, subject, subject_id, action, version, changes)
SELECT id, at, user_id, actor, company_id, region_id, subject, subject_id, action, version, changes FROM audit_log;

DROP TABLE audit_log;
ALTER TABLE audit_log_with_lookups RENAME TO audit_log;

CREATE INDEX audit_log_subject_idx ON audit_log (subject, subject_id, version);
CREATE INDEX audit_log_company_id_idx ON audit_log (company_id, at, id);
CREATE INDEX audit_log_region_id_idx ON audit_log (region_id, at, id);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
