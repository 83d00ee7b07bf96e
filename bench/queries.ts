// `npm run bench:queries [-- --punches 1000000 --tenants 50 --members 400]`: seeds a fresh database
// at that size and prints, as JSON, the plan and execution time of every hot query (see
// bench/hot-queries.ts), with the tables any of them reads in full.
import { parseArgs } from 'node:util';
import { createTenantScopedPool } from '../db/tenant-scope';
import { createPool } from '../db/pool';
import { createBenchWorkspace } from './bench-databases';
import { explainHotQueries, fullScans, planLines, seedPlatform } from './hot-queries';

async function main() {
  const { values } = parseArgs({ options: { punches: { type: 'string', default: '1000000' }, tenants: { type: 'string', default: '50' }, members: { type: 'string', default: '400' } } });
  const workspace = await createBenchWorkspace('queries');
  const owner = createPool(workspace.appUrl, { max: 2 });
  const appRole = createTenantScopedPool(workspace.appUrl, { max: 1 });
  try {
    const startedSeeding = Date.now();
    const seeded = await seedPlatform(owner, { tenants: Number(values.tenants), membersPerTenant: Number(values.members), punches: Number(values.punches) });
    const seedMs = Date.now() - startedSeeding;
    const { rows } = await owner.query(
      `SELECT m.tenant_id, m.id, m.employee_code, m.telegram_user_id, (p.punched_at AT TIME ZONE 'Asia/Almaty')::date::text AS workday
       FROM punches p JOIN members m ON m.id = p.member_id ORDER BY p.id DESC LIMIT 1`,
    );
    const sample = { tenantId: rows[0].tenant_id, memberId: rows[0].id, employeeCode: rows[0].employee_code, telegramUserId: rows[0].telegram_user_id, workday: rows[0].workday };
    const client = await appRole.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [String(sample.tenantId)]);
      const plans = await explainHotQueries(owner, client, sample, true);
      await client.query('ROLLBACK');
      console.log(
        JSON.stringify(
          {
            seeded: { ...seeded, seedMs },
            queries: plans.map((p) => ({
              query: p.query,
              executionMs: p.statements.reduce((sum, s) => sum + (s.executionMs ?? 0), 0),
              fullScans: p.statements.flatMap((s) => fullScans(s.plan)),
              plan: p.statements.flatMap((s) => planLines(s.plan)),
            })),
          },
          null,
          1,
        ),
      );
    } finally {
      client.release();
    }
  } finally {
    await Promise.all([owner.end(), appRole.end()]);
    await workspace.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
