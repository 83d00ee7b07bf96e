// Telegram sends. Runs only on the telegram-outbound task queue, whose worker caps the
// fleet-wide rate; a per-chat 429 becomes the next retry delay Telegram asked for.
import { ApplicationFailure } from '@temporalio/common';
import { GrammyError, HttpError, type Api } from 'grammy';
import type { Pool } from 'pg';
import { saveRequestMessages } from '../db/repositories/requests';
import { withTenant } from '../db/tenant-scope';

export type SendOutcome = { status: 'sent'; messageId: number } | { status: 'blocked' } | { status: 'failed'; reason: string };

export interface OutgoingMessage {
  chatId: number;
  text: string;
  /** Only for texts built with withMention (escaped). */
  parseMode?: 'HTML';
  buttons?: Array<{ text: string; data: string }>;
}

/** Errors Telegram will repeat however often we retry (bad chat id, bot kicked, ...). */
function isPermanent(err: GrammyError): boolean {
  return err.error_code === 400 || err.error_code === 404;
}

/** A 429 becomes a failure whose next retry waits exactly as long as Telegram asked. */
function rateLimited(err: GrammyError): ApplicationFailure {
  const retryAfter = Math.max(1, err.parameters.retry_after ?? 1);
  return ApplicationFailure.create({
    message: `Telegram rate limit for this chat; retry after ${retryAfter}s`,
    type: 'TelegramRateLimited',
    nextRetryDelay: `${retryAfter}s`,
  });
}

/** An admin's copy of a request: sent, then recorded where it went (see sendRequestCopy). */
export interface RequestCopy {
  tenantId: number;
  workflowId: string;
  message: OutgoingMessage;
}

/**
 * `pool` works as the app role; only `sendRequestCopy` uses it, to record an admin's copy the
 * moment Telegram took it.
 */
export function createTelegramActivities(deps: { api: Api; pool: Pool }) {
  const { api, pool } = deps;

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    try {
      const sent = await api.sendMessage(message.chatId, message.text, {
        link_preview_options: { is_disabled: true },
        ...(message.parseMode ? { parse_mode: message.parseMode } : {}),
        ...(message.buttons ? { reply_markup: { inline_keyboard: [message.buttons.map((b) => ({ text: b.text, callback_data: b.data }))] } } : {}),
      });
      return { status: 'sent', messageId: sent.message_id };
    } catch (err) {
      if (err instanceof GrammyError) {
        if (err.error_code === 429) throw rateLimited(err);
        if (err.error_code === 403) return { status: 'blocked' };
        if (isPermanent(err)) return { status: 'failed', reason: err.description };
        throw new Error(`Telegram error ${err.error_code}: ${err.description}`);
      }
      if (err instanceof HttpError) {
        // Network trouble: the message may or may not have left; Temporal retries.
        throw new Error(`Telegram unreachable: ${err.message.replace(/bot\d+:[\w-]+/g, 'bot<token>')}`);
      }
      throw err;
    }
  }

  return {
    /** Replaces a message's text and removes its buttons; a message already so is fine. */
    async editTelegramMessage(edit: { chatId: number; messageId: number; text: string }): Promise<void> {
      try {
        await api.editMessageText(edit.chatId, edit.messageId, edit.text, { reply_markup: { inline_keyboard: [] } });
      } catch (err) {
        if (err instanceof GrammyError && err.error_code === 400) return; // not modified, or gone
        if (err instanceof GrammyError && err.error_code === 429) throw rateLimited(err);
        throw err;
      }
    },

    sendTelegramMessage: send,

    /**
     * Sends an admin's copy of a request and records where it went in the same step, so a reply
     * to it is understood at once. (One activity, not a send and then a local activity: the
     * approval sends every copy at once, and local activities finishing side by side with a
     * decision's would make the workflow's commands depend on which finished first.)
     */
    async sendRequestCopy(copy: RequestCopy): Promise<SendOutcome> {
      const outcome = await send(copy.message);
      if (outcome.status === 'sent') {
        await withTenant(pool, copy.tenantId, (tx) =>
          saveRequestMessages(tx, copy.tenantId, copy.workflowId, [{ chatId: copy.message.chatId, messageId: outcome.messageId }]),
        );
      }
      return outcome;
    },
  };
}

export type TelegramActivities = ReturnType<typeof createTelegramActivities>;
