import { onBeforeUnmount } from 'vue';

type EventName = 'requests' | 'punch';
type Listener = (data: unknown) => void;

// One EventSource for the whole tab, shared by every subscriber; reconnects are its own.
let source: EventSource | null = null;
const listeners = new Map<EventName, Set<Listener>>();

function parse(event: MessageEvent<string>): unknown {
  try {
    return JSON.parse(event.data) as unknown;
  } catch {
    return null;
  }
}

function ensureSource() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/events', { withCredentials: true });
  for (const name of ['requests', 'punch'] as const) {
    source.addEventListener(name, (event) => {
      const data = parse(event as MessageEvent<string>);
      for (const listener of listeners.get(name) ?? []) listener(data);
    });
  }
}

function closeIfIdle() {
  const any = [...listeners.values()].some((set) => set.size > 0);
  if (!any && source) {
    source.close();
    source = null;
  }
}

/** Subscribes for the life of the calling component to the API's live events. */
export function useEvents(handlers: Partial<Record<EventName, Listener>>): void {
  const added: Array<[EventName, Listener]> = [];
  for (const [name, listener] of Object.entries(handlers) as Array<[EventName, Listener | undefined]>) {
    if (!listener) continue;
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name)!.add(listener);
    added.push([name, listener]);
  }
  ensureSource();
  onBeforeUnmount(() => {
    for (const [name, listener] of added) listeners.get(name)?.delete(listener);
    closeIfIdle();
  });
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const wrapped = (...args: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  wrapped.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return wrapped;
}

/**
 * For live events: runs `fn` once `ms` after the first call of a burst, however many calls follow
 * in between (a debounce would keep postponing it while a morning rush of clock-ins goes on).
 */
export function atMostEvery(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const wrapped = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
  wrapped.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return wrapped;
}
