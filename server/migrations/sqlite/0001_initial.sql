-- Techkaart's first schema: regions, municipalities, companies and their placements.
--
-- Why it looks like this:
-- * The PostgreSQL migration creates the same tables; the app runs one set of queries
--   on both, so times are ISO-8601 UTC text ('2026-11-21T19:40:12Z') and dates
--   'YYYY-MM-DD' text, which sort correctly as text on both backends.
-- * STRICT tables make SQLite refuse values of the wrong type, as PostgreSQL does.
--   Booleans are INTEGER 0/1 with a CHECK, since STRICT has no BOOLEAN.
-- * Every rule the app relies on is a named constraint here too, so no code path can
--   store a placement of an unknown kind or a company outside the Netherlands.
-- * Regions and municipalities are reference data and are loaded here, with the real
--   coordinates of each municipality's main town.

CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    CONSTRAINT regions_code_key UNIQUE (code),
    CONSTRAINT regions_code_check CHECK (code IN ('kempen', 'ijmond'))
) STRICT;

CREATE TABLE municipalities (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    CONSTRAINT municipalities_code_key UNIQUE (code),
    CONSTRAINT municipalities_region_id_fkey FOREIGN KEY (region_id) REFERENCES regions (id),
    CONSTRAINT municipalities_location_in_netherlands
        CHECK (latitude BETWEEN 50.75 AND 53.7 AND longitude BETWEEN 3.2 AND 7.3)
) STRICT;

CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description_nl TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    street_address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    town TEXT NOT NULL,
    municipality_id INTEGER NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    website TEXT,
    contact_name TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    size_band TEXT NOT NULL,
    sbb_accredited INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Optimistic concurrency: every edit names the version it started from.
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT companies_slug_key UNIQUE (slug),
    CONSTRAINT companies_slug_check CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
    CONSTRAINT companies_name_check CHECK (length(trim(name)) > 0),
    CONSTRAINT companies_postcode_check CHECK (postcode GLOB '[1-9][0-9][0-9][0-9] [A-Z][A-Z]'),
    CONSTRAINT companies_municipality_id_fkey FOREIGN KEY (municipality_id) REFERENCES municipalities (id),
    CONSTRAINT companies_location_in_netherlands
        CHECK (latitude BETWEEN 50.75 AND 53.7 AND longitude BETWEEN 3.2 AND 7.3),
    CONSTRAINT companies_size_band_check CHECK (size_band IN ('1-9', '10-49', '50-249', '250+')),
    CONSTRAINT companies_sbb_accredited_check CHECK (sbb_accredited IN (0, 1)),
    CONSTRAINT companies_published_check CHECK (published IN (0, 1)),
    CONSTRAINT companies_version_check CHECK (version >= 1)
) STRICT;

CREATE INDEX companies_municipality_id_idx ON companies (municipality_id);
CREATE INDEX companies_name_idx ON companies (name, id);

CREATE TABLE company_fields (
    company_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    CONSTRAINT company_fields_pkey PRIMARY KEY (company_id, field),
    CONSTRAINT company_fields_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
    CONSTRAINT company_fields_field_check CHECK (field IN (
        'welding', 'machining', 'sheet_metal', 'steel_construction', 'mechatronics',
        'electrical', 'installation', 'maintenance', 'process_technology', 'automation'))
) STRICT;

CREATE TABLE placements (
    id INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    field TEXT NOT NULL,
    qualification TEXT,
    crebo TEXT,
    description_nl TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    hours_per_week INTEGER,
    days_per_week INTEGER,
    -- ISO weekday numbers (1 = Monday) joined by commas, for BBL only.
    school_days TEXT,
    start_date TEXT,
    duration_months INTEGER,
    places INTEGER NOT NULL DEFAULT 1,
    pay_min_eur INTEGER,
    pay_max_eur INTEGER,
    status TEXT NOT NULL DEFAULT 'open',
    last_confirmed_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT placements_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE,
    CONSTRAINT placements_title_check CHECK (length(trim(title)) > 0),
    CONSTRAINT placements_kind_check CHECK (kind IN ('bbl', 'bol_internship', 'orientation_day', 'job')),
    CONSTRAINT placements_level_check CHECK (level IN ('vmbo', 'mbo1', 'mbo2', 'mbo3', 'mbo4', 'hbo')),
    CONSTRAINT placements_field_check CHECK (field IN (
        'welding', 'machining', 'sheet_metal', 'steel_construction', 'mechatronics',
        'electrical', 'installation', 'maintenance', 'process_technology', 'automation')),
    CONSTRAINT placements_crebo_check CHECK (crebo GLOB '[0-9][0-9][0-9][0-9][0-9]'),
    CONSTRAINT placements_hours_per_week_check CHECK (hours_per_week BETWEEN 1 AND 60),
    CONSTRAINT placements_days_per_week_check CHECK (days_per_week BETWEEN 1 AND 6),
    CONSTRAINT placements_school_days_check CHECK (school_days GLOB '[1-5]*' AND school_days NOT GLOB '*[^1-5,]*'),
    CONSTRAINT placements_school_days_bbl_check CHECK (school_days IS NULL OR kind = 'bbl'),
    CONSTRAINT placements_start_date_check CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    CONSTRAINT placements_duration_months_check CHECK (duration_months BETWEEN 1 AND 60),
    CONSTRAINT placements_places_check CHECK (places BETWEEN 1 AND 100),
    CONSTRAINT placements_pay_check CHECK (
        (pay_min_eur IS NULL OR pay_min_eur >= 0)
        AND (pay_max_eur IS NULL OR pay_max_eur >= 0)
        AND (pay_min_eur IS NULL OR pay_max_eur IS NULL OR pay_min_eur <= pay_max_eur)),
    CONSTRAINT placements_status_check CHECK (status IN ('open', 'filled', 'closed')),
    CONSTRAINT placements_last_confirmed_on_check
        CHECK (last_confirmed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    CONSTRAINT placements_version_check CHECK (version >= 1)
) STRICT;

-- The home page asks "which companies have an open placement" for every company it lists.
CREATE INDEX placements_company_id_status_idx ON placements (company_id, status);
CREATE INDEX placements_status_idx ON placements (status);

INSERT INTO regions (id, code, name) VALUES (1, 'kempen', 'Kempen'), (2, 'ijmond', 'IJmond');

INSERT INTO municipalities (region_id, code, name, latitude, longitude) VALUES
    (1, 'bergeijk', 'Bergeijk', 51.3197, 5.3586),
    (1, 'bladel', 'Bladel', 51.3686, 5.2203),
    (1, 'eersel', 'Eersel', 51.3575, 5.3178),
    (1, 'oirschot', 'Oirschot', 51.5050, 5.3128),
    (1, 'reusel-de-mierden', 'Reusel-De Mierden', 51.3622, 5.1650),
    (2, 'velsen', 'Velsen', 52.4600, 4.6270),
    (2, 'beverwijk', 'Beverwijk', 52.4870, 4.6570),
    (2, 'heemskerk', 'Heemskerk', 52.5110, 4.6720);
