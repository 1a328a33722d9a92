-- Teachers get accounts of their own: a teacher registers interests on behalf of the
-- students of their school (the school then answers for them, so no parent's link is
-- needed) and sees what they registered. A teacher belongs to one school, named as the
-- interests name it, and to one region; no company. (SQLite rebuilds the table for the
-- same constraints; PostgreSQL changes them in place.)

ALTER TABLE users ADD COLUMN school TEXT;

ALTER TABLE users
    DROP CONSTRAINT users_role_check,
    ADD CONSTRAINT users_role_check CHECK (role IN ('coordinator', 'company', 'teacher')),
    DROP CONSTRAINT users_region_role_check,
    ADD CONSTRAINT users_region_role_check CHECK (role IN ('coordinator', 'teacher') OR region_id IS NULL),
    ADD CONSTRAINT users_teacher_region_check CHECK (role <> 'teacher' OR region_id IS NOT NULL),
    ADD CONSTRAINT users_school_role_check CHECK ((role = 'teacher') = (school IS NOT NULL)),
    ADD CONSTRAINT users_school_check CHECK (school = trim(school) AND length(school) BETWEEN 1 AND 120);

-- A teacher's page lists what they registered.
CREATE INDEX interests_registered_by_idx ON interests (registered_by);
