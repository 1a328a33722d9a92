-- The audit log: who changed what and when, with the before and after of every field that
-- changed. Rows are only ever added. A coordinator reads all of them; a company user
-- only those about their own company.
--
-- `changes` is a JSON array of {"field", "before", "after"} objects, written by the app.
-- `user_id` is kept when an account is removed later (SET NULL keeps the entry, and the
-- e-mail address is copied into `actor` so the entry still says who it was).

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    actor TEXT NOT NULL,
    company_id INTEGER NOT NULL,
    subject TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    -- The subject's version after this change, so an edit refused for being based on an
    -- older version can show everything saved since.
    version INTEGER NOT NULL,
    changes TEXT NOT NULL,
    CONSTRAINT audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT audit_log_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
    CONSTRAINT audit_log_subject_check CHECK (subject IN ('company', 'placement', 'account')),
    CONSTRAINT audit_log_action_check CHECK (action IN (
        'create', 'edit', 'confirm', 'fill', 'close', 'reopen', 'duplicate', 'invite'))
) STRICT;

CREATE INDEX audit_log_subject_idx ON audit_log (subject, subject_id, version);
CREATE INDEX audit_log_company_id_idx ON audit_log (company_id, at, id);
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
