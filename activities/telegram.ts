// Telegram sends. Runs only on the telegram-outbound task queue, whose worker caps the
// fleet-wide rate; a per-chat 429 becomes the next retry delay Telegram asked for.
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import type { Pool } from 'pg';
import { forgetWithdrawButton, saveRequestMessages, withdrawButtonsOf } from '../db/repositories/requests';
import { getTenant, moveTenantChat } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { one, type Queryable } from '../db/queryable';
import { recordNotification, recordSendDeferred, recordTelegramRateLimit } from '../config/metrics';
import { migratedTo } from '../config/telegram-errors';
import { DEFAULT_LANGUAGE_PAIR } from '../domain/messages';
import { withOutcome } from '../domain/request-lines';
import type { RequestStatus } from '../domain/requests';
import type { SendPacer } from '../cache/send-pacer';
import type { ChatWindows } from '../cache/chat-window';
import { loadMonthReport } from '../services/exports/month-data';
import { monthWorkbookBytes } from '../services/exports/month-workbook';

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
  recordTelegramRateLimit(retryAfter);
  return ApplicationFailure.create({
    message: `Telegram rate limit for this chat; retry after ${retryAfter}s`,
    type: 'TelegramRateLimited',
    nextRetryDelay: `${retryAfter}s`,
  });
}

/** How long a send waits in the activity for its group's turn; a later turn is a retry at that time. */
const MAX_GROUP_WAIT_MS = 15_000;

/** The group's turn came later than a send should wait for it: Temporal retries then. */
function groupTurnLater(waitMs: number): ApplicationFailure {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return ApplicationFailure.create({
    message: `the group's next turn under Telegram's per-group limit is in ${seconds}s`,
    type: 'TelegramGroupPaced',
    nextRetryDelay: `${seconds}s`,
  });
}

/** The running attempt's start-to-close timeout in ms; null outside an activity. */
function attemptTimeoutMs(): number | null {
  const ms = asyncLocalStorage.getStore()?.info.startToCloseTimeoutMs;
  return ms && ms > 0 ? ms : null;
}

/**
 * When a send must have left by, as `performance.now()` time: half its attempt's start-to-close
 * timeout after the attempt began (the other half is for Telegram's answer and the report back).
 * Past that, Temporal may time the attempt out and start a retry that sends as well; so a send
 * whose turn comes later is handed back instead (see sendLater). Outside an activity: no deadline.
 */
function sendDeadline(): number {
  const ms = attemptTimeoutMs();
  return ms === null ? Infinity : performance.now() + ms / 2;
}

/** grammY names the abort-controller package's AbortSignal type; Node's own is the same thing. */
type CallSignal = Parameters<Api['getMe']>[0];

/** How long before its attempt's timeout a Telegram call still unanswered is given up. */
const CALL_END_MARGIN_MS = 500;

/**
 * Ends a Telegram call whose answer has not come by just before its attempt's start-to-close
 * timeout: past that Temporal retries it anyway, and a call left waiting (grammY's own limit is
 * minutes) would go on holding one of the worker's activity slots. Taken when the activity starts;
 * outside an activity, none.
 */
function attemptSignal(): CallSignal {
  const ms = attemptTimeoutMs();
  return ms === null ? undefined : (AbortSignal.timeout(Math.max(1, ms - CALL_END_MARGIN_MS)) as CallSignal);
}

/**
 * The send's turn comes after its attempt must have sent (or it kept waking too late for its
 * slot): Temporal retries it about when the turn would have been.
 */
function sendLater(waitMs: number): ApplicationFailure {
  recordSendDeferred();
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return ApplicationFailure.create({
    message: `no send slot on the fleet's schedule in time for this attempt; retry in ${seconds}s`,
    type: 'TelegramSendLater',
    nextRetryDelay: `${seconds}s`,
  });
}

/**
 * What a failed send means: a 429 or a transient error is thrown (retried), the rest is an outcome.
 * Every attempt is counted once (a 429 as a rate limit, not as a failed notification).
 */
function classify(err: unknown): SendOutcome {
  if (err instanceof GrammyError) {
    if (err.error_code === 429) throw rateLimited(err);
    if (err.error_code === 403) return counted({ status: 'blocked' });
    if (isPermanent(err)) return counted({ status: 'failed', reason: err.description });
    recordNotification('failed');
    throw new Error(`Telegram error ${err.error_code}: ${err.description}`);
  }
  if (err instanceof HttpError) {
    recordNotification('failed');
    // Network trouble: the message may or may not have left; Temporal retries.
    throw unreachable(err);
  }
  throw err;
}

/** Network trouble reaching Telegram, retried; the bot's token never goes into the error. */
function unreachable(err: HttpError): Error {
  return new Error(`Telegram unreachable: ${err.message.replace(/bot\d+:[\w-]+/g, 'bot<token>')}`);
}

/**
 * An edit of a message the bot sent. One Telegram will not make is done with: 400 (nothing to
 * change, or the message is gone) and 403 (the person blocked the bot) are final, and retrying
 * them would hold the workflow for a day. A 429 waits as Telegram says; the rest is retried.
 */
async function editing(edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
  } catch (err) {
    if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) return;
    if (err instanceof GrammyError && err.error_code === 429) throw rateLimited(err);
    if (err instanceof HttpError) throw unreachable(err);
    throw err;
  }
}

/** Counts a send's outcome on its way back to the workflow. */
function counted<T extends SendOutcome>(outcome: T): T {
  recordNotification(outcome.status);
  return outcome;
}

export interface ReportDelivery {
  tenantId: number;
  /** Sent once per key (see domain/reports.ts deliveryKeys). */
  key: string;
  workflowId: string;
  message: OutgoingMessage;
}

export interface WorkbookDelivery {
  tenantId: number;
  key: string;
  workflowId: string;
  chatId: number;
  month: string;
  /** One member's workbook; the company's when left out. */
  memberId?: number;
  caption: string;
  fileId?: string;
}

export type DeliveryOutcome = SendOutcome | { status: 'already'; messageId: number | null };

async function deliveredBefore(db: Queryable, tenantId: number, key: string): Promise<{ messageId: number | null } | null> {
  const row = await one<{ message_id: string | null }>(db, 'SELECT message_id FROM report_deliveries WHERE tenant_id = $1 AND delivery_key = $2', [tenantId, key]);
  return row ? { messageId: row.message_id === null ? null : Number(row.message_id) } : null;
}

async function recordDelivery(db: Queryable, d: ReportDelivery, outcome: SendOutcome): Promise<void> {
  await db.query(
    `INSERT INTO report_deliveries (tenant_id, delivery_key, chat_id, status, message_id, detail, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [d.tenantId, d.key, d.message.chatId, outcome.status, outcome.status === 'sent' ? outcome.messageId : null, outcome.status === 'failed' ? outcome.reason : null, d.workflowId],
  );
}

function workbookFileName(d: WorkbookDelivery): string {
  return d.memberId === undefined ? `attendance-${d.month}.xlsx` : `attendance-${d.month}-member-${d.memberId}.xlsx`;
}

async function buildWorkbook(pool: Pool, d: WorkbookDelivery): Promise<Buffer> {
  return monthWorkbookBytes(await loadMonthReport(pool, d.tenantId, d.month, d.memberId === undefined ? {} : { memberId: d.memberId }));
}

/** An admin's copy of a request: sent, then recorded where it went (see sendRequestCopy). */
export interface RequestCopy {
  tenantId: number;
  workflowId: string;
  message: OutgoingMessage;
}

/**
 * `pool` works as the app role; only `sendRequestCopy` uses it, to record an admin's copy the
 * moment Telegram took it. `pacer` spaces sends evenly across the fleet (cache/send-pacer.ts);
 * `groups` keeps each group's window shared with the bot's replies (cache/chat-window.ts). Without
 * them (or with Redis away), sends go as they come. `platformPool` moves a company to its group's
 * new id when Telegram says the group became a supergroup (see followMigration).
 */
export function createTelegramActivities(deps: {
  api: Api;
  pool: Pool;
  platformPool?: Pool;
  pacer?: SendPacer;
  groups?: ChatWindows;
  onRedisError?: (err: unknown) => void;
}) {
  const { api, pool, pacer, groups } = deps;

  /**
   * Runs a call on a chat; when Telegram answers that the group has become a supergroup, the
   * company follows it (the bot moves it too when it sees the service message, but a workflow
   * that took the id earlier, a break's or a shift's watch, still has the old one; and the bot
   * may have been away) and the call goes once more, to the new id. Returns the id it went to.
   */
  async function followMigration<T>(chatId: number, call: (chatId: number) => Promise<T>): Promise<{ chatId: number; result: T }> {
    try {
      return { chatId, result: await call(chatId) };
    } catch (err) {
      const to = migratedTo(err);
      if (to === undefined) throw err;
      if (deps.platformPool) await moveTenantChat(deps.platformPool, chatId, to);
      return { chatId: to, result: await call(to) };
    }
  }

  /**
   * Waits for this chat's turn (groups only) and then the fleet's; a turn later than the attempt
   * may send is thrown back to Temporal as a retry at about that time.
   */
  async function awaitTurn(chatId: number): Promise<void> {
    const deadline = sendDeadline();
    if (groups && chatId < 0) {
      const turn = await groups.take(chatId, Math.max(0, Math.min(MAX_GROUP_WAIT_MS, deadline - performance.now()))).catch((err) => void deps.onRedisError?.(err));
      if (turn && !turn.reserved) throw groupTurnLater(turn.waitMs);
    }
    const slot = await pacer?.awaitSlot(deadline);
    if (slot && !slot.go) throw sendLater(slot.waitMs);
  }

  /** A message sent, and the chat it went to (another than asked when the group has moved). */
  async function sendTo(message: OutgoingMessage): Promise<{ chatId: number; outcome: SendOutcome }> {
    const signal = attemptSignal();
    const options = {
      link_preview_options: { is_disabled: true },
      ...(message.parseMode ? { parse_mode: message.parseMode } : {}),
      ...(message.buttons ? { reply_markup: { inline_keyboard: [message.buttons.map((b) => ({ text: b.text, callback_data: b.data }))] } } : {}),
    };
    try {
      const { chatId, result } = await followMigration(message.chatId, async (chatId) => {
        await awaitTurn(chatId);
        return api.sendMessage(chatId, message.text, options, signal);
      });
      return { chatId, outcome: counted({ status: 'sent', messageId: result.message_id }) };
    } catch (err) {
      return { chatId: message.chatId, outcome: classify(err) };
    }
  }

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    return (await sendTo(message)).outcome;
  }

  return {
    /** Replaces a message's text and removes its buttons; a message already so is fine. */
    async editTelegramMessage(edit: { chatId: number; messageId: number; text: string }): Promise<void> {
      const signal = attemptSignal();
      await awaitTurn(edit.chatId);
      await editing(() => api.editMessageText(edit.chatId, edit.messageId, edit.text, { reply_markup: { inline_keyboard: [] } }, signal));
    },

    /**
     * Takes the request's Withdraw button off every message of the employee's that carries it
     * (the confirmation, each /requests listing; db/repositories/requests.ts rememberWithdrawButton),
     * once the request is settled, and puts its outcome (`status`) where the message said it was
     * waiting. Each message is forgotten as soon as it is edited, so an attempt that runs out of
     * time (many listings, Telegram busy) leaves the rest to its retry. Without `status` (histories
     * scheduled before it was passed), or for a message recorded without its text, only the button goes.
     */
    async clearWithdrawButtons(request: { tenantId: number; workflowId: string; status?: RequestStatus }): Promise<number> {
      const { messages, pair } = await withTenant(pool, request.tenantId, async (tx) => ({
        messages: await withdrawButtonsOf(tx, request.workflowId),
        pair: (await getTenant(tx, request.tenantId))?.languagePair ?? DEFAULT_LANGUAGE_PAIR,
      }));
      const signal = attemptSignal();
      const noButtons = { reply_markup: { inline_keyboard: [] } };
      for (const m of messages) {
        await awaitTurn(m.chatId);
        const { text } = m;
        await editing(() =>
          text !== undefined && request.status
            ? api.editMessageText(m.chatId, m.messageId, withOutcome(text, request.status, pair), noButtons, signal)
            : api.editMessageReplyMarkup(m.chatId, m.messageId, noButtons, signal),
        );
        await withTenant(pool, request.tenantId, (tx) => forgetWithdrawButton(tx, m));
      }
      return messages.length;
    },

    sendTelegramMessage: send,

    /**
     * A report message sent once per key: a key already delivered (by an earlier run of the
     * close or the summary) sends nothing. Sent and then recorded in one step; a crash between
     * the two is Telegram's at-least-once window, the only way one can go twice.
     */
    async deliverReport(delivery: ReportDelivery): Promise<DeliveryOutcome> {
      const done = await withTenant(pool, delivery.tenantId, (tx) => deliveredBefore(tx, delivery.tenantId, delivery.key));
      if (done) return { status: 'already', messageId: done.messageId };
      const { chatId, outcome } = await sendTo(delivery.message);
      await withTenant(pool, delivery.tenantId, (tx) => recordDelivery(tx, { ...delivery, message: { ...delivery.message, chatId } }, outcome));
      return outcome;
    },

    /**
     * The month's workbook as a document, once per key. With `fileId` (Telegram's id of the same
     * workbook sent to another recipient a moment ago) nothing is built or uploaded again.
     */
    async deliverMonthWorkbook(delivery: WorkbookDelivery): Promise<DeliveryOutcome & { fileId?: string }> {
      const done = await withTenant(pool, delivery.tenantId, (tx) => deliveredBefore(tx, delivery.tenantId, delivery.key));
      if (done) return { status: 'already', messageId: done.messageId };
      const signal = attemptSignal();
      let outcome: SendOutcome & { fileId?: string };
      let sentTo = delivery.chatId;
      try {
        const document = delivery.fileId ?? new InputFile(await buildWorkbook(pool, delivery), workbookFileName(delivery));
        const { chatId, result: sent } = await followMigration(delivery.chatId, async (chatId) => {
          await awaitTurn(chatId);
          return api.sendDocument(chatId, document, { caption: delivery.caption.slice(0, 1024) }, signal);
        });
        sentTo = chatId;
        outcome = counted({ status: 'sent', messageId: sent.message_id, fileId: sent.document?.file_id });
      } catch (err) {
        outcome = classify(err);
      }
      await withTenant(pool, delivery.tenantId, (tx) => recordDelivery(tx, { ...delivery, message: { chatId: sentTo, text: delivery.caption } }, outcome));
      return outcome;
    },

    /** The group's human admins now (who receive the month's workbook). */
    async groupAdminIds(chatId: number): Promise<number[]> {
      try {
        const signal = attemptSignal();
        const { result: admins } = await followMigration(chatId, (id) => api.getChatAdministrators(id, undefined, signal));
        return admins.filter((a) => !a.user.is_bot).map((a) => a.user.id);
      } catch (err) {
        if (err instanceof GrammyError && err.error_code === 429) throw rateLimited(err);
        if (err instanceof GrammyError && isPermanent(err)) return [];
        throw err;
      }
    },

    /**
     * Sends an admin's copy of a request and records where it went in the same step, so a reply
     * to it is understood at once. (One activity, not a send and then a local activity: the
     * approval sends every copy at once, and local activities finishing side by side with a
     * decision's would make the workflow's commands depend on which finished first.)
     */
    async sendRequestCopy(copy: RequestCopy): Promise<SendOutcome> {
      const { chatId, outcome } = await sendTo(copy.message);
      if (outcome.status === 'sent') {
        await withTenant(pool, copy.tenantId, (tx) => saveRequestMessages(tx, copy.tenantId, copy.workflowId, [{ chatId, messageId: outcome.messageId }]));
      }
      return outcome;
    },
  };
}

export type TelegramActivities = ReturnType<typeof createTelegramActivities>;
