-- Up Migration

-- Workflow ids are business keys unique for all time. Serial ids are not: they repeat when this
-- database is recreated or restored while Temporal keeps its history, and a start that finds a
-- closed workflow under the same id is taken as "already done". So every entity a workflow id
-- names carries a UUID of its own (gen_random_uuid is built into PostgreSQL 13+).
ALTER TABLE tenants ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
ALTER TABLE biotime_sources ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
ALTER TABLE members ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
-- Names a break's watch; nothing looks punches up by it, so no index.
ALTER TABLE punches ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid();
-- Decision buttons carry the request's uid, so a button left from a recreated database can never
-- decide the request that now has the old serial id.
ALTER TABLE advances ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
ALTER TABLE leave_requests ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
ALTER TABLE corrections ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;

-- Down Migration
ALTER TABLE corrections DROP COLUMN uid;
ALTER TABLE leave_requests DROP COLUMN uid;
ALTER TABLE advances DROP COLUMN uid;
ALTER TABLE punches DROP COLUMN uid;
ALTER TABLE members DROP COLUMN uid;
ALTER TABLE biotime_sources DROP COLUMN uid;
ALTER TABLE tenants DROP COLUMN uid;
