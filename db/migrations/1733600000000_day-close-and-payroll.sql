-- Up Migration

-- The day's close records what only the end of the day shows (no-show, missing clock-out, a
-- break never ended): those violations have no punch of their own. Each is stored once per
-- member, day and kind however often the close runs.
ALTER TABLE violations ALTER COLUMN punch_id DROP NOT NULL;
ALTER TABLE violations ADD COLUMN by_close boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX violations_closed_once ON violations (member_id, workday, kind) WHERE punch_id IS NULL;
-- Sums over a tenant's month (summaries, workbooks).
CREATE INDEX violations_by_tenant_day ON violations (tenant_id, workday);

-- A day closed for a company: the close ran and recorded what it found (once per day).
CREATE TABLE day_closes (
  tenant_id   bigint NOT NULL REFERENCES tenants (id),
  workday     date NOT NULL,
  closed_at   timestamptz NOT NULL DEFAULT now(),
  -- Every message about the day went out (a close whose run died before that is reported again).
  reported_at timestamptz,
  workflow_id text,
  PRIMARY KEY (tenant_id, workday)
);

-- Every report message the product sent, once per key (a re-run of a close or of a summary finds
-- what already went and sends nothing twice).
CREATE TABLE report_deliveries (
  tenant_id    bigint NOT NULL REFERENCES tenants (id),
  delivery_key text NOT NULL,
  chat_id      bigint NOT NULL,
  status       text NOT NULL CHECK (status IN ('sent', 'blocked', 'failed')),
  message_id   bigint,
  detail       text,
  workflow_id  text,
  sent_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, delivery_key)
);

-- Payroll: the member's monthly base salary (minor units, the company's currency), and whether
-- they receive the month's summary and workbook as HR.
ALTER TABLE members ADD COLUMN base_salary bigint CHECK (base_salary >= 0);
ALTER TABLE members ADD COLUMN hr boolean NOT NULL DEFAULT false;

-- Month sums read advances and adjustments by tenant and time.
CREATE INDEX adjustments_by_tenant_time ON adjustments (tenant_id, created_at);
CREATE INDEX leave_requests_by_tenant_days ON leave_requests (tenant_id, from_day);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['day_closes', 'report_deliveries']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT ON %I TO attendance_app', t);
  END LOOP;
END $$;
GRANT UPDATE (reported_at) ON day_closes TO attendance_app;

-- Down Migration
DROP TABLE report_deliveries;
DROP TABLE day_closes;
DROP INDEX leave_requests_by_tenant_days;
DROP INDEX adjustments_by_tenant_time;
ALTER TABLE members DROP COLUMN hr;
ALTER TABLE members DROP COLUMN base_salary;
DROP INDEX violations_by_tenant_day;
DROP INDEX violations_closed_once;
ALTER TABLE violations DROP COLUMN by_close;
DELETE FROM violation_voids WHERE violation_id IN (SELECT id FROM violations WHERE punch_id IS NULL);
DELETE FROM violations WHERE punch_id IS NULL;
ALTER TABLE violations ALTER COLUMN punch_id SET NOT NULL;
