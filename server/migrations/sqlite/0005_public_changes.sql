-- A count of every change to what the public pages show (companies, their fields of work
-- and logos, placements), moved by the database itself. A server learns of its own writes
-- through its in-process broadcast; this count is how it notices writes made by another
-- process (the command line, a second instance) by reading one row, without knowing what
-- they were. The triggers count per row: SQLite has no statement triggers.

CREATE TABLE public_changes (
    id INTEGER PRIMARY KEY,
    counted INTEGER NOT NULL,
    CONSTRAINT public_changes_one_row CHECK (id = 1)
) STRICT;

INSERT INTO public_changes (id, counted) VALUES (1, 0);

CREATE TRIGGER companies_counted_insert AFTER INSERT ON companies
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER companies_counted_update AFTER UPDATE ON companies
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER companies_counted_delete AFTER DELETE ON companies
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;

CREATE TRIGGER company_fields_counted_insert AFTER INSERT ON company_fields
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER company_fields_counted_update AFTER UPDATE ON company_fields
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER company_fields_counted_delete AFTER DELETE ON company_fields
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;

CREATE TRIGGER company_logos_counted_insert AFTER INSERT ON company_logos
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER company_logos_counted_update AFTER UPDATE ON company_logos
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER company_logos_counted_delete AFTER DELETE ON company_logos
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;

CREATE TRIGGER placements_counted_insert AFTER INSERT ON placements
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER placements_counted_update AFTER UPDATE ON placements
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
CREATE TRIGGER placements_counted_delete AFTER DELETE ON placements
BEGIN UPDATE public_changes SET counted = counted + 1 WHERE id = 1; END;
