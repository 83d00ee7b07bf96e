-- Up Migration

-- The audit trail is append-only for the application: it may add rows and read its tenant's,
-- never change or remove one.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM attendance_app;
GRANT SELECT, INSERT ON audit_log TO attendance_app;

-- Down Migration
GRANT UPDATE, DELETE ON audit_log TO attendance_app;
