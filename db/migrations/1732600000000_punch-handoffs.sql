-- Up Migration

-- A group clock-in is stored and answered first, then handed to its punch workflow. This row
-- says the hand-off happened; a sweep hands over any clock-in left without one (a crash between
-- the answer and the start), so none goes unjudged.
CREATE TABLE punch_handoffs (
  punch_id   bigint PRIMARY KEY REFERENCES punches (id),
  tenant_id  bigint NOT NULL REFERENCES tenants (id),
  handed_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE punch_handoffs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON punch_handoffs
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON punch_handoffs TO attendance_app;

-- Down Migration
DROP TABLE punch_handoffs;
