// Evenly spaced Telegram sends for the whole fleet. The telegram-outbound task queue's rate limit
// (TELEGRAM_MAX_MESSAGES_PER_SECOND) caps how fast sends start, but as a token bucket: after a
// quiet hour it lets a second's worth through at once and then keeps refilling, so the first
// second of a morning rush can carry twice the rate and Telegram answers 429. Each send here first
// takes the next free slot on one schedule kept in Redis (by Redis's own clock, so every worker
// agrees) and waits for it, whichever worker sends it. With Redis down, sends are paced by the
// task queue alone (a 429 then is retried when Telegram says).
//
// Telegram counts sends in a sliding window: at most `perSecond` in any second. Evenly spaced
// slots at exactly that rate put the first and the last of any run of perSecond+1 sends exactly a
// second apart, so one send that goes a few milliseconds late (a garbage-collection pause, a busy
// event loop) while a later one is on time makes a 429. So a send that wakes more than
// `toleranceMs` (5 ms) after its slot does not go: it takes a new slot. And slots are spaced so
// that perSecond+1 of them span a second plus `marginMs` (20 ms: that tolerance, and the way to
// Telegram, which varies too). At 30 a second that is one send every 34 ms, 29.4/s.
//
// A send also has a deadline: the time by which its activity attempt must have sent, or Temporal
// may already have timed the attempt out and started a retry, and the two would both send. A slot
// beyond the deadline is not taken (the caller hands the send back to Temporal for later); a send
// that wakes past its deadline does not go; a late send whose new slot would be past it goes at
// once instead (a 429 is retried cleanly, a message sent twice is not undone).
import type { Redis } from 'ioredis';

// The slot after the last one given out, in microseconds of Redis's clock; expires when idle.
// ARGV: the spacing, and the longest wait a send will take (-1: any). Returns the wait, or, when
// the slot is further off than that, minus the wait minus one, and reserves nothing.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nextFree)
local maxWait = tonumber(ARGV[2])
if maxWait >= 0 and at - now > maxWait then return -(at - now) - 1 end
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'PX', 60000)
return at - now
`;

/** A send that keeps waking late gives up its place after this many slots and goes anyway. */
const MAX_RESLOTS = 5;

/** `go`: the send may go now. Otherwise its slot was beyond the deadline, `waitMs` away. */
export type Slot = { go: true } | { go: false; waitMs: number };

export interface SendPacer {
  /**
   * Resolves when this send's slot has come (at once when Redis cannot be asked). `deadline`
   * (`performance.now()` time) is when the send must have gone by: a slot after it is not taken.
   */
  awaitSlot(deadline?: number): Promise<Slot>;
  /** How many slots were given up because their send woke too late for them. */
  readonly reslotted: number;
}

export interface SendPacerOptions {
  redis: Redis;
  perSecond: number;
  /** How late after its slot a send may still go (default 5 ms). */
  toleranceMs?: number;
  /** How much more than a second perSecond+1 consecutive slots span (default 20 ms). */
  marginMs?: number;
  onRedisError?: (err: unknown) => void;
  /** A send woke too late for its slot and took another. */
  onReslot?: () => void;
}

export function createSendPacer(deps: SendPacerOptions): SendPacer {
  const { redis, perSecond } = deps;
  const toleranceMs = deps.toleranceMs ?? 5;
  const intervalUs = Math.ceil((1_000_000 + (deps.marginMs ?? 20) * 1000) / perSecond);
  let reslotted = 0;
  return {
    get reslotted() {
      return reslotted;
    },
    async awaitSlot(deadline = Infinity) {
      for (let slots = 1; ; slots += 1) {
        // Taken before asking, so the slot's local time is never thought later than it is.
        const asked = performance.now();
        if (asked > deadline) return { go: false, waitMs: 0 };
        const maxWaitUs = Number.isFinite(deadline) ? Math.floor((deadline - asked) * 1000) : -1;
        let waitUs: number;
        try {
          waitUs = Number(await redis.eval(RESERVE, 1, 'telegram:send-slots', String(intervalUs), String(maxWaitUs)));
        } catch (err) {
          deps.onRedisError?.(err);
          return { go: true };
        }
        if (waitUs < 0) return slots === 1 ? { go: false, waitMs: (-waitUs - 1) / 1000 } : { go: true };
        const due = asked + waitUs / 1000;
        const sleepMs = due - performance.now();
        if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(sleepMs)));
        const woke = performance.now();
        if (woke > deadline) return { go: false, waitMs: 0 };
        if (woke - due <= toleranceMs || slots >= MAX_RESLOTS) return { go: true };
        reslotted += 1;
        deps.onReslot?.();
      }
    },
  };
}
