// `npm run panel:link -- --super <telegram id>` or `-- --tenant <id> --user <telegram id>`: prints a
// one-time sign-in link to the web panel (10 minutes, single use), for an operator at a terminal.
// A tenant link is for that company's admin role: Telegram is still asked at every request.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { getTenant } from '../db/repositories/tenants';
import { issueSignInLink } from '../services/panel-links';

const USAGE = 'usage: npm run panel:link -- --super <telegram id>  |  -- --tenant <id> --user <telegram id>';

function positiveId(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { super: { type: 'string' }, tenant: { type: 'string' }, user: { type: 'string' } } });
  const superId = positiveId(values.super);
  const tenantId = positiveId(values.tenant);
  const userId = positiveId(values.user);
  if (!(superId !== undefined && values.tenant === undefined && values.user === undefined) && !(superId === undefined && tenantId !== undefined && userId !== undefined)) {
    console.error(USAGE);
    process.exit(64);
  }
  const config = loadConfig();
  const pool = createPool(config.DATABASE_URL, { max: 1 });
  try {
    if (tenantId !== undefined && !(await getTenant(pool, tenantId))) throw new Error(`there is no company ${tenantId}`);
    const link = await issueSignInLink(pool, {
      telegramUserId: superId ?? userId!,
      tenantId: superId !== undefined ? null : tenantId!,
      role: superId !== undefined ? 'super' : 'admin',
      publicUrl: config.PANEL_PUBLIC_URL,
    });
    process.stdout.write(`${link}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((err) => {
  console.error(`panel:link failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
