-- Up Migration

-- What an employee's request was submitted by: the Telegram message ("telegram:<chat>:<message>")
-- or the panel form's submission key ("panel:<key>"). The same submission handled again (Telegram
-- redelivering the message, the bot retrying after a commit whose acknowledgement was lost, the
-- form's request repeated by the network) finds the request it already filed instead of filing a
-- second one. Requests from before have none.
ALTER TABLE advances ADD COLUMN submission_key text;
ALTER TABLE leave_requests ADD COLUMN submission_key text;
ALTER TABLE corrections ADD COLUMN submission_key text;
CREATE UNIQUE INDEX advances_submitted_once ON advances (member_id, submission_key) WHERE submission_key IS NOT NULL;
CREATE UNIQUE INDEX leave_requests_submitted_once ON leave_requests (member_id, submission_key) WHERE submission_key IS NOT NULL;
CREATE UNIQUE INDEX corrections_submitted_once ON corrections (member_id, submission_key) WHERE submission_key IS NOT NULL;

-- Down Migration
DROP INDEX corrections_submitted_once;
DROP INDEX leave_requests_submitted_once;
DROP INDEX advances_submitted_once;
ALTER TABLE corrections DROP COLUMN submission_key;
ALTER TABLE leave_requests DROP COLUMN submission_key;
ALTER TABLE advances DROP COLUMN submission_key;
