-- Up Migration

-- Cross-tenant lookups on hot paths (platform path: no tenant to lead an index with).
-- Every BioTime punch: which group companies employ this employee code.
CREATE INDEX members_active_by_employee_code ON members (employee_code) WHERE active AND employee_code IS NOT NULL;
-- Every private command and group join: the companies and the registration of a Telegram user.
CREATE INDEX members_active_by_telegram_user ON members (telegram_user_id) WHERE active;

-- Hand-offs: a row per group clock-in, written in the clock-in's own transaction, marked when its
-- workflow has been started. The sweep reads the few unmarked rows through a partial index
-- instead of anti-joining every punch ever stored.
ALTER TABLE punch_handoffs ALTER COLUMN handed_at DROP NOT NULL;
ALTER TABLE punch_handoffs ALTER COLUMN handed_at DROP DEFAULT;
ALTER TABLE punch_handoffs ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();
-- Clock-ins stored before this change without a hand-off row: swept once more (a start that
-- finds its workflow already there is a no-op).
INSERT INTO punch_handoffs (punch_id, tenant_id, recorded_at, handed_at)
SELECT p.id, p.tenant_id, p.recorded_at, NULL FROM punches p
WHERE p.source = 'group' AND NOT EXISTS (SELECT 1 FROM punch_handoffs h WHERE h.punch_id = p.id);
CREATE INDEX punch_handoffs_waiting ON punch_handoffs (recorded_at) WHERE handed_at IS NULL;

-- Requests: the sweep for those a crash left without their workflow, and each company's inbox.
CREATE INDEX advances_waiting_for_workflow ON advances (requested_at) WHERE status = 'pending' AND handed_at IS NULL;
CREATE INDEX leave_requests_waiting_for_workflow ON leave_requests (requested_at) WHERE status = 'pending' AND handed_at IS NULL;
CREATE INDEX corrections_waiting_for_workflow ON corrections (requested_at) WHERE status = 'pending' AND handed_at IS NULL;
CREATE INDEX advances_pending ON advances (tenant_id, requested_at) WHERE status = 'pending';
CREATE INDEX leave_requests_pending ON leave_requests (tenant_id, requested_at) WHERE status = 'pending';
CREATE INDEX corrections_pending ON corrections (tenant_id, requested_at) WHERE status = 'pending';

-- Down Migration
DROP INDEX corrections_pending;
DROP INDEX leave_requests_pending;
DROP INDEX advances_pending;
DROP INDEX corrections_waiting_for_workflow;
DROP INDEX leave_requests_waiting_for_workflow;
DROP INDEX advances_waiting_for_workflow;
DROP INDEX punch_handoffs_waiting;
DELETE FROM punch_handoffs WHERE handed_at IS NULL;
ALTER TABLE punch_handoffs DROP COLUMN recorded_at;
ALTER TABLE punch_handoffs ALTER COLUMN handed_at SET DEFAULT now();
ALTER TABLE punch_handoffs ALTER COLUMN handed_at SET NOT NULL;
DROP INDEX members_active_by_telegram_user;
DROP INDEX members_active_by_employee_code;
