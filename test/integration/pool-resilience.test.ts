// A pooled connection can die while the code holding it waits between two queries (a transaction
// waiting on Temporal, say) when PostgreSQL restarts. pg-pool only listens for errors on idle
// clients; without a listener of our own that error would take the whole process down.
import { Client } from 'pg';
import { createPool } from '../../db/pool';
import { testRunEnv } from '../support/env';
import { sleep } from '../support/stack';

test('When the server ends a checked-out connection between queries, then the process lives on, the next query fails, and the pool recovers', async () => {
  // Arrange
  const url = `${testRunEnv().postgresUrl}/postgres`;
  const pool = createPool(url, { max: 1 });
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    const held = await pool.connect();
    const pid = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

    // Act: the server ends it while no query runs on it.
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await sleep(300);

    // Assert
    expect(uncaught).toEqual([]);
    await expect(held.query('SELECT 1')).rejects.toThrow();
    held.release(true);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  } finally {
    process.off('uncaughtException', onUncaught);
    await admin.end();
    await pool.end();
  }
});
