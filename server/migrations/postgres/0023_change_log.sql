-- Typed changes for every instance on the database. A commit that changes something
-- another instance shows (a company, a placement, an event, a kiosk screen) appends one
-- row here in its own transaction, which instance wrote it and what it changed, typed
-- (see `app::db::changes::encode`), and notifies the channel `change_log` with the row's
-- id (delivered when it commits, never for one rolled back). Every other instance reads
-- the rows it has not seen and publishes the same typed changes its own writes publish,
-- so its catalog patches just those companies and events and only the screens concerned
-- wake. A row whose changes are `*` says "anything may have changed" (`techkaart changed`,
-- after editing the database by hand). Rows are kept an hour.
--
-- This replaces the one counter row that every public write moved (and the triggers that
-- moved it): that row held a lock until commit in every public write, across instances,
-- and told other instances only that something changed, not what.

DROP TRIGGER companies_counted ON companies;
DROP TRIGGER company_fields_counted ON company_fields;
DROP TRIGGER company_logos_counted ON company_logos;
DROP TRIGGER placements_counted ON placements;
DROP TRIGGER events_counted ON events;
DROP FUNCTION count_public_change();
DROP TABLE public_changes;

CREATE TABLE change_log (
    id BIGSERIAL PRIMARY KEY,
    origin TEXT NOT NULL,
    changes TEXT NOT NULL,
    written_at TEXT NOT NULL,
    CONSTRAINT change_log_origin_check CHECK (length(origin) BETWEEN 1 AND 64),
    CONSTRAINT change_log_changes_check CHECK (length(changes) >= 1)
);

CREATE INDEX change_log_written_at_idx ON change_log (written_at);
