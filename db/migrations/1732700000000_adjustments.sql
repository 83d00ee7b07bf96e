-- Up Migration

-- Penalties and bonuses issued by a company admin. Amounts in minor units of the currency.
-- Never edited or deleted; a mistake is corrected by a reversing adjustment.
CREATE TABLE adjustments (
  id          bigserial PRIMARY KEY,
  tenant_id   bigint NOT NULL REFERENCES tenants (id),
  member_id   bigint NOT NULL REFERENCES members (id),
  kind        text NOT NULL CHECK (kind IN ('penalty', 'bonus')),
  amount      bigint NOT NULL CHECK (amount > 0),
  currency    char(3) NOT NULL,
  reason      text NOT NULL,
  issued_by   text NOT NULL,
  source_key  text NOT NULL,
  workflow_id text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, source_key)
);
CREATE INDEX adjustments_by_member ON adjustments (tenant_id, member_id, created_at);
ALTER TABLE adjustments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON adjustments
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON adjustments TO attendance_app;
GRANT USAGE, SELECT ON SEQUENCE adjustments_id_seq TO attendance_app;

-- Down Migration
DROP TABLE adjustments;
