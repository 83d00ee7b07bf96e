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
// event loop) while a later one is on time makes a 429, and so does one that goes early. So a
// send never wakes before its slot, and one that may be more than `toleranceMs` (10 ms) later than
// the others does not go: it takes a new slot. And slots are spaced so that perSecond+1 of them
// span a second plus `marginMs` (20 ms: that tolerance, and the way to Telegram, which varies
// too). At 30 a second that is one send every 34 ms, 29.4/s.
//
// Redis says how long after the moment it ran the script the slot is; that moment lies somewhere
// in the round trip. Sleeping until the answer plus the wait never wakes early. How late that is
// depends on how much of the round trip came after Redis ran it: the same for every send on a
// steady link, however slow, and at most the round trip's excess over the link's fastest (the
// least of the last 64) when this process was slow to read the answer. So that excess counts
// as lateness, with how late the timer woke. The link's fastest is first measured on its own,
// before any send asks for a slot: were it learnt from the first sends' own round trips, a pause
// while they were all in flight (a rush starting with a garbage collection) would make the slow
// reading their baseline, and every one of them would go that much late undetected while a send
// that took a new slot went on time, two sends closer than the spacing.
//
// A send also has a deadline: the time by which its activity attempt must have sent, or Temporal
// may already have timed the attempt out and started a retry, and the two would both send. A slot
// beyond the deadline is not taken (the caller hands the send back to Temporal for later), and a
// send that wakes past its deadline does not go. A send never goes off the schedule: one that
// keeps waking late, or whose next slot would be past its deadline, is handed back the same way.
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

/** A send that keeps waking late is handed back after missing this many slots. */
const MAX_RESLOTS = 5;

/**
 * `go`: the send may go now. Otherwise it should not go now: its slot would come after its
 * deadline (`waitMs` away), or it woke after the deadline or kept waking late (`waitMs` 0).
 */
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
  /** How late after its slot a send may still go (default 10 ms; it never goes early). */
  toleranceMs?: number;
  /** How much more than a second perSecond+1 consecutive slots span (default 20 ms). */
  marginMs?: number;
  onRedisError?: (err: unknown) => void;
  /** A send woke too late for its slot and took another. */
  onReslot?: () => void;
}

export function createSendPacer(deps: SendPacerOptions): SendPacer {
  const { redis, perSecond } = deps;
  const toleranceMs = deps.toleranceMs ?? 10;
  const intervalUs = Math.ceil((1_000_000 + (deps.marginMs ?? 20) * 1000) / perSecond);
  let reslotted = 0;
  // The last round trips to Redis, for the link's fastest.
  const roundTrips: number[] = [];
  // With none to compare with yet, all of this one counts.
  const fastestAfter = (rtt: number) => {
    const fastest = roundTrips.length === 0 ? 0 : Math.min(rtt, ...roundTrips);
    roundTrips.push(rtt);
    if (roundTrips.length > 64) roundTrips.shift();
    return fastest;
  };
  // One round trip alone, shared by the sends waiting for it; measured again after a failure.
  let measuring: Promise<void> | null = null;
  const measureLink = async () => {
    const asked = performance.now();
    try {
      await redis.eval('return 0', 0);
      fastestAfter(performance.now() - asked);
    } catch {
      measuring = null;
    }
  };
  return {
    get reslotted() {
      return reslotted;
    },
    async awaitSlot(deadline = Infinity) {
      if (roundTrips.length === 0) await (measuring ??= measureLink());
      for (let slots = 1; ; slots += 1) {
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
        if (waitUs < 0) return { go: false, waitMs: (-waitUs - 1) / 1000 };
        const answered = performance.now();
        const roundTrip = answered - asked;
        const slowReading = roundTrip - fastestAfter(roundTrip);
        const due = answered + waitUs / 1000;
        const sleepMs = due - performance.now();
        if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(sleepMs)));
        const woke = performance.now();
        if (woke > deadline) return { go: false, waitMs: 0 };
        if (woke - due + slowReading <= toleranceMs) return { go: true };
        reslotted += 1;
        deps.onReslot?.();
        if (slots >= MAX_RESLOTS) return { go: false, waitMs: 0 };
      }
    },
  };
}
