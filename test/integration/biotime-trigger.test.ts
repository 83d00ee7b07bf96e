// The trigger installer: idempotent, on either supported table, one NOTIFY per inserted row.
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { createDemoBiotimeSchema } from '../../db/biotime-source';
import { createPool, ensureDatabase } from '../../db/pool';
import type { BiotimeTable } from '../../domain/biotime';
import { ROOT } from '../../scripts/service-process';
import { testRunEnv } from '../support/env';
import { eventually } from '../support/stack';

const run = testRunEnv();
const url = `${run.postgresUrl}/att_${run.runId}_trigger_bt`;

function installTrigger(table: BiotimeTable) {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/biotime-install-trigger.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, BIOTIME_DATABASE_URL: url, BIOTIME_TABLE: table },
    encoding: 'utf8',
  });
}

beforeAll(async () => {
  await ensureDatabase(url);
  const pool = createPool(url, { max: 1 });
  await createDemoBiotimeSchema(pool);
  await pool.end();
});

test.each<BiotimeTable>(['iclock_transaction', 'attendance_log'])(
  'When the installer runs twice on %s, then one trigger exists and each insert sends one notification with the row',
  async (table) => {
    expect(installTrigger(table)).toContain(`installed on ${table}`);
    installTrigger(table);

    const listener = new Client({ connectionString: url });
    await listener.connect();
    const payloads: Array<Record<string, unknown>> = [];
    listener.on('notification', (n) => payloads.push(JSON.parse(n.payload ?? '{}')));
    await listener.query('LISTEN attendance_events');
    try {
      const { rows: triggers } = await listener.query(
        "SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname = 'attendance_events_notify'",
        [table],
      );
      expect(triggers[0].n).toBe(1);

      const inserted =
        table === 'iclock_transaction'
          ? await listener.query("INSERT INTO iclock_transaction (emp_code, punch_time, punch_state) VALUES ('791028302728', '2026-11-23 09:00:00', '0') RETURNING id")
          : await listener.query("INSERT INTO attendance_log (emp_id, punch_time) VALUES ('791028302728', '2026-11-23 09:00:00') RETURNING id");
      await eventually(async () => payloads.length > 0, 5_000, 'the notification');
      await new Promise((r) => setTimeout(r, 300)); // a moment for a second one to show up
      expect(payloads).toHaveLength(1);
      expect(payloads[0]).toMatchObject({ id: inserted.rows[0].id, punch_time: '2026-11-23T09:00:00' });
    } finally {
      await listener.end();
    }
  },
);

test('When a process starts with a malformed secret, then it stops at once naming the variable and not echoing the value', () => {
  const badToken = 'not-a-token-SECRET-VALUE-123';
  let stderr = '';
  let status: number | null = 0;
  try {
    execFileSync(process.execPath, ['--import', 'tsx', 'bot/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, BOT_TOKEN: badToken, DATABASE_URL: 'postgres://u:Pa55word@localhost/x' },
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (err) {
    const e = err as { status: number | null; stderr: string };
    status = e.status;
    stderr = e.stderr;
  }
  expect(status).toBe(78);
  expect(stderr).toContain('BOT_TOKEN');
  expect(stderr).not.toContain(badToken);
  expect(stderr).not.toContain('Pa55word');
});
