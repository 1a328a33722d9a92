-- A form that was refused after a plain post (no JavaScript) goes back to its page with
-- the error and what was typed. That used to travel in the address (`?__err=...`), where
-- a minor's e-mail, phone and motivation stayed in the browser's history on a school's
-- shared computer and in any proxy's log. Now the server keeps it here for ten minutes and
-- the address carries only a random id (`?__formulier=...`).
--
-- key: the SHA-256 of the id in the address;
-- browser: the SHA-256 of the browser's own draft cookie: only the browser that posted the
--          form gets its draft back, so a link cannot show one to anyone else;
-- page: the path the form was on; the draft is shown on that page only;
-- server_fn: the server function that refused the form;
-- error: the refusal as the app encodes it for a page;
-- created_millis: when, in milliseconds since 1970 (UTC). Rows older than ten minutes are
--                 never shown and are deleted as new drafts come in and by the hourly purge.

CREATE TABLE form_drafts (
    key TEXT NOT NULL,
    browser TEXT NOT NULL,
    page TEXT NOT NULL,
    server_fn TEXT NOT NULL,
    error TEXT NOT NULL,
    created_millis BIGINT NOT NULL,
    CONSTRAINT form_drafts_pkey PRIMARY KEY (key)
);

CREATE INDEX form_drafts_created_millis_idx ON form_drafts (created_millis);
