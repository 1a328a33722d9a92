-- A mail to a student or their parent about an interest names that interest, and goes
-- with it: when the student deletes everything, or the retention rules delete the
-- interest, the consent mail to the parent and every other mail about it leave the outbox
-- in the same statement (the outbox used to keep them up to 30 days).
ALTER TABLE outbox ADD COLUMN interest_id BIGINT;
ALTER TABLE outbox ADD CONSTRAINT outbox_interest_id_fkey
    FOREIGN KEY (interest_id) REFERENCES interests (id) ON DELETE CASCADE;

CREATE INDEX outbox_interest_id_idx ON outbox (interest_id);

-- Mail written before this release: a mail to an address that is a student's belongs to
-- that student's (first) interest. A parent's address may be a parent of two students, so
-- their older mails are left to the outbox's 30 days.
UPDATE outbox SET interest_id = (SELECT MIN(i.id) FROM interests i WHERE i.email = outbox.recipient)
WHERE interest_id IS NULL AND user_id IS NULL;
