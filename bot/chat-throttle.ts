// The bot's own replies stay under Telegram's limits instead of tripping them: at most N messages
// per group in any window (20 a minute, Telegram says), about one a second per private chat, and
// a cap on the whole bot. A reply that would pass a limit waits for its turn; replies to one chat
// keep their order. A group's window is shared through Redis (cache/chat-window.ts) with every
// other bot replica and the worker's messages to that group; with Redis away, each process keeps
// the window by itself.
import type { Transformer } from 'grammy';
import { heldSpanMs, type ChatWindows, type Window } from '../cache/chat-window';

export type { Window };

export interface ThrottleLimits {
  group: Window;
  private: Window;
  /** Every chat together. */
  bot: Window;
}

/** Methods that post into a chat, so count towards its limit (answering a callback query does not). */
const POSTING_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'sendMediaGroup', 'copyMessage', 'forwardMessage', 'editMessageText']);

/**
 * At most `messages` in any `windowMs`, granted in the order asked for. Telegram counts a message
 * when it arrives, and requests sent together do not all arrive in the order they left, so a
 * window is held a little longer than its nominal length.
 */
class SlidingWindow {
  private granted: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  private readonly spanMs: number;

  constructor(
    private readonly limit: Window,
    private readonly now: () => number,
  ) {
    this.spanMs = heldSpanMs(limit);
  }

  take(): Promise<void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        const now = this.now();
        this.granted = this.granted.filter((t) => now - t < this.spanMs);
        if (this.granted.length < this.limit.messages) {
          this.granted.push(now);
          return;
        }
        await new Promise((r) => setTimeout(r, this.spanMs - (now - this.granted[0]!) + 1));
      }
    });
    this.tail = turn;
    return turn;
  }

  /** Nothing granted within the window and nobody waiting: it can be forgotten. */
  idle(): boolean {
    const now = this.now();
    return this.granted.every((t) => now - t >= this.spanMs);
  }
}

export interface SharedGroupWindows {
  windows: ChatWindows;
  /** Redis could not be asked; the process's own window is used meanwhile. */
  onError?: (err: unknown) => void;
}

export function createChatThrottle(limits: ThrottleLimits, now: () => number = Date.now, shared?: SharedGroupWindows): Transformer {
  const chats = new Map<string, SlidingWindow>();
  const bot = new SlidingWindow(limits.bot, now);
  let taken = 0;

  const takeShared = (chatId: string | number): Promise<unknown> =>
    shared!.windows.take(chatId).catch((err) => {
      shared!.onError?.(err);
      return windowOf(chatId).take();
    });

  const windowOf = (chatId: string | number): SlidingWindow => {
    const key = String(chatId);
    let window = chats.get(key);
    if (!window) {
      // Group and supergroup ids are negative; private chats are the user's (positive) id.
      window = new SlidingWindow(key.startsWith('-') ? limits.group : limits.private, now);
      chats.set(key, window);
    }
    return window;
  };

  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: string | number } | undefined)?.chat_id;
    if (POSTING_METHODS.has(method) && chatId !== undefined) {
      if (shared && String(chatId).startsWith('-')) await takeShared(chatId);
      else await windowOf(chatId).take();
      await bot.take();
      // Forget chats that have gone quiet, so a bot in thousands of chats does not grow forever.
      if (++taken % 1_000 === 0) for (const [key, window] of chats) if (window.idle()) chats.delete(key);
    }
    return prev(method, payload, signal);
  };
}
