-- Up Migration

-- Many BioTime sites in one deployment. A super admin registers each company's BioTime server (or
-- each site) here; the listener serves every enabled source with its own connection, cursor and
-- backoff. The environment's BioTime (BIOTIME_DATABASE_URL) stays the first source: its row has no
-- connection of its own (connection_secret NULL) and takes its settings from the environment.
-- The connection URL holds a password, so it is stored encrypted (AES-256-GCM with
-- SOURCE_SECRETS_KEY, never in the database) and never shown back; `connection_hint` keeps what
-- an operator may see (host, port, database).
ALTER TABLE biotime_sources
  ADD COLUMN label             text NULL,
  ADD COLUMN time_zone         text NULL,
  ADD COLUMN iin_column        text NULL CHECK (iin_column ~ '^[a-z_][a-z0-9_]{0,62}$'),
  ADD COLUMN connection_secret bytea NULL,
  ADD COLUMN connection_hint   text NULL,
  ADD COLUMN start_from        text NOT NULL DEFAULT 'latest' CHECK (start_from IN ('latest', 'beginning')),
  ADD COLUMN enabled           boolean NOT NULL DEFAULT true,
  ADD COLUMN created_at        timestamptz NOT NULL DEFAULT now();
ALTER TABLE biotime_sources ADD CONSTRAINT biotime_sources_registered_whole
  CHECK (connection_secret IS NULL OR (time_zone IS NOT NULL AND iin_column IS NOT NULL AND connection_hint IS NOT NULL));

-- Down Migration
ALTER TABLE biotime_sources DROP CONSTRAINT biotime_sources_registered_whole;
ALTER TABLE biotime_sources
  DROP COLUMN label, DROP COLUMN time_zone, DROP COLUMN iin_column, DROP COLUMN connection_secret,
  DROP COLUMN connection_hint, DROP COLUMN start_from, DROP COLUMN enabled, DROP COLUMN created_at;
