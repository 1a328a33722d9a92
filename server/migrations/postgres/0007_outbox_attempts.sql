-- Delivery attempts per message, so that one address SMTP keeps refusing cannot hold up
-- the mail behind it: a refused message waits longer after each attempt, and after a
-- limit it is given up and shown as such in the coordinator's outbox. No error text is
-- kept: an SMTP answer can quote the message.

ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN given_up_at TEXT;
