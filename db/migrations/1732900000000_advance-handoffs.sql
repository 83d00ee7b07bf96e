-- Up Migration

-- Set once the request's workflow was started; a pending request without it (the bot crashed in
-- between) is handed over by the bot's sweep, so it cannot hang and hold the limit forever.
ALTER TABLE advances ADD COLUMN handed_at timestamptz;

-- Down Migration
ALTER TABLE advances DROP COLUMN handed_at;
