-- Up Migration

-- The Redis cache's generation (see cache/subscriber-cache.ts): every cache key carries it. A
-- process that could not drop a stale entry moves it on, and the entries of older generations are
-- never read again. database_uid makes a recreated database start a generation of its own.
CREATE TABLE cache_generation (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  database_uid uuid NOT NULL DEFAULT gen_random_uuid(),
  generation   bigint NOT NULL DEFAULT 0
);
INSERT INTO cache_generation DEFAULT VALUES;
GRANT SELECT, UPDATE ON cache_generation TO attendance_app;

-- Down Migration
DROP TABLE cache_generation;
