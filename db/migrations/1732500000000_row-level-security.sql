-- Up Migration

-- The role the application works as. It cannot bypass row-level security: every query sees only
-- the tenant set for its transaction (app.tenant_id). Only the platform-operator path, which
-- works as the owning role, sees across tenants.
DO $$
BEGIN
  CREATE ROLE attendance_app NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: another database of this cluster created it already
END $$;

GRANT USAGE ON SCHEMA public TO attendance_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO attendance_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO attendance_app;
REVOKE ALL ON pgmigrations FROM attendance_app;
-- Tables and sequences of later migrations are granted the same way.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO attendance_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO attendance_app;

CREATE FUNCTION current_tenant_id() RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.tenant_id', true), '')::bigint
$$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['biotime_sources', 'members', 'punches', 'punch_notifications', 'audit_log', 'tenant_rules', 'violations']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

-- Down Migration
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenants', 'biotime_sources', 'members', 'punches', 'punch_notifications', 'audit_log', 'tenant_rules', 'violations']
  LOOP
    EXECUTE format('DROP POLICY tenant_isolation ON %I', t);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
  END LOOP;
END $$;
DROP FUNCTION current_tenant_id();
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM attendance_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM attendance_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM attendance_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM attendance_app;
REVOKE USAGE ON SCHEMA public FROM attendance_app;
