-- A company that wants to meet a student proposes moments; it used to see the student's
-- e-mail address and phone number at once. Now the student chooses one of the moments on
-- their own page first (a parent's mail names it for a student under 16), and only then
-- does the company see how to reach them.
--
-- meeting_accepted: the moment the student chose, as the company wrote it;
-- meeting_accepted_at: when. Both empty until then, and again when new moments are proposed.
ALTER TABLE interests ADD COLUMN meeting_accepted TEXT;
ALTER TABLE interests ADD COLUMN meeting_accepted_at TEXT;

-- Interests already past the first meeting had their contact shown: they keep it, as
-- if the meeting was accepted when the company proposed it.
UPDATE interests SET meeting_accepted = COALESCE(meeting_times, ''), meeting_accepted_at = stage_changed_at
WHERE stage IN ('first-meeting', 'trial-day', 'agreement', 'started');
