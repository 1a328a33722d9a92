-- Throttled attempts (logins, "forgot password", passwords set by link, students'
-- interests), counted in the database instead of in one server's memory: every instance
-- behind a proxy counts the same attempts, and a restart forgets none.
--
-- key: the SHA-256 of what is counted ("account jan@x.example", "address 192.0.2.1"), so a
--      copy of the database holds no address in the clear;
-- failures: attempts since the last success (or since an hour of quiet);
-- last_millis: when the last one came, in milliseconds since 1970 (UTC).
-- Rows an hour old no longer count and are deleted as new attempts come in.

CREATE TABLE attempts (
    key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_millis INTEGER NOT NULL,
    CONSTRAINT attempts_pkey PRIMARY KEY (key),
    CONSTRAINT attempts_failures_check CHECK (failures >= 0)
) STRICT;

CREATE INDEX attempts_last_millis_idx ON attempts (last_millis);
