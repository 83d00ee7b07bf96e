-- Up Migration

-- The bot's webhook inbox. With BOT_WEBHOOK_URL set, Telegram posts each update to whichever bot
-- replica the load balancer picks; that replica stores it here and answers at once. Every replica
-- then takes the updates from this table one conversation (chat, or member in a group) at a time,
-- in Telegram's order (update_id), so two presses of one member never run out of order or at
-- once, whichever replicas received them. An update Telegram delivers twice is stored once (the
-- primary key). A replica that dies while handling one loses its short lease and another takes it.
-- A platform table: the updates of every company pass through it, read by the platform pool only.
CREATE TABLE bot_updates (
  update_id     bigint PRIMARY KEY,
  order_key     text NOT NULL,
  payload       jsonb NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  claimed_by    text NULL,
  claimed_until timestamptz NULL,
  not_before    timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0,
  handled_at    timestamptz NULL,
  failure       text NULL
);
-- The pending updates, by conversation then order: the claim reads each conversation's first.
CREATE INDEX bot_updates_pending ON bot_updates (order_key, update_id) WHERE handled_at IS NULL;
CREATE INDEX bot_updates_handled ON bot_updates (handled_at) WHERE handled_at IS NOT NULL;

REVOKE ALL ON bot_updates FROM attendance_app;
ALTER TABLE bot_updates ENABLE ROW LEVEL SECURITY;

-- Down Migration
DROP TABLE bot_updates;
