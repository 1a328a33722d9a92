-- A student can say "I'm interested" on an orientation day's page too, not only on a
-- placement's. The interest then names the event; the coordinator may later introduce
-- the student to a placement, and the event stays as where the interest came from.
-- Events are never deleted (a cancelled one stays), but if one ever is, the interest
-- stays and loses only the reference, like an interest whose placement was removed.

ALTER TABLE interests ADD COLUMN event_id INTEGER
    CONSTRAINT interests_event_id_fkey REFERENCES events (id) ON DELETE SET NULL;

CREATE INDEX interests_event_id_idx ON interests (event_id);
