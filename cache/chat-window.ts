// Telegram's limit per group (20 messages a minute) counts every message the bot posts there,
// whichever process posts it: the bot's replies on every replica and the worker's notices and
// reports. So the group's window is kept once, in Redis, and every sender takes its turn in it.
// A turn is reserved in the order asked for, and no more than `messages` turns ever fall within
// a window's length (plus a margin, because messages sent together do not arrive together).
import type { Redis } from 'ioredis';

/** At most `messages` in any `windowMs`. */
export interface Window {
  messages: number;
  windowMs: number;
}

// KEYS[1]: the chat's reserved turns (a sorted set of microseconds on Redis's clock).
// ARGV: messages, span (µs), the longest wait to reserve (µs; -1: any), a unique member.
// Returns {reserved (1/0), the wait (µs), the turn (µs of Redis's clock)}.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local messages = tonumber(ARGV[1])
local span = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
local at = now
local count = redis.call('ZCARD', KEYS[1])
if count > 0 then
  local last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  if last > at then at = last end
end
if count >= messages then
  local leaving = tonumber(redis.call('ZRANGE', KEYS[1], count - messages, count - messages, 'WITHSCORES')[2])
  if leaving + span > at then at = leaving + span end
end
if maxWait >= 0 and at - now > maxWait then return {0, at - now, at} end
redis.call('ZADD', KEYS[1], at, ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil((at - now + span) / 1000))
return {1, at - now, at}
`;

/** `atMs`: when the turn is, by Redis's clock (the same for every process). */
export interface Turn {
  reserved: boolean;
  waitMs: number;
  atMs: number;
}

export interface ChatWindows {
  /**
   * Reserves the chat's next turn, or, when that is more than `maxWaitMs` away, reserves nothing
   * and says how far away it is. Throws when Redis cannot be asked.
   */
  reserve(chatId: number | string, maxWaitMs?: number): Promise<Turn>;
  /** Reserves as `reserve` does and, when reserved, resolves once the turn has come. */
  take(chatId: number | string, maxWaitMs?: number): Promise<Turn>;
}

let sequence = 0;

/** The span a window is held for: its length and a margin (2%, at least 250 ms). */
export function heldSpanMs(window: Window): number {
  return window.windowMs + Math.max(250, window.windowMs * 0.02);
}

export function createChatWindows(redis: Redis, window: Window): ChatWindows {
  const spanUs = Math.round(heldSpanMs(window) * 1000);
  const reserve = async (chatId: number | string, maxWaitMs?: number): Promise<Turn> => {
    const member = `${process.pid}:${Date.now()}:${++sequence}`;
    const maxWaitUs = maxWaitMs === undefined ? -1 : Math.round(maxWaitMs * 1000);
    const [reserved, waitUs, atUs] = (await redis.eval(RESERVE, 1, `telegram:chat-window:${chatId}`, String(window.messages), String(spanUs), String(maxWaitUs), member)) as [number, number, number];
    return { reserved: reserved === 1, waitMs: waitUs / 1000, atMs: atUs / 1000 };
  };
  return {
    reserve,
    async take(chatId, maxWaitMs) {
      const turn = await reserve(chatId, maxWaitMs);
      if (turn.reserved && turn.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(turn.waitMs)));
      return turn;
    },
  };
}
