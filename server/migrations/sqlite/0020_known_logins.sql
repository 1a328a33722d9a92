-- Browsers and networks that logged in to an account before. Six wrong passwords from
-- anywhere used to make every login to that account wait, so anyone who knew a
-- coordinator's address could keep them out for good. A login from a browser or network
-- found here is counted on its own record instead, so failures from elsewhere do not
-- hold it up.
--
-- key: the SHA-256 of the account's address with the browser's own cookie (`bekend`) or
--      with the network, so the table names neither;
-- last_millis: the last login by it, in milliseconds since 1970 (UTC). Rows 180 days old
--              are deleted by the hourly purge.

CREATE TABLE known_logins (
    key TEXT NOT NULL,
    last_millis INTEGER NOT NULL,
    CONSTRAINT known_logins_pkey PRIMARY KEY (key)
) STRICT;

CREATE INDEX known_logins_last_millis_idx ON known_logins (last_millis);
