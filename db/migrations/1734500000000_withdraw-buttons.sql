-- Up Migration

-- The employee's own messages that carry a request's Withdraw button: the confirmation a filed
-- request gets, and each listing of it by /requests. Once the request is settled (decided,
-- withdrawn or expired) its workflow takes the button off every one of them, so none is left
-- offering to withdraw what is already decided; a row goes once its button has, so a retry
-- carries on where the last attempt stopped.
CREATE TABLE withdraw_buttons (
  tenant_id   bigint NOT NULL REFERENCES tenants (id),
  workflow_id text NOT NULL,
  chat_id     bigint NOT NULL,
  message_id  bigint NOT NULL,
  PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX withdraw_buttons_by_request ON withdraw_buttons (workflow_id);

ALTER TABLE withdraw_buttons ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON withdraw_buttons USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, DELETE ON withdraw_buttons TO attendance_app;

-- Down Migration
DROP TABLE withdraw_buttons;
