-- Random keys the server signs with, made once per database: every instance behind a proxy
-- signs alike, and a restart does not turn what was signed before into forgeries. The
-- first one signs the errors a refused form sends back through the browser's address.

CREATE TABLE site_keys (
    name TEXT NOT NULL,
    key_hex TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT site_keys_pkey PRIMARY KEY (name)
);
