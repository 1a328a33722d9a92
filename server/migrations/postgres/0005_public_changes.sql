-- A count of every change to what the public pages show (companies, their fields of work
-- and logos, placements), moved by the database itself. A server learns of its own writes
-- through its in-process broadcast; this count is how it notices writes made by another
-- process (the command line, a second instance) by reading one row, without knowing what
-- they were. Statement triggers: a bulk load moves the count once per statement, not per
-- row. The same function is where a NOTIFY can tell listening instances at once.

CREATE TABLE public_changes (
    id BIGINT PRIMARY KEY,
    counted BIGINT NOT NULL,
    CONSTRAINT public_changes_one_row CHECK (id = 1)
);

INSERT INTO public_changes (id, counted) VALUES (1, 0);

CREATE FUNCTION count_public_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public_changes SET counted = counted + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER companies_counted AFTER INSERT OR UPDATE OR DELETE ON companies
    FOR EACH STATEMENT EXECUTE FUNCTION count_public_change();
CREATE TRIGGER company_fields_counted AFTER INSERT OR UPDATE OR DELETE ON company_fields
    FOR EACH STATEMENT EXECUTE FUNCTION count_public_change();
CREATE TRIGGER company_logos_counted AFTER INSERT OR UPDATE OR DELETE ON company_logos
    FOR EACH STATEMENT EXECUTE FUNCTION count_public_change();
CREATE TRIGGER placements_counted AFTER INSERT OR UPDATE OR DELETE ON placements
    FOR EACH STATEMENT EXECUTE FUNCTION count_public_change();
