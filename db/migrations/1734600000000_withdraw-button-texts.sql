-- Up Migration

-- What a message with a request's Withdraw button says about the request, without its waiting
-- line: once the request is settled, its workflow edits the message to this text with the outcome
-- under it ("✅ Approved", "↩️ Withdrawn", ...), so a /requests listing no longer reads "waiting
-- for a decision" for a decided request. Null (messages recorded before): only the button goes.
ALTER TABLE withdraw_buttons ADD COLUMN text text;

-- Down Migration
ALTER TABLE withdraw_buttons DROP COLUMN text;
