-- Up Migration

-- Leave requests: whole days from_day..to_day (the tenant's dates). `days` is the number of
-- workdays the range covers when requested: what compensatory leave consumes.
CREATE TABLE leave_requests (
  id              bigserial PRIMARY KEY,
  tenant_id       bigint NOT NULL REFERENCES tenants (id),
  member_id       bigint NOT NULL REFERENCES members (id),
  leave_type      text NOT NULL CHECK (leave_type IN ('sick', 'personal', 'comp')),
  from_day        date NOT NULL,
  to_day          date NOT NULL CHECK (to_day >= from_day),
  days            integer NOT NULL CHECK (days > 0),
  reason          text,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
  requested_at    timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  decided_by      text,
  decided_at      timestamptz,
  decision_reason text,
  handed_at       timestamptz,
  workflow_id     text NOT NULL
);
CREATE INDEX leave_requests_by_member_days ON leave_requests (tenant_id, member_id, from_day, to_day);

-- Compensatory days earned: a full workday worked on a day that is not a workday, once per day.
CREATE TABLE comp_days (
  tenant_id  bigint NOT NULL REFERENCES tenants (id),
  member_id  bigint NOT NULL REFERENCES members (id),
  workday    date NOT NULL,
  minutes    integer NOT NULL,
  punch_id   bigint NOT NULL REFERENCES punches (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, workday)
);

-- Correction requests for a forgotten or wrong clock-in. On approval a punch with source
-- 'correction' is recorded (punch_id), superseding `corrects_punch_id` when it replaces one.
CREATE TABLE corrections (
  id                bigserial PRIMARY KEY,
  tenant_id         bigint NOT NULL REFERENCES tenants (id),
  member_id         bigint NOT NULL REFERENCES members (id),
  workday           date NOT NULL,
  action            text NOT NULL CHECK (action IN ('in', 'out', 'lunch', 'break', 'smoke', 'back')),
  punched_at        timestamptz NOT NULL,
  reason            text,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
  requested_at      timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  decided_by        text,
  decided_at        timestamptz,
  decision_reason   text,
  handed_at         timestamptz,
  punch_id          bigint REFERENCES punches (id),
  corrects_punch_id bigint REFERENCES punches (id),
  workflow_id       text NOT NULL
);
CREATE INDEX corrections_by_member_day ON corrections (tenant_id, member_id, workday);

-- Correcting punches: raw punches stay untouched; the newer row says which one it replaces.
ALTER TABLE punches DROP CONSTRAINT punches_source_check;
ALTER TABLE punches ADD CONSTRAINT punches_source_check CHECK (source IN ('biotime', 'group', 'correction'));
ALTER TABLE punches ADD COLUMN corrects_punch_id bigint REFERENCES punches (id);
CREATE UNIQUE INDEX punches_corrected_once ON punches (corrects_punch_id) WHERE corrects_punch_id IS NOT NULL;

-- Re-evaluating a corrected day may find a violation again on the same punch (other minutes):
-- one per (punch, kind) for the live judgement, one per (punch, kind) for each correction.
ALTER TABLE violations ADD COLUMN correction_id bigint REFERENCES corrections (id);
ALTER TABLE violations DROP CONSTRAINT violations_punch_id_kind_key;
CREATE UNIQUE INDEX violations_once ON violations (punch_id, kind, coalesce(correction_id, 0));

-- Voiding a penalty is a reversing record; the violation row itself never changes.
CREATE TABLE violation_voids (
  violation_id bigint PRIMARY KEY REFERENCES violations (id),
  tenant_id    bigint NOT NULL REFERENCES tenants (id),
  cause        text NOT NULL CHECK (cause IN ('leave', 'correction')),
  cause_id     bigint NOT NULL,
  amount       bigint NOT NULL,
  workflow_id  text,
  voided_at    timestamptz NOT NULL DEFAULT now()
);

-- Finding the request an admin's message belongs to (a reply with a reject reason).
CREATE INDEX request_messages_by_message ON request_messages (chat_id, message_id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['leave_requests', 'comp_days', 'corrections', 'violation_voids']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO attendance_app', t);
  END LOOP;
END $$;
GRANT USAGE, SELECT ON SEQUENCE leave_requests_id_seq, corrections_id_seq TO attendance_app;

-- Down Migration
DROP INDEX request_messages_by_message;
DROP TABLE violation_voids;
DROP INDEX violations_once;
ALTER TABLE violations ADD CONSTRAINT violations_punch_id_kind_key UNIQUE (punch_id, kind);
ALTER TABLE violations DROP COLUMN correction_id;
DROP INDEX punches_corrected_once;
ALTER TABLE punches DROP COLUMN corrects_punch_id;
ALTER TABLE punches DROP CONSTRAINT punches_source_check;
ALTER TABLE punches ADD CONSTRAINT punches_source_check CHECK (source IN ('biotime', 'group'));
DROP TABLE corrections;
DROP TABLE comp_days;
DROP TABLE leave_requests;
