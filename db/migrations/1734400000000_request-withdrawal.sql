-- Up Migration

-- An employee may withdraw their own request while it is still pending (a wrong amount, leave
-- no longer needed): it leaves 'pending' once, as a decision does, with the employee as the one
-- who settled it. A withdrawn advance no longer counts against the month's limit, withdrawn leave
-- no longer blocks leave on its days nor holds comp days, as rejected ones do.
ALTER TABLE advances DROP CONSTRAINT advances_status_check,
  ADD CONSTRAINT advances_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'withdrawn'));
ALTER TABLE leave_requests DROP CONSTRAINT leave_requests_status_check,
  ADD CONSTRAINT leave_requests_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'withdrawn'));
ALTER TABLE corrections DROP CONSTRAINT corrections_status_check,
  ADD CONSTRAINT corrections_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'withdrawn'));

-- Down Migration
-- A withdrawn request had no effect, as a rejected one: that is what it becomes.
UPDATE advances SET status = 'rejected' WHERE status = 'withdrawn';
UPDATE leave_requests SET status = 'rejected' WHERE status = 'withdrawn';
UPDATE corrections SET status = 'rejected' WHERE status = 'withdrawn';
ALTER TABLE advances DROP CONSTRAINT advances_status_check,
  ADD CONSTRAINT advances_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'expired'));
ALTER TABLE leave_requests DROP CONSTRAINT leave_requests_status_check,
  ADD CONSTRAINT leave_requests_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'expired'));
ALTER TABLE corrections DROP CONSTRAINT corrections_status_check,
  ADD CONSTRAINT corrections_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'expired'));
