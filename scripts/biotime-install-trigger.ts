// `npm run biotime:install-trigger`: installs (or refreshes) the NOTIFY trigger on the configured BioTime table.
// With `-- --with-directory-index` it also indexes the IIN lookup that registration makes.
import { loadConfig } from '../config';
import { maskSecrets } from '../config/logger';
import { installBiotimeTrigger, installDirectoryIndex } from '../db/biotime-source';
import { createPool } from '../db/pool';

async function main() {
  const config = loadConfig();
  const pool = createPool(config.BIOTIME_DATABASE_URL, { max: 1 });
  try {
    await installBiotimeTrigger(pool, config.BIOTIME_TABLE);
    console.log(`trigger attendance_events_notify installed on ${config.BIOTIME_TABLE}`);
    if (process.argv.includes('--with-directory-index')) {
      console.log(await installDirectoryIndex(pool, { table: config.BIOTIME_TABLE, iinColumn: config.BIOTIME_IIN_COLUMN }));
    }
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  console.error(`installing the trigger failed: ${maskSecrets(err instanceof Error ? err.message : String(err))}`);
  process.exit(1);
});
