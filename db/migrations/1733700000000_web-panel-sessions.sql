-- Up Migration

-- The web panels' sign-in. Platform tables: a session spans the panel, not one tenant, so they
-- have no row-level security and the app role gets no rights on them; only the platform pool
-- (the owning role) reads and writes them. Only SHA-256 hashes of the random ids are stored, so a
-- copy of this table signs nobody in.
CREATE TABLE web_sessions (
  id_hash          bytea PRIMARY KEY CHECK (octet_length(id_hash) = 32),
  telegram_user_id bigint NOT NULL,
  tenant_id        bigint NULL REFERENCES tenants (id) ON DELETE CASCADE,
  role             text NOT NULL CHECK (role IN ('admin', 'employee', 'super')),
  csrf_token       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz NULL,
  CHECK ((role = 'super') = (tenant_id IS NULL))
);
CREATE INDEX web_sessions_user ON web_sessions (telegram_user_id) WHERE revoked_at IS NULL;
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- One-time sign-in links (the bot's /panel, npm run panel:link): 10 minutes, used at most once.
CREATE TABLE panel_sign_in_tokens (
  token_hash       bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  telegram_user_id bigint NOT NULL,
  tenant_id        bigint NULL REFERENCES tenants (id) ON DELETE CASCADE,
  role             text NOT NULL CHECK (role IN ('admin', 'employee', 'super')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz NULL,
  CHECK ((role = 'super') = (tenant_id IS NULL))
);
CREATE INDEX panel_sign_in_tokens_expiry ON panel_sign_in_tokens (expires_at);

REVOKE ALL ON web_sessions, panel_sign_in_tokens FROM attendance_app;
-- Platform tables, read only through the platform pool (which owns them). Row-level security is
-- on all the same, like on every table that holds tenant rows: should the app role ever be granted
-- them, it would still see one company's rows only.
ALTER TABLE web_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE panel_sign_in_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON web_sessions USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY tenant_isolation ON panel_sign_in_tokens USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

-- Down Migration
DROP TABLE panel_sign_in_tokens;
DROP TABLE web_sessions;
