-- Up Migration

-- Salary advance requests. The monthly limit counts approved and pending requests; a decision
-- is recorded once (the row leaves 'pending' exactly once).
CREATE TABLE advances (
  id              bigserial PRIMARY KEY,
  tenant_id       bigint NOT NULL REFERENCES tenants (id),
  member_id       bigint NOT NULL REFERENCES members (id),
  amount          bigint NOT NULL CHECK (amount > 0),
  currency        char(3) NOT NULL,
  reason          text,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
  requested_at    timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  decided_by      text,
  decided_at      timestamptz,
  decision_reason text,
  workflow_id     text NOT NULL
);
CREATE INDEX advances_by_member_month ON advances (tenant_id, member_id, requested_at);
ALTER TABLE members ADD COLUMN advance_limit bigint CHECK (advance_limit >= 0);

-- The admins' messages about a request, so every one of them can be edited once it is decided.
CREATE TABLE request_messages (
  tenant_id   bigint NOT NULL REFERENCES tenants (id),
  workflow_id text NOT NULL,
  chat_id     bigint NOT NULL,
  message_id  bigint NOT NULL,
  PRIMARY KEY (workflow_id, chat_id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['advances', 'request_messages']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO attendance_app', t);
  END LOOP;
END $$;
GRANT USAGE, SELECT ON SEQUENCE advances_id_seq TO attendance_app;

-- Down Migration
DROP TABLE request_messages;
ALTER TABLE members DROP COLUMN advance_limit;
DROP TABLE advances;
