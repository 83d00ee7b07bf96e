-- Up Migration

-- A company's group Telegram upgraded to a supergroup: the chat id it had before. The messages
-- posted there before the upgrade stay in that chat, and a press on one of their buttons (the
-- clock-in keyboard, an old greeting) still comes from it, so the company is found by it too.
-- A chat id is never a company's twice: an upgraded basic group takes no more messages.
CREATE TABLE group_chat_moves (
  from_chat_id bigint PRIMARY KEY,
  tenant_id    bigint NOT NULL REFERENCES tenants (id),
  to_chat_id   bigint NOT NULL,
  moved_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_chat_moves_by_tenant ON group_chat_moves (tenant_id);

ALTER TABLE group_chat_moves ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_chat_moves USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
REVOKE ALL ON group_chat_moves FROM attendance_app;
GRANT SELECT ON group_chat_moves TO attendance_app;

-- The moves made before this table: not known (only the current chat id was kept).

-- Down Migration
DROP TABLE group_chat_moves;
