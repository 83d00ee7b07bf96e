-- Up Migration

-- Whether the member was answered for a group clock-in. An update redelivered after the first
-- handling recorded the clock-in but never answered it (the bot died in between, or the database
-- dropped the connection that committed it) is answered then; one already answered is not.
ALTER TABLE punch_handoffs ADD COLUMN answered_at timestamptz NULL;
-- Clock-ins from before are taken as answered: nothing is said twice about them.
UPDATE punch_handoffs SET answered_at = recorded_at;

-- Down Migration
ALTER TABLE punch_handoffs DROP COLUMN answered_at;
