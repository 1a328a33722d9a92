-- Instances on one PostgreSQL database hear of each other's public changes at once: the
-- trigger function that moves the count of public changes also notifies the channel
-- `public_changes` with the new count (a number only). The count in the table stays the
-- truth: an instance whose listening connection dropped, or that missed a notification,
-- reads it and so catches up. PostgreSQL delivers a notification when the transaction
-- commits, never for one rolled back. (SQLite has no NOTIFY: one process writes it.)

CREATE OR REPLACE FUNCTION count_public_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    now_counted BIGINT;
BEGIN
    UPDATE public_changes SET counted = counted + 1 WHERE id = 1 RETURNING counted INTO now_counted;
    PERFORM pg_notify('public_changes', now_counted::text);
    RETURN NULL;
END;
$$;
