-- Periodic jobs (the retention purge with its "keep me longer?" mails, the silent-screen
-- alerts, the outbox's pruning) run in every instance's process, but once per period
-- across all of them: an instance claims the period by moving `period` (the period's
-- number since 1970) forward with one conditional upsert, and only the instance whose
-- claim moved it runs the job.

CREATE TABLE job_runs (
    job TEXT NOT NULL,
    period BIGINT NOT NULL,
    CONSTRAINT job_runs_pkey PRIMARY KEY (job)
);
