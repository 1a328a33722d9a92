-- Typed changes for every process on the database. A commit that changes something
-- another process shows (a company, a placement, an event, a kiosk screen) appends one row
-- here in its own transaction: which process wrote it and what it changed, typed (see
-- `app::db::changes::encode`). Every other process reads the rows it has not seen and
-- publishes the same typed changes its own writes publish, so its catalog patches just
-- those companies and events and only the screens concerned wake. A row whose changes are
-- `*` says "anything may have changed" (`techkaart changed`, after editing the database by
-- hand). Rows are kept an hour.
--
-- This replaces the one counter row that every public write moved (and the triggers that
-- moved it): that row held a lock until commit in every public write, and told other
-- processes only that something changed, not what.

DROP TRIGGER companies_counted_insert;
DROP TRIGGER companies_counted_update;
DROP TRIGGER companies_counted_delete;
DROP TRIGGER company_fields_counted_insert;
DROP TRIGGER company_fields_counted_update;
DROP TRIGGER company_fields_counted_delete;
DROP TRIGGER company_logos_counted_insert;
DROP TRIGGER company_logos_counted_update;
DROP TRIGGER company_logos_counted_delete;
DROP TRIGGER placements_counted_insert;
DROP TRIGGER placements_counted_update;
DROP TRIGGER placements_counted_delete;
DROP TRIGGER events_counted_insert;
DROP TRIGGER events_counted_update;
DROP TRIGGER events_counted_delete;
DROP TABLE public_changes;

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    origin TEXT NOT NULL,
    changes TEXT NOT NULL,
    written_at TEXT NOT NULL,
    CONSTRAINT change_log_origin_check CHECK (length(origin) BETWEEN 1 AND 64),
    CONSTRAINT change_log_changes_check CHECK (length(changes) >= 1)
) STRICT;

CREATE INDEX change_log_written_at_idx ON change_log (written_at);
