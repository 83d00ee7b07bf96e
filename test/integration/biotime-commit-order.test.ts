// BioTime writes from many terminals at once: a transaction that took a lower id can commit after
// one that took a higher id, or roll back. Every committed row is still notified exactly once.
import { Client as PgClient } from 'pg';
import { readPosition } from '../../db/repositories/biotime-cursor';
import { eventually, localNow, sleep, startStack, type Stack } from '../support/stack';

const aida = { id: 8201, first_name: 'Aida' };
const AIDA_IIN = '791028302728';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  await stack.register(aida, AIDA_IIN);
});
afterAll(async () => {
  await stack?.close();
});

const notices = () => stack.fake.sentTo(aida.id).filter((s) => s.text.includes('Punch recorded'));
const terminalsNotified = () => notices().map((s) => /Terminal: (\S+)/.exec(s.text)![1]!);

/** A terminal's connection to BioTime's database, for a transaction held open on purpose. */
async function terminalConnection(): Promise<PgClient> {
  const client = new PgClient({ connectionString: String(stack.env.BIOTIME_DATABASE_URL) });
  await client.connect();
  return client;
}

async function insertInOpenTransaction(client: PgClient, terminal: string): Promise<number> {
  await client.query('BEGIN');
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias) VALUES ($1, $2, '0', $3) RETURNING id`,
    [AIDA_IIN, localNow(), terminal],
  );
  return rows[0]!.id;
}

const position = () => readPosition(stack.appPool, 'default');

test('When two transactions commit in reverse id order, then both rows are notified once', async () => {
  const early = await terminalConnection();
  const late = await terminalConnection();
  try {
    // Arrange: the first transaction takes the lower id and stays open.
    const lowId = await insertInOpenTransaction(early, 'Slow-gate');
    const highId = await insertInOpenTransaction(late, 'Fast-gate');
    expect(highId).toBeGreaterThan(lowId);

    // Act: the higher id commits first and is handed over; the cursor moves past the lower one.
    await late.query('COMMIT');
    await stack.fake.waitForSent(() => terminalsNotified().includes('Fast-gate'), 20_000, 'the fast gate notice');
    await eventually(async () => ((await position()).cursor ?? 0) >= highId, 10_000, 'the cursor past the higher id');
    expect((await position()).openGaps).toEqual([[lowId, lowId]]);
    await early.query('COMMIT');

    // Assert
    await stack.fake.waitForSent(() => terminalsNotified().includes('Slow-gate'), 20_000, 'the slow gate notice');
    await stack.punchOutcome(lowId);
    expect(terminalsNotified().filter((t) => t === 'Slow-gate')).toHaveLength(1);
    expect(terminalsNotified().filter((t) => t === 'Fast-gate')).toHaveLength(1);
    await eventually(async () => (await position()).openGaps.length === 0, 30_000, 'the gap to close');
  } finally {
    await Promise.all([early.end(), late.end()]);
  }
});

test('When many connections write at once with random commit delays, some rolling back, then every committed row is notified exactly once', async () => {
  const connections = 16;
  const perConnection = 8;
  const committed: string[] = [];
  const rolledBack: string[] = [];
  const before = notices().length;

  // Act: each terminal connection inserts its rows one transaction at a time, holding each open
  // for a random while, so commits land out of id order; about one in eight rolls back.
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      const client = await terminalConnection();
      try {
        for (let i = 0; i < perConnection; i++) {
          const terminal = `C${c}-${i}`;
          await insertInOpenTransaction(client, terminal);
          await sleep(Math.random() * 400);
          if (Math.random() < 0.125) {
            await client.query('ROLLBACK');
            rolledBack.push(terminal);
          } else {
            await client.query('COMMIT');
            committed.push(terminal);
          }
        }
      } finally {
        await client.end();
      }
    }),
  );

  // Assert: each committed row once, no rolled-back row, and no gap left open once it settles.
  await stack.fake.waitForSent(() => notices().length >= before + committed.length, 60_000, `${committed.length} punch notices`);
  await eventually(async () => (await position()).openGaps.length === 0, 30_000, 'every gap to close');
  await sleep(1_000); // a moment for any duplicate to show up
  const seen = terminalsNotified().filter((t) => /^C\d+-\d+$/.test(t));
  expect(seen.sort()).toEqual([...committed].sort());
  expect(seen.filter((t) => rolledBack.includes(t))).toEqual([]);
});
