// Live pages: one LISTEN connection per API process for the `panel_events` channel (filled by
// triggers at commit: a clock-in, a request created or decided on any channel), fanned out to
// the open panels of that company. Nothing is kept: a panel that was away reloads its page.
import createSubscriber from 'pg-listen';
import { describeError, type Logger } from '../config/logger';

export const PANEL_EVENTS_CHANNEL = 'panel_events';

export type PanelEvent =
  | { tenantId: number; event: 'punch' }
  | { tenantId: number; event: 'requests'; kind: 'advance' | 'leave' | 'correction'; id: number; status: string };

export type PanelEventListener = (event: PanelEvent) => void;

export interface PanelEvents {
  /** Calls `listener` for each of this company's events until the returned function is called. */
  subscribe(tenantId: number, listener: PanelEventListener): () => void;
  close(): Promise<void>;
}

function isPanelEvent(value: unknown): value is PanelEvent {
  const v = value as Partial<PanelEvent> | null;
  return typeof v === 'object' && v !== null && Number.isSafeInteger(v.tenantId) && (v.event === 'punch' || v.event === 'requests');
}

export async function listenForPanelEvents(databaseUrl: string, log: Logger, signal?: AbortSignal): Promise<PanelEvents> {
  const listeners = new Map<number, Set<PanelEventListener>>();
  const subscriber = createSubscriber(
    { connectionString: databaseUrl },
    { retryTimeout: Infinity, retryInterval: (attempt) => Math.min(500 * 2 ** attempt, 15_000), paranoidChecking: 10_000 },
  );
  subscriber.notifications.on(PANEL_EVENTS_CHANNEL, (payload: unknown) => {
    if (!isPanelEvent(payload)) return;
    for (const listener of listeners.get(payload.tenantId) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        log.warn({ err: describeError(err) }, 'a panel event listener failed');
      }
    }
  });
  subscriber.events.on('reconnect', (attempt) => log.warn({ attempt }, 'reconnecting the panel events connection'));
  subscriber.events.on('error', (err) => log.error({ err: describeError(err) }, 'panel events connection failed'));
  if (signal?.aborted) throw new Error('aborted');
  await subscriber.connect();
  await subscriber.listenTo(PANEL_EVENTS_CHANNEL);

  return {
    subscribe(tenantId, listener) {
      const set = listeners.get(tenantId) ?? new Set();
      set.add(listener);
      listeners.set(tenantId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(tenantId);
      };
    },
    async close() {
      listeners.clear();
      await subscriber.close().catch(() => undefined);
    },
  };
}
