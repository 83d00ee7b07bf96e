// An operator scrapes the real processes: a punch at a terminal shows up as a punch the listener
// relayed and a notification the worker sent, and every process reports itself ready.
import type { ServiceName } from '../../scripts/service-process';
import { freePort } from '../support/free-port';
import { eventually, startStack, type Stack } from '../support/stack';

const aida = { id: 5101, first_name: 'Aida', username: 'aida' };
const AIDA_IIN = '791028302728';

/** The value of one series in Prometheus text (0 when it has not appeared yet). */
function sample(metrics: string, name: string, label: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('Process metrics', () => {
  let stack: Stack;
  const ports = new Map<ServiceName, number>();
  let temporalSdkPort = 0;
  const scrape = async (name: ServiceName, path = '/metrics') => {
    const res = await fetch(`http://127.0.0.1:${ports.get(name)}${path}`);
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    stack = await startStack({ services: [] });
    temporalSdkPort = await freePort();
    await Promise.all(
      (['worker', 'listener', 'bot'] as const).map(async (name) => {
        ports.set(name, await freePort());
        const sdk: Record<string, string> = name === 'worker' ? { TEMPORAL_METRICS_PORT: String(temporalSdkPort) } : {};
        await stack.start(name, { METRICS_PORT: String(ports.get(name)), ...sdk });
      }),
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  test('When the processes are up, then each one is ready and names its own dependencies', async () => {
    expect(JSON.parse((await scrape('worker', '/readyz')).text)).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', temporal: 'ok' } });
    expect(JSON.parse((await scrape('listener', '/readyz')).text)).toEqual({ status: 'ready', checks: { postgres: 'ok', biotime: 'ok', temporal: 'ok' } });
    expect(JSON.parse((await scrape('bot', '/readyz')).text)).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  test('When a registered employee punches at a terminal, then the relay and the notification are counted', async () => {
    // Arrange
    await stack.register(aida, AIDA_IIN);
    const sentBefore = sample((await scrape('worker')).text, 'attendance_notifications_total', 'outcome="sent"');
    const relayedBefore = sample((await scrape('listener')).text, 'attendance_punches_relayed_total', 'source="default"');

    // Act
    const rowId = await stack.insertPunch({ employee: AIDA_IIN, state: 0 });
    await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('Punch recorded'), 20_000, 'the punch notification');
    await stack.punchOutcome(rowId);

    // Assert
    const worker = (await scrape('worker')).text;
    expect(sample(worker, 'attendance_notifications_total', 'outcome="sent"')).toBe(sentBefore + 1);
    expect(worker).toMatch(/^attendance_notifications_total\{outcome="sent",process="worker"\} /m);
    const listener = (await scrape('listener')).text;
    expect(sample(listener, 'attendance_punches_relayed_total', 'source="default"')).toBe(relayedBefore + 1);
    expect(sample(listener, 'attendance_punch_relay_lag_seconds_count', 'source="default"')).toBe(relayedBefore + 1);
    // The punch was inserted just now: it reached Temporal within seconds, not hours (zones agree).
    expect(sample(listener, 'attendance_punch_relay_lag_seconds_bucket', 'le="10"')).toBe(relayedBefore + 1);
    // Caught up: measured after the drain, the cursor is at BioTime's newest row.
    const caughtUp = await eventually(async () => {
      const text = (await scrape('listener')).text;
      return /^attendance_biotime_cursor_lag_rows\{source="default",process="listener"\} 0$/m.test(text) ? text : null;
    }, 5_000, 'the cursor lag measured');
    // The Temporal SDK's own metrics, on the worker's second port.
    const sdk = await (await fetch(`http://127.0.0.1:${temporalSdkPort}/metrics`)).text();
    expect(sdk).toMatch(/^temporal_worker_task_slots_available\{[^}]*task_queue="telegram-outbound"/m);
    expect(sdk).toMatch(/^temporal_workflow_task_schedule_to_start_latency_count\{[^}]*task_queue="attendance"[^}]*\} [1-9]/m);
    expect(caughtUp).toMatch(/^attendance_biotime_cursor_lag_seconds\{source="default",process="listener"\} 0$/m);
  });
});
