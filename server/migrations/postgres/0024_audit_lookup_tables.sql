-- What an audit entry may be about and what a person may have done become tables: a new
-- kind of subject or action is one INSERT in a migration, not a CHECK written out again,
-- and a test compares them with `AuditSubject` and `AuditAction`. Screens join the audit
-- log: pairing, settings, revoking and removing a screen are recorded like other saves.
CREATE TABLE audit_subjects (
    code TEXT PRIMARY KEY
);
INSERT INTO audit_subjects (code) VALUES
    ('company'), ('placement'), ('account'), ('event'), ('interest'), ('screen');

CREATE TABLE audit_actions (
    code TEXT PRIMARY KEY
);
INSERT INTO audit_actions (code) VALUES
    ('create'), ('edit'), ('confirm'), ('fill'), ('close'), ('reopen'), ('duplicate'), ('invite'),
    ('cancel'), ('hide'), ('show'), ('move'), ('delete'), ('export'), ('pair'), ('revoke'), ('remove');

ALTER TABLE audit_log DROP CONSTRAINT audit_log_subject_check;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_subject_fkey FOREIGN KEY (subject) REFERENCES audit_subjects (code);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_fkey FOREIGN KEY (action) REFERENCES audit_actions (code);
