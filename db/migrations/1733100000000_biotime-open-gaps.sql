-- Up Migration

-- BioTime's terminals write in concurrent transactions, so a row can commit after rows with
-- higher ids. The cursor (last_id) is the highest id read; `open_gaps` lists the id ranges
-- below it that were missing when read, [[from, to], ...]: their transactions may still commit.
-- A range is re-read on every drain until every transaction that could have taken an id in it
-- has ended (see workers/biotime-relay.ts).
ALTER TABLE biotime_sources ADD COLUMN open_gaps jsonb NOT NULL DEFAULT '[]';

-- Down Migration
ALTER TABLE biotime_sources DROP COLUMN open_gaps;
