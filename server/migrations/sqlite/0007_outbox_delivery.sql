-- Delivery attempts per message, so that one address SMTP keeps refusing cannot hold up
-- the mail behind it: a refused message waits longer after each attempt, and after a
-- limit it is given up and shown as such in the coordinator's outbox. No error text is
-- kept: an SMTP answer can quote the message.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN given_up_at TEXT;

-- What a message is for: 'invite' and 'reset' carry a one-time link that opens an account,
-- so the outbox shows their text only where it must (an invitation that no mail server
-- will send), and a sent message loses its link.
ALTER TABLE outbox ADD COLUMN purpose TEXT;

-- Who was shown a live link in the outbox, and when first: a coordinator who reads an
-- invitation to forward it can be asked about it later. Kept when the message is pruned.
CREATE TABLE outbox_reads (
    mail_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    at TEXT NOT NULL,
    CONSTRAINT outbox_reads_pkey PRIMARY KEY (mail_id, user_id),
    CONSTRAINT outbox_reads_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) STRICT;
