-- Up Migration

-- A tenant is a company. Onboarding one is a row, not infrastructure.
CREATE TABLE tenants (
  id                 bigserial PRIMARY KEY,
  slug               text NOT NULL UNIQUE,
  name               text NOT NULL,
  time_zone          text NOT NULL,
  currency           char(3) NOT NULL DEFAULT 'KZT',
  language_pair      text[] NOT NULL DEFAULT ARRAY['zh', 'en'],
  subscription_state text NOT NULL DEFAULT 'active'
                     CHECK (subscription_state IN ('trial', 'active', 'suspended', 'expired')),
  telegram_chat_id   bigint UNIQUE,
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- A BioTime database feeding one tenant, with the listener's cursor: the last row id
-- that Temporal accepted. It only moves forward. NULL until the listener first starts and
-- decides where to begin (the newest row, or the beginning when a backfill is asked for).
CREATE TABLE biotime_sources (
  id          bigserial PRIMARY KEY,
  tenant_id   bigint NOT NULL REFERENCES tenants (id),
  source_key  text NOT NULL UNIQUE,
  table_name  text NOT NULL CHECK (table_name IN ('iclock_transaction', 'attendance_log')),
  last_id     bigint CHECK (last_id >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A person of a tenant, bound to one Telegram account. Deactivated, never deleted.
CREATE TABLE members (
  id                  bigserial PRIMARY KEY,
  tenant_id           bigint NOT NULL REFERENCES tenants (id),
  telegram_user_id    bigint NOT NULL,
  telegram_chat_id    bigint NOT NULL,
  telegram_username   text,
  iin                 char(12),
  employee_code       text,
  full_name           text NOT NULL,
  notify              boolean NOT NULL DEFAULT true,
  active              boolean NOT NULL DEFAULT true,
  registered_at       timestamptz NOT NULL DEFAULT now(),
  deactivated_at      timestamptz,
  deactivation_reason text
);
CREATE UNIQUE INDEX members_one_active_binding_per_iin ON members (tenant_id, iin) WHERE active AND iin IS NOT NULL;
CREATE UNIQUE INDEX members_one_active_binding_per_user ON members (tenant_id, telegram_user_id) WHERE active;
CREATE INDEX members_by_employee_code ON members (tenant_id, employee_code) WHERE active;

-- Raw punches: kept forever, never edited (a trigger refuses UPDATE and DELETE).
CREATE TABLE punches (
  id            bigserial PRIMARY KEY,
  tenant_id     bigint NOT NULL REFERENCES tenants (id),
  source        text NOT NULL CHECK (source IN ('biotime', 'group')),
  source_id     text NOT NULL,
  employee_code text NOT NULL,
  punched_at    timestamptz NOT NULL,
  kind          text NOT NULL,
  punch_state   smallint,
  terminal      text,
  raw           jsonb NOT NULL DEFAULT '{}',
  workflow_id   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, source, source_id)
);
CREATE INDEX punches_by_employee_time ON punches (tenant_id, employee_code, punched_at);

CREATE FUNCTION refuse_punch_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'punches are append-only; record a correction instead';
END $$;
CREATE TRIGGER punches_append_only BEFORE UPDATE OR DELETE ON punches
  FOR EACH ROW EXECUTE FUNCTION refuse_punch_edit();

-- One row per (punch, chat): the guard that keeps a retried or replayed workflow from
-- messaging someone twice.
CREATE TABLE punch_notifications (
  id                  bigserial PRIMARY KEY,
  tenant_id           bigint NOT NULL REFERENCES tenants (id),
  punch_id            bigint NOT NULL REFERENCES punches (id),
  member_id           bigint REFERENCES members (id),
  chat_id             bigint NOT NULL,
  status              text NOT NULL CHECK (status IN ('sent', 'blocked', 'failed')),
  telegram_message_id bigint,
  created_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (punch_id, chat_id)
);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  tenant_id   bigint REFERENCES tenants (id),
  actor       text NOT NULL,
  action      text NOT NULL,
  target      text,
  payload     jsonb NOT NULL DEFAULT '{}',
  workflow_id text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_by_tenant_time ON audit_log (tenant_id, created_at);
CREATE INDEX audit_log_by_action ON audit_log (action, created_at);

-- Down Migration
DROP TABLE audit_log;
DROP TABLE punch_notifications;
DROP TABLE punches;
DROP FUNCTION refuse_punch_edit();
DROP TABLE members;
DROP TABLE biotime_sources;
DROP TABLE tenants;
