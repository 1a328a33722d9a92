-- A class sign-up holds places only once its teacher confirmed the address by the link in
-- the mail: anyone could otherwise take every place of an event with one anonymous post,
-- or have the site mail an address of their choosing again and again. An unconfirmed
-- sign-up holds nothing, is shown to nobody and is deleted after 48 hours.
--
-- confirmed_at: when the teacher confirmed; empty until then.
ALTER TABLE event_sign_ups ADD COLUMN confirmed_at TEXT;

-- Sign-ups made before this release hold their places as they did.
UPDATE event_sign_ups SET confirmed_at = created_at;
