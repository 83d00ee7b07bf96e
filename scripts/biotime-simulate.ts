// `npm run biotime:simulate -- [--count N] [--interval-ms MS] [--emp CODE] [--state 0..5]`
// Inserts punches into the BioTime table as a terminal would (local server time, no zone).
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { createConfig } from '../config';
import { maskSecrets } from '../config/logger';
import { createPool } from '../db/pool';
import { DEMO_EMPLOYEES } from './demo-biotime';

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1' },
      'interval-ms': { type: 'string', default: '1000' },
      emp: { type: 'string' },
      state: { type: 'string' },
      terminal: { type: 'string', default: 'Main entrance' },
    },
  });
  const env = { ...process.env };
  if (!env.BIOTIME_DATABASE_URL && !env.DATABASE_ATTENDANCE_URL) {
    const appUrl = new URL(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/attendance');
    appUrl.pathname = '/biotime_demo';
    env.BIOTIME_DATABASE_URL = appUrl.toString();
  }
  const config = createConfig(env);
  const pool = createPool(config.BIOTIME_DATABASE_URL, { max: 1 });
  const count = Number(values.count);
  const codes = values.emp ? [values.emp] : DEMO_EMPLOYEES.map((e) => e.empCode);
  try {
    for (let i = 0; i < count; i++) {
      const code = codes[i % codes.length]!;
      const local = DateTime.now().setZone(config.BIOTIME_TIMEZONE).toFormat('yyyy-LL-dd HH:mm:ss');
      const state = values.state ?? String(i % 2);
      const row =
        config.BIOTIME_TABLE === 'iclock_transaction'
          ? await pool.query(
              `INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, verify_type, terminal_sn, terminal_alias, area_alias)
               VALUES ($1, $2, $3, 1, 'SIM0001', $4, 'HQ') RETURNING id`,
              [code, local, state, values.terminal],
            )
          : await pool.query(`INSERT INTO attendance_log (emp_id, punch_time, terminal_alias) VALUES ($1, $2, $3) RETURNING id`, [
              code,
              local,
              values.terminal,
            ]);
      console.log(`inserted ${config.BIOTIME_TABLE} id=${row.rows[0].id} emp=${code} at ${local} (${config.BIOTIME_TIMEZONE})`);
      if (i < count - 1) await new Promise((r) => setTimeout(r, Number(values['interval-ms'])));
    }
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  console.error(`simulating punches failed: ${maskSecrets((err as Error).message)}`);
  process.exit(1);
});
