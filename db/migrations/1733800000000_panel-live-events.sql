-- Up Migration

-- The panel's live pages. A clock-in or a request created or decided on any channel (the bot, the
-- panel, BioTime, an expiry) tells the API at commit, which tells the company's open panels over
-- server-sent events. The payload names the tenant and what changed, never a person's details.
-- PostgreSQL folds identical notifications of one transaction into one, so a bulk insert is one
-- event, not thousands.
CREATE FUNCTION notify_panel_punch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('panel_events', json_build_object('tenantId', NEW.tenant_id, 'event', 'punch')::text);
  RETURN NULL;
END $$;

CREATE FUNCTION notify_panel_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('panel_events', json_build_object(
    'tenantId', NEW.tenant_id, 'event', 'requests', 'kind', TG_ARGV[0], 'id', NEW.id, 'status', NEW.status)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER punches_panel_event AFTER INSERT ON punches
  FOR EACH ROW EXECUTE FUNCTION notify_panel_punch();
CREATE TRIGGER advances_panel_event AFTER INSERT OR UPDATE OF status ON advances
  FOR EACH ROW EXECUTE FUNCTION notify_panel_request('advance');
CREATE TRIGGER leave_requests_panel_event AFTER INSERT OR UPDATE OF status ON leave_requests
  FOR EACH ROW EXECUTE FUNCTION notify_panel_request('leave');
CREATE TRIGGER corrections_panel_event AFTER INSERT OR UPDATE OF status ON corrections
  FOR EACH ROW EXECUTE FUNCTION notify_panel_request('correction');

-- The super admin's view: a company's plan beside its subscription state.
ALTER TABLE tenants ADD COLUMN plan text NOT NULL DEFAULT 'standard' CHECK (plan ~ '^[a-z0-9-]{1,32}$');

-- A company's clock-ins by time (the Today page's day, the last activity of a company): the
-- member index leads with the member, so a day across 5,000 members read all of the company's.
CREATE INDEX punches_by_tenant_time ON punches (tenant_id, punched_at);

-- The audit log pages newest first, per company and across the platform.
CREATE INDEX audit_log_by_tenant_id ON audit_log (tenant_id, id DESC);

-- Expired sessions and used sign-in links are swept by the API (only the hashes were ever kept).
CREATE INDEX web_sessions_live_by_tenant ON web_sessions (tenant_id) WHERE revoked_at IS NULL;

-- Down Migration
DROP INDEX web_sessions_live_by_tenant;
DROP INDEX audit_log_by_tenant_id;
DROP INDEX punches_by_tenant_time;
ALTER TABLE tenants DROP COLUMN plan;
DROP TRIGGER corrections_panel_event ON corrections;
DROP TRIGGER leave_requests_panel_event ON leave_requests;
DROP TRIGGER advances_panel_event ON advances;
DROP TRIGGER punches_panel_event ON punches;
DROP FUNCTION notify_panel_request();
DROP FUNCTION notify_panel_punch();
