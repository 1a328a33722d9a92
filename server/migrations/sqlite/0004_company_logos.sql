-- Company logos, as the server encoded them: PNG only, at most 400 pixels on a side,
-- decoded from the upload and encoded again, so nothing else the file held (metadata,
-- scripts, other formats) is kept. One logo per company.

CREATE TABLE company_logos (
    company_id INTEGER PRIMARY KEY,
    png BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT company_logos_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
    CONSTRAINT company_logos_size_check CHECK (width BETWEEN 1 AND 400 AND height BETWEEN 1 AND 400)
) STRICT;
