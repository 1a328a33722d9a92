-- Several instances each run a mail sender over one outbox. Before a sender talks to SMTP
-- about a message it claims it until `claimed_until` (an instant, a few minutes ahead)
-- with one conditional update: only one sender's claim succeeds, the others skip the
-- message, so it goes out once. A sender that dies mid-message leaves a claim that runs
-- out, after which another sender tries it again. Sent or refused clears the claim.

ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
