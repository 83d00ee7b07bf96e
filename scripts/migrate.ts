// `npm run db:migrate`: creates the app database if missing and applies pending migrations.
import { loadConfig } from '../config';
import { ensureDatabase } from '../db/pool';
import { migrateUp } from '../db/migrate';

async function main() {
  const config = loadConfig();
  const created = await ensureDatabase(config.DATABASE_URL);
  if (created) console.log('created the app database');
  const applied = await migrateUp(config.DATABASE_URL);
  console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
}

main().catch((err) => {
  console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
