-- Up Migration

-- A company can now also be a Telegram group (kind 'group'), with a trial that expires.
ALTER TABLE tenants ADD COLUMN kind text NOT NULL DEFAULT 'biotime' CHECK (kind IN ('biotime', 'group'));
ALTER TABLE tenants ADD COLUMN trial_ends_at timestamptz;

-- Rules are versioned: a day is judged by the version in force on that day.
CREATE TABLE tenant_rules (
  id             bigserial PRIMARY KEY,
  tenant_id      bigint NOT NULL REFERENCES tenants (id),
  effective_from date NOT NULL,
  rules          jsonb NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, effective_from)
);

-- People who opened a private chat with the bot: it may message them directly (platform-wide,
-- not tenant-owned: one Telegram account, whatever companies it belongs to).
CREATE TABLE private_chats (
  telegram_user_id bigint PRIMARY KEY,
  opened_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO private_chats (telegram_user_id) SELECT DISTINCT telegram_user_id FROM members WHERE iin IS NOT NULL;

ALTER TABLE punches ADD COLUMN member_id bigint REFERENCES members (id);
ALTER TABLE punches ADD COLUMN break_type text CHECK (break_type IN ('lunch', 'short', 'smoke'));
CREATE INDEX punches_by_member_time ON punches (tenant_id, member_id, punched_at) WHERE member_id IS NOT NULL;

-- What the rules engine found, with the penalty in minor units. Voided by a reversing record
-- (later), never deleted. One violation of a kind per punch that caused it.
CREATE TABLE violations (
  id          bigserial PRIMARY KEY,
  tenant_id   bigint NOT NULL REFERENCES tenants (id),
  member_id   bigint NOT NULL REFERENCES members (id),
  punch_id    bigint NOT NULL REFERENCES punches (id),
  workday     date NOT NULL,
  kind        text NOT NULL,
  break_type  text,
  minutes     integer NOT NULL,
  amount      bigint NOT NULL CHECK (amount >= 0),
  currency    char(3) NOT NULL,
  free        boolean NOT NULL,
  workflow_id text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (punch_id, kind)
);
CREATE INDEX violations_by_member_day ON violations (tenant_id, member_id, workday);

-- Down Migration
DROP TABLE violations;
DROP INDEX punches_by_member_time;
ALTER TABLE punches DROP COLUMN break_type;
ALTER TABLE punches DROP COLUMN member_id;
DROP TABLE private_chats;
DROP TABLE tenant_rules;
ALTER TABLE tenants DROP COLUMN trial_ends_at;
ALTER TABLE tenants DROP COLUMN kind;
