-- Up Migration

-- When a company's attendance was not running: the bot was removed from its group (nobody could
-- clock in there), or the subscription was suspended or lapsed (clock-ins were refused). The
-- day's close judges nothing that only the day's end shows (no-show, missing clock-out, a break
-- never ended) on a day whose shift a pause overlaps, and the month marks such a day, unworked,
-- as not tracked instead of a no-show. At most one open pause per company and reason.
CREATE TABLE service_pauses (
  id         bigserial PRIMARY KEY,
  tenant_id  bigint NOT NULL REFERENCES tenants (id),
  reason     text NOT NULL CHECK (reason IN ('bot-removed', 'subscription')),
  started_at timestamptz NOT NULL,
  ended_at   timestamptz,
  started_by text NOT NULL,
  ended_by   text,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX service_pauses_one_open ON service_pauses (tenant_id, reason) WHERE ended_at IS NULL;
CREATE INDEX service_pauses_by_tenant_time ON service_pauses (tenant_id, started_at);

ALTER TABLE service_pauses ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON service_pauses USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON service_pauses TO attendance_app;
GRANT UPDATE (ended_at, ended_by) ON service_pauses TO attendance_app;
GRANT USAGE, SELECT ON SEQUENCE service_pauses_id_seq TO attendance_app;

-- Down Migration
DROP TABLE service_pauses;
