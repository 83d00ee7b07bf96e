import { Client } from 'pg';
import type { TestTemporal } from './temporal-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __temporalServer?: TestTemporal }).__temporalServer;
  await server?.close();

  // Drop this run's databases; keep them with KEEP_TEST_DATABASES=1 to look inside after a failure.
  const runId = process.env.TEST_RUN_ID;
  if (!runId || process.env.KEEP_TEST_DATABASES) return;
  const admin = new Client({ connectionString: `${process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'}/postgres` });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`att_${runId}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
