-- Class sign-ups for events: a teacher signs up a class with their name, school, e-mail
-- address and a head count. No pupil is named: many visitors are under 16.
--
-- * The confirmed head counts of an event never add up to more than its capacity: every
--   sign-up is decided in a transaction that first locks the event's row, so two at the
--   same moment are decided one after the other. What does not fit waits, in order.
-- * The teacher changes or cancels through a link in their mail; only the SHA-256 of the
--   link's token is stored, like every other link.
-- * Cancelled sign-ups stay (their place went to the next on the waiting list) until the
--   event's sign-ups are removed with it.

CREATE TABLE event_sign_ups (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL,
    teacher_name TEXT NOT NULL,
    school TEXT NOT NULL,
    email TEXT NOT NULL,
    head_count INTEGER NOT NULL,
    status TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT event_sign_ups_event_id_fkey FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE,
    CONSTRAINT event_sign_ups_token_hash_key UNIQUE (token_hash),
    CONSTRAINT event_sign_ups_teacher_name_check CHECK (length(trim(teacher_name)) > 0),
    CONSTRAINT event_sign_ups_school_check CHECK (length(trim(school)) > 0),
    CONSTRAINT event_sign_ups_email_check CHECK (email = lower(email) AND email LIKE '_%@_%._%'),
    CONSTRAINT event_sign_ups_head_count_check CHECK (head_count BETWEEN 1 AND 200),
    CONSTRAINT event_sign_ups_status_check CHECK (status IN ('confirmed', 'waiting', 'cancelled'))
) STRICT;

CREATE INDEX event_sign_ups_event_id_idx ON event_sign_ups (event_id, status, created_at, id);
