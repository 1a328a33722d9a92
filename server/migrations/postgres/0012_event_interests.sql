-- A student can say "I'm interested" on an orientation day's page too. The SQLite
-- migration says why it looks like this.

ALTER TABLE interests ADD COLUMN event_id BIGINT
    CONSTRAINT interests_event_id_fkey REFERENCES events (id) ON DELETE SET NULL;

CREATE INDEX interests_event_id_idx ON interests (event_id);
