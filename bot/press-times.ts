// When was a button pressed? Telegram does not say: a callback query carries no date. But
// Telegram numbers a bot's updates in the order it received them, and every message carries the
// time it was sent. So when the bot fetches a backlog (it was down, or fell behind), a press is
// known to have happened no later than the first dated update queued after it. Without such an
// update (the normal case: the press is the newest thing the bot has), it is timed on receipt.
import type { Transformer } from 'grammy';
import type { Update } from 'grammy/types';

/** How long a press's bound is kept: well beyond the time the bot takes to handle a backlog. */
const KEEP_MS = 10 * 60_000;

/** When the update's event happened, in seconds (an edit's own time, not its message's). */
function dateOf(update: Update): number | undefined {
  if (update.edited_message) return update.edited_message.edit_date ?? update.edited_message.date;
  const dated = update.message ?? update.channel_post ?? update.my_chat_member ?? update.chat_member ?? update.chat_join_request;
  return dated?.date;
}

/** Dates have one-second resolution and Telegram's queue may order events a moment apart. */
const SLACK_MS = 1_000;

export interface PressClock {
  /** Install on the bot's API: reads every batch of updates the bot fetches. */
  transformer: Transformer;
  /** The latest instant the press can have happened, or undefined when nothing later was queued with it. */
  pressedBy(callbackQueryId: string): Date | undefined;
  /** Reads a batch of updates in Telegram's order (what the transformer does with getUpdates). */
  observe(updates: readonly Update[]): void;
}

export function createPressClock(now: () => number = Date.now): PressClock {
  const bounds = new Map<string, { at: number; seenAt: number }>();

  function observe(updates: readonly Update[]): void {
    const seenAt = now();
    let nextDated: number | undefined;
    // Walk back from the newest: each press is bounded by the first dated update after it.
    for (let i = updates.length - 1; i >= 0; i--) {
      const update = updates[i]!;
      const date = dateOf(update);
      if (date !== undefined) nextDated = nextDated === undefined ? date : Math.min(nextDated, date);
      else if (update.callback_query && nextDated !== undefined) bounds.set(update.callback_query.id, { at: nextDated * 1000 + SLACK_MS, seenAt });
    }
    for (const [id, bound] of bounds) if (seenAt - bound.seenAt > KEEP_MS) bounds.delete(id);
  }

  return {
    transformer: async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (method === 'getUpdates' && result.ok) observe(result.result as Update[]);
      return result;
    },
    pressedBy(callbackQueryId) {
      const bound = bounds.get(callbackQueryId);
      return bound ? new Date(bound.at) : undefined;
    },
    observe,
  };
}
