// An in-repo stand-in for the Telegram Bot API, spoken to over real HTTP. The bot under test
// (or the locally run product) reaches it through grammY's `apiRoot`. The other side of it
// plays users and groups and reads what the bot sent, in-process or over /control/*.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiError, errors, type ApiError } from './errors';
import { parseRequest, type ParsedRequest } from './request-body';
import type { FailureRule, FakeChat, FakeMessage, FakeUpdate, FakeUser, SentRecord, StallRule } from './types';

type Handler = (req: ParsedRequest) => unknown | Promise<unknown>;

/**
 * Telegram's sending side failing for a while: every send is answered with `errorCode`
 * (`retryAfter()` seconds for a 429). With `deliverFirst` returning true the send is carried out
 * before the error is answered, as when a gateway times out after Telegram delivered: the
 * at-least-once window in which a retry doubles a message.
 */
export interface SendOutage {
  errorCode: number;
  retryAfter?: () => number;
  deliverFirst?: () => boolean;
}

const OUTAGE_METHODS = ['sendMessage', 'sendDocument', 'editMessageText', 'editMessageReplyMarkup'];

interface Waiter {
  offset: number;
  limit: number;
  resolve: (updates: FakeUpdate[]) => void;
  timer: NodeJS.Timeout;
}

export interface FakeTelegramOptions {
  token: string;
  port?: number;
  host?: string;
  botUser?: Partial<FakeUser>;
}

export interface BotLimitEntry {
  sentAt: number | null;
  arrivedAt: number;
  checkedAt: number;
  refused: boolean;
}

const preciseNow = () => performance.timeOrigin + performance.now();

/** No keyboard and an empty one are the same to Telegram: editing one into the other is "not modified". */
function sameButtons(a: unknown, b: unknown): boolean {
  const rows = (m: unknown) => {
    const keyboard = (m as { inline_keyboard?: unknown[][] } | null)?.inline_keyboard;
    return keyboard && keyboard.flat().length > 0 ? keyboard : null;
  };
  return JSON.stringify(rows(a)) === JSON.stringify(rows(b));
}

export class FakeTelegram {
  readonly token: string;
  readonly botUser: FakeUser;
  private server: Server | null = null;
  private updates: FakeUpdate[] = [];
  private nextUpdateId = 1;
  private nextMessageId = new Map<number, number>();
  private waiters: Waiter[] = [];
  private failures: FailureRule[] = [];
  /** Telegram's per-group flood limit, when a test turns it on: sends beyond it get a 429. */
  private groupLimit: { messages: number; windowMs: number } | null = null;
  private readonly groupSends = new Map<number, number[]>();
  /** Telegram's limit for the whole bot (about 30 messages a second), when a test turns it on. */
  private botLimit: { messages: number; windowMs: number } | null = null;
  /** When each send under the bot-wide limit was accepted (ascending), trimmed to the window. */
  private botSends: number[] = [];
  /**
   * Every send checked against the bot-wide limit, in the order checked, with the times (ms since
   * the epoch, sub-millisecond) it was sent, when the client stamped it with an `x-sent-at`
   * header, reached this server's handler, and was checked: for telling whose delay made a 429.
   */
  readonly botLimitLog: BotLimitEntry[] = [];
  /** 429 answers the flood limits (per group and bot-wide) gave so far. */
  floodRefusals = 0;
  private sentListeners = new Set<() => void>();
  private callbackSeq = 1;
  readonly sent: SentRecord[] = [];
  /** Documents sent so far, by the file_id Telegram gave them (a later send may name one instead of uploading). */
  private readonly documents = new Map<string, ParsedRequest['files'][number]>();
  readonly callbackAnswers: Array<{ callbackQueryId: string; text?: string; showAlert: boolean; at: number }> = [];
  readonly commands: unknown[] = [];
  readonly blockedChats = new Set<number>();
  /** Groups the bot was removed from: Telegram refuses sends there with 403 until it is added back. */
  readonly groupsWithoutBot = new Set<number>();
  /**
   * Groups upgraded to supergroups (old id → new id): every call naming the old id is refused
   * with 400 and the new id in `parameters.migrate_to_chat_id`, as Telegram does.
   */
  readonly migratedChats = new Map<number, number>();
  /** Chats seen as basic groups (type 'group'), upgraded since or not. */
  private readonly basicGroups = new Set<number>();
  readonly chatMembers = new Map<string, { status: string; user: FakeUser }>();
  /** Every Bot API method the bot called, in order (for assertions on behaviour, e.g. retries). */
  readonly calls: Array<{ method: string; chatId?: number; at: number; status: number }> = [];
  /** setWebhook's settings; while set, updates are posted there and getUpdates answers 409, as Telegram does. */
  webhook: { url: string; secretToken?: string; maxConnections: number } | null = null;
  /** Where each update goes, as a load balancer in front of several bot replicas would decide (default: the webhook URL). */
  private webhookRoute: ((update: FakeUpdate) => string) | null = null;
  private webhookQueue: FakeUpdate[] = [];
  private webhookBusy = 0;
  /** Every webhook POST: which update, to which URL, with what answer (0: no connection). */
  readonly webhookDeliveries: Array<{ updateId: number; url: string; status: number; at: number }> = [];
  private sendOutage: SendOutage | null = null;
  private stalls: StallRule[] = [];
  /**
   * Calls whose answer was held back (stallNext): when they arrived and when the caller gave up on
   * them (closed the connection), or null if it waited for the answer.
   */
  readonly stalled: Array<{ method: string; chatId?: number; arrivedAt: number; abandonedAt: number | null }> = [];
  /** Sends carried out during an outage whose answer was nevertheless an error (see SendOutage). */
  readonly deliveredButFailed = new Set<SentRecord>();

  constructor(private readonly options: FakeTelegramOptions) {
    this.token = options.token;
    this.botUser = { id: 700000001, is_bot: true, first_name: 'Attendance Bot', username: 'attendance_test_bot', ...options.botUser };
  }

  // ---- lifecycle -------------------------------------------------------------------------

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    return this.apiRoot;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  /** What grammY takes as `apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve([]);
    }
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  // ---- the user side ---------------------------------------------------------------------

  privateChatOf(user: FakeUser): FakeChat {
    return { id: user.id, type: 'private', first_name: user.first_name, ...(user.username ? { username: user.username } : {}) };
  }

  /**
   * A user types text; a leading /command gets its bot_command entity like Telegram adds. `date`
   * (Unix seconds) is when Telegram took the message: now, unless a test plays an earlier moment.
   */
  userSends(user: FakeUser, text: string, chat: FakeChat = this.privateChatOf(user), replyTo?: FakeMessage, date = now()): FakeMessage {
    const message: FakeMessage = { message_id: this.takeMessageId(chat.id), date, chat, from: user, text };
    if (replyTo) message.reply_to_message = replyTo;
    const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
    if (command) message.entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
    // A group the bot is not in: the message is posted there, and the bot never hears of it.
    if (!this.groupsWithoutBot.has(chat.id)) this.pushUpdate({ message });
    return message;
  }

  /** A user presses an inline button under a message the bot sent. Returns the callback id. */
  userPresses(user: FakeUser, record: SentRecord, data: string): string {
    const id = `cb${this.callbackSeq++}`;
    this.pushUpdate({ callback_query: { id, from: user, message: this.messageOf(record), chat_instance: String(record.chatId), data } });
    return id;
  }

  /** A message the bot sent, as it looks now (for a button press or a reply to it). */
  messageOf(record: SentRecord): FakeMessage {
    // A basic group's messages stay in it after Telegram upgrades it, and a press on one comes from it.
    const group = this.basicGroups.has(record.chatId) ? 'group' : 'supergroup';
    const chat: FakeChat = record.chatId > 0 ? { id: record.chatId, type: 'private' } : { id: record.chatId, type: group };
    return {
      message_id: record.messageId,
      date: Math.floor(record.at / 1000),
      chat,
      from: this.botUser,
      text: record.edits.at(-1)?.text ?? record.text,
      reply_markup: record.edits.at(-1)?.replyMarkup ?? record.replyMarkup,
    };
  }

  /** A user replies to a message the bot sent them. */
  userRepliesTo(user: FakeUser, record: SentRecord, text: string): FakeMessage {
    return this.userSends(user, text, this.privateChatOf(user), this.messageOf(record));
  }

  pushUpdate(update: Omit<FakeUpdate, 'update_id'>): FakeUpdate {
    const full = { update_id: this.nextUpdateId++, ...update } as FakeUpdate;
    const chat = full.message?.chat ?? (full.my_chat_member as { chat?: FakeChat } | undefined)?.chat;
    if (chat?.type === 'group') this.basicGroups.add(chat.id);
    if (this.webhook) {
      this.webhookQueue.push(full);
      this.deliverWebhooks();
      return full;
    }
    this.updates.push(full);
    this.wakeWaiters();
    return full;
  }

  /** Sends each update to the URL `route` picks (a load balancer over several replicas). */
  routeWebhook(route: ((update: FakeUpdate) => string) | null): void {
    this.webhookRoute = route;
  }

  /** Posts an update once more to `url`, as Telegram does when it did not see the first answer. */
  async redeliver(update: FakeUpdate, url: string): Promise<number> {
    return this.postWebhook(update, url);
  }

  /**
   * Like Telegram: up to max_connections updates in flight at once (so they can arrive in any
   * order), each retried until a 2xx answer (here every 200 ms, up to 50 times).
   */
  private deliverWebhooks(): void {
    while (this.webhook && this.webhookBusy < this.webhook.maxConnections && this.webhookQueue.length > 0) {
      const update = this.webhookQueue.shift()!;
      this.webhookBusy += 1;
      void (async () => {
        for (let attempt = 0; attempt < 50 && this.webhook; attempt++) {
          const url = this.webhookRoute?.(update) ?? this.webhook.url;
          const status = await this.postWebhook(update, url);
          if (status >= 200 && status < 300) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      })().finally(() => {
        this.webhookBusy -= 1;
        this.deliverWebhooks();
      });
    }
  }

  private async postWebhook(update: FakeUpdate, url: string): Promise<number> {
    let status = 0;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.webhook?.secretToken) headers['x-telegram-bot-api-secret-token'] = this.webhook.secretToken;
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update), signal: AbortSignal.timeout(15_000) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    this.webhookDeliveries.push({ updateId: update.update_id, url, status, at: Date.now() });
    return status;
  }

  /** The next N calls of a method (optionally to one chat) fail with this error. */
  failNext(rule: FailureRule): void {
    this.failures.push({ ...rule });
  }

  /**
   * The next N calls of a method (optionally to one chat) are carried out, but their answer is held
   * back for `ms`: Telegram took the message and the reply is slow to come or lost on the way.
   */
  stallNext(rule: StallRule): void {
    this.stalls.push({ ...rule });
  }

  private async stallAnswer(method: string, chatId: number | undefined, arrivedAt: number, res: ServerResponse): Promise<void> {
    const index = this.stalls.findIndex((r) => r.method === method && (r.chatId === undefined || r.chatId === chatId));
    if (index === -1) return;
    const rule = this.stalls[index]!;
    if (--rule.times <= 0) this.stalls.splice(index, 1);
    const record: (typeof this.stalled)[number] = { method, ...(chatId !== undefined ? { chatId } : {}), arrivedAt, abandonedAt: null };
    this.stalled.push(record);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, rule.ms);
      res.once('close', () => {
        if (!res.writableEnded) record.abandonedAt = Date.now();
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Like Telegram: at most `messages` posted into one group in any `windowMs`; beyond it, 429 with retry_after. */
  limitGroups(limit: { messages: number; windowMs: number } | null): void {
    this.groupLimit = limit;
    this.groupSends.clear();
  }

  /**
   * Like Telegram's broadcast limit, but strict: at most `messages` sends (to any chats) in any
   * `windowMs`; beyond it, 429 with retry_after.
   */
  limitBot(limit: { messages: number; windowMs: number } | null): void {
    this.botLimit = limit;
    this.botSends = [];
    this.botLimitLog.length = 0;
  }

  private floodCheck(method: string, chatId: number | undefined, timing: { sentAt: number | null; arrivedAt: number }): ApiError | null {
    const refusal = this.botFloodCheck(method, timing) ?? this.groupFloodCheck(method, chatId);
    if (refusal) this.floodRefusals += 1;
    return refusal;
  }

  private botFloodCheck(method: string, timing: { sentAt: number | null; arrivedAt: number }): ApiError | null {
    if (!this.botLimit || !['sendMessage', 'sendDocument', 'editMessageText', 'editMessageReplyMarkup'].includes(method)) return null;
    const now = Date.now();
    const { messages, windowMs } = this.botLimit;
    let drop = 0;
    while (drop < this.botSends.length && now - this.botSends[drop]! >= windowMs) drop += 1;
    if (drop > 0) this.botSends = this.botSends.slice(drop);
    const refused = this.botSends.length >= messages;
    this.botLimitLog.push({ ...timing, checkedAt: preciseNow(), refused });
    if (refused) return errors.tooManyRequests(Math.max(1, Math.ceil((windowMs - (now - this.botSends[0]!)) / 1000)));
    this.botSends.push(now);
    return null;
  }

  private groupFloodCheck(method: string, chatId: number | undefined): ApiError | null {
    if (!this.groupLimit || chatId === undefined || chatId >= 0 || !['sendMessage', 'sendDocument', 'editMessageText', 'editMessageReplyMarkup'].includes(method)) return null;
    const now = Date.now();
    const recent = (this.groupSends.get(chatId) ?? []).filter((t) => now - t < this.groupLimit!.windowMs);
    if (recent.length >= this.groupLimit.messages) return errors.tooManyRequests(Math.max(1, Math.ceil((this.groupLimit.windowMs - (now - recent[0]!)) / 1000)));
    recent.push(now);
    this.groupSends.set(chatId, recent);
    return null;
  }

  /** Every send fails this way until called again with null (see SendOutage). */
  setSendOutage(outage: SendOutage | null): void {
    this.sendOutage = outage;
  }

  private async outageAnswer(method: string, parsed: ParsedRequest): Promise<ApiError | null> {
    const outage = this.sendOutage;
    if (!outage || !OUTAGE_METHODS.includes(method)) return null;
    if (outage.deliverFirst?.()) {
      const before = this.sent.length;
      await this.invoke(method, parsed);
      for (const record of this.sent.slice(before)) this.deliveredButFailed.add(record);
    }
    if (outage.errorCode === 429) return errors.tooManyRequests(outage.retryAfter?.() ?? 1);
    return errors.custom(outage.errorCode, outage.errorCode === 502 ? 'Bad Gateway' : outage.errorCode === 500 ? 'Internal Server Error' : undefined);
  }

  /** Telegram is healthy again: forget every injected failure not yet spent. */
  clearFailures(): void {
    this.failures = [];
  }

  /**
   * The group becomes a supergroup with a new id, as Telegram does it: calls naming the old id are
   * refused from now on, the members and admins carry over, and (unless `announce` is false, as
   * when the bot was away) the bot gets the two service messages, `migrate_to_chat_id` in the old
   * chat and `migrate_from_chat_id` in the new one, and is told it joined the new chat
   * (`my_chat_member`, left → member). Telegram promises no order among these: `joinFirst` sends
   * the join before the service messages, otherwise it comes after them.
   */
  migrateGroup(from: number, to: number, options: { by: FakeUser; title?: string; announce?: boolean; joinFirst?: boolean }): void {
    this.migratedChats.set(from, to);
    for (const [key, member] of [...this.chatMembers]) {
      if (key.startsWith(`${from}:`)) this.chatMembers.set(`${to}:${member.user.id}`, member);
    }
    if (options.announce === false) return;
    const title = options.title ?? `Group ${to}`;
    const supergroup: FakeChat = { id: to, type: 'supergroup', title };
    const joined = () =>
      this.pushUpdate({
        my_chat_member: {
          chat: supergroup, from: options.by, date: now(),
          old_chat_member: { status: 'left', user: this.botUser },
          new_chat_member: { status: 'member', user: this.botUser },
        },
      });
    if (options.joinFirst) joined();
    this.pushUpdate({ message: { message_id: this.takeMessageId(from), date: now(), chat: { id: from, type: 'group', title }, from: options.by, migrate_to_chat_id: to } as never });
    this.pushUpdate({ message: { message_id: this.takeMessageId(to), date: now(), chat: supergroup, from: options.by, migrate_from_chat_id: from } as never });
    if (!options.joinFirst) joined();
  }

  /** Someone removes the bot from a group (`kicked`: and bans it), as Telegram reports it to the bot. */
  removeBot(chat: FakeChat, by: FakeUser, options: { kicked?: boolean; date?: number } = {}): void {
    this.groupsWithoutBot.add(chat.id);
    this.pushUpdate({
      my_chat_member: {
        chat, from: by, date: options.date ?? now(),
        old_chat_member: { status: 'member', user: this.botUser },
        new_chat_member: options.kicked ? { status: 'kicked', user: this.botUser, until_date: 0 } : { status: 'left', user: this.botUser },
      },
    });
  }

  /** Someone adds the bot (back) to a group. */
  addBot(chat: FakeChat, by: FakeUser, options: { date?: number } = {}): void {
    const wasKicked = this.groupsWithoutBot.delete(chat.id);
    this.pushUpdate({
      my_chat_member: {
        chat, from: by, date: options.date ?? now(),
        old_chat_member: { status: wasKicked ? 'kicked' : 'left', user: this.botUser },
        new_chat_member: { status: 'member', user: this.botUser },
      },
    });
  }

  setChatMember(chatId: number, user: FakeUser, status: string): void {
    this.chatMembers.set(`${chatId}:${user.id}`, { status, user });
  }

  sentTo(chatId: number): SentRecord[] {
    return this.sent.filter((s) => s.chatId === chatId);
  }

  /** Resolves with the first sent record (existing or future) that matches. */
  waitForSent(match: (s: SentRecord) => boolean, timeoutMs = 15_000, description = 'a matching message'): Promise<SentRecord> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.sent.find(match);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.sent.map((s) => `[${s.chatId}] ${s.text.split('\n').slice(0, 2).join(' / ')}`).join('\n  ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}; the bot sent:\n  ${seen || '(nothing)'}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.sentListeners.delete(listener);
      };
      const listener = () => void check();
      if (check()) return;
      this.sentListeners.add(listener);
    });
  }

  /** Waits until a chat has received `count` messages in total since the fake started. */
  async waitForCount(chatId: number, count: number, timeoutMs = 15_000): Promise<SentRecord[]> {
    await this.waitForSent(() => this.sentTo(chatId).length >= count, timeoutMs, `${count} messages to chat ${chatId}`);
    return this.sentTo(chatId);
  }

  // ---- the bot side ----------------------------------------------------------------------

  private readonly methods: Record<string, Handler> = {
    getMe: () => this.botUser,
    logOut: () => true,
    close: () => true,
    setMyCommands: ({ params }) => {
      this.commands.push(params.commands);
      return true;
    },
    getMyCommands: () => this.commands.at(-1) ?? [],
    sendMessage: ({ params }) => this.recordSend('sendMessage', params),
    sendDocument: ({ params, files }) => this.recordDocument(params, files),
    editMessageText: ({ params }) => this.recordEdit(params),
    editMessageReplyMarkup: ({ params }) => this.recordEdit(params, { markupOnly: true }),
    answerCallbackQuery: ({ params }) => {
      // Telegram shows 0-200 characters and refuses a longer notification.
      if (params.text !== undefined && String(params.text).length > 200) throw errors.badRequest('MESSAGE_TOO_LONG');
      this.callbackAnswers.push({
        callbackQueryId: String(params.callback_query_id),
        ...(params.text !== undefined ? { text: String(params.text) } : {}),
        showAlert: params.show_alert === true || params.show_alert === 'true',
        at: Date.now(),
      });
      this.notifySent();
      return true;
    },
    getChatMember: ({ params }) => {
      const chatId = Number(params.chat_id);
      const userId = Number(params.user_id);
      const known = this.chatMembers.get(`${chatId}:${userId}`);
      return known ?? { status: 'left', user: { id: userId, is_bot: false, first_name: `user${userId}` } };
    },
    getChatAdministrators: ({ params }) => {
      const chatId = Number(params.chat_id);
      return [...this.chatMembers.entries()]
        .filter(([key, m]) => key.startsWith(`${chatId}:`) && ['creator', 'administrator'].includes(m.status))
        .map(([, m]) => ({ status: m.status, user: m.user }));
    },
    getChat: ({ params }) => ({ id: Number(params.chat_id), type: Number(params.chat_id) > 0 ? 'private' : 'supergroup' }),
    setWebhook: ({ params }) => {
      const url = String(params.url ?? '');
      if (!url) {
        this.webhook = null;
        return true;
      }
      if (!/^https?:\/\//.test(url)) throw errors.custom(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
      const secretToken = params.secret_token === undefined ? undefined : String(params.secret_token);
      if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) throw errors.custom(400, 'Bad Request: secret token contains unallowed characters');
      this.webhook = { url, secretToken, maxConnections: Math.min(100, Math.max(1, Number(params.max_connections ?? 40))) };
      // Updates waiting for getUpdates now go to the webhook.
      this.webhookQueue.push(...this.updates);
      this.updates = [];
      this.deliverWebhooks();
      return true;
    },
    deleteWebhook: () => {
      this.webhook = null;
      return true;
    },
    getWebhookInfo: () => ({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.webhook ? this.webhookQueue.length : this.updates.length, max_connections: this.webhook?.maxConnections }),
  };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = preciseNow();
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname.startsWith('/control/')) return await this.handleControl(req, res, url);
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
      if (!match) return send(res, errors.notFound());
      const [, token, method] = match as unknown as [string, string, string];
      if (token !== this.token) return send(res, errors.unauthorized());
      const parsed = await parseRequest(req, url);
      const chatId = parsed.params.chat_id !== undefined ? Number(parsed.params.chat_id) : undefined;

      const stamped = Number(req.headers['x-sent-at']);
      const timing = { sentAt: Number.isFinite(stamped) && stamped > 0 ? stamped : null, arrivedAt };
      const migratedTo = chatId === undefined ? undefined : this.migratedChats.get(chatId);
      const failure =
        (migratedTo !== undefined ? errors.upgradedToSupergroup(migratedTo) : null) ??
        this.takeFailure(method, chatId) ??
        this.floodCheck(method, chatId, timing) ??
        (await this.outageAnswer(method, parsed));
      const outcome = failure
        ? failure
        : method === 'getUpdates' && this.webhook
          ? errors.custom(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
          : method === 'getUpdates'
          ? { result: await this.getUpdates(parsed.params, res) }
          : await this.invoke(method, parsed);
      if (!failure) await this.stallAnswer(method, chatId, Date.now(), res);
      const status = 'status' in outcome ? outcome.status : 200;
      this.calls.push({ method, ...(chatId !== undefined ? { chatId } : {}), at: Date.now(), status });
      if ('status' in outcome) return send(res, outcome);
      if (!res.writableEnded && !res.destroyed) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: outcome.result }));
      }
    } catch (err) {
      send(res, apiError(500, `Internal Server Error: ${(err as Error).message}`));
    }
  }

  private async invoke(method: string, parsed: ParsedRequest): Promise<{ result: unknown } | ApiError> {
    const handler = this.methods[method];
    if (!handler) return apiError(404, 'Not Found: method not found');
    try {
      return { result: await handler(parsed) };
    } catch (err) {
      if (isApiError(err)) return err;
      throw err;
    }
  }

  private takeFailure(method: string, chatId: number | undefined): ApiError | null {
    const index = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === chatId));
    if (index === -1) return null;
    const rule = this.failures[index]!;
    rule.times -= 1;
    if (rule.times <= 0) this.failures.splice(index, 1);
    if (rule.errorCode === 429) return errors.tooManyRequests(rule.retryAfter ?? 1);
    if (rule.errorCode === 403) return errors.blocked();
    return errors.custom(rule.errorCode, rule.description, rule.retryAfter);
  }

  private getUpdates(params: Record<string, unknown>, res: ServerResponse): Promise<FakeUpdate[]> {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.min(50, Math.max(0, Number(params.timeout ?? 0)));
    // Confirming an offset forgets every earlier update, as Telegram does.
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    const ready = this.pending(offset, limit);
    if (ready.length > 0 || timeout === 0) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        offset,
        limit,
        resolve: (updates) => {
          clearTimeout(waiter.timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(updates);
        },
        timer: setTimeout(() => waiter.resolve([]), timeout * 1000),
      };
      this.waiters.push(waiter);
      res.on('close', () => waiter.resolve([]));
    });
  }

  private pending(offset: number, limit: number): FakeUpdate[] {
    return this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  private wakeWaiters(): void {
    for (const w of [...this.waiters]) {
      const ready = this.pending(w.offset, w.limit);
      if (ready.length > 0) w.resolve(ready);
    }
  }

  private recordSend(method: 'sendMessage', params: Record<string, unknown>): FakeMessage {
    const chatId = requireChat(params);
    const text = params.text === undefined ? '' : String(params.text);
    if (text.trim() === '') throw errors.emptyText();
    if (text.length > 4096) throw errors.textTooLong();
    if (this.blockedChats.has(chatId)) throw errors.blocked();
    if (this.groupsWithoutBot.has(chatId)) throw errors.notInGroup();
    const messageId = this.takeMessageId(chatId);
    const record: SentRecord = { method, chatId, messageId, text, replyMarkup: params.reply_markup ?? null, replyTo: replyToOf(params), at: Date.now(), edits: [] };
    this.sent.push(record);
    this.notifySent();
    return { message_id: messageId, date: now(), chat: chatOf(chatId), from: this.botUser, text, ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}) };
  }

  private recordDocument(params: Record<string, unknown>, files: ParsedRequest['files']): FakeMessage {
    const chatId = requireChat(params);
    if (this.blockedChats.has(chatId)) throw errors.blocked();
    if (this.groupsWithoutBot.has(chatId)) throw errors.notInGroup();
    // Clients may send the file as the "document" part itself or as "attach://<part>".
    // ... or as the file_id of a document sent before (no upload).
    const byId = typeof params.document === 'string' && !params.document.startsWith('attach://') ? this.documents.get(params.document) : undefined;
    if (typeof params.document === 'string' && !params.document.startsWith('attach://') && !byId) throw errors.badRequest('wrong file identifier/HTTP URL specified');
    const ref = typeof params.document === 'string' && params.document.startsWith('attach://') ? params.document.slice(9) : 'document';
    const file = byId ?? files.find((f) => f.field === ref);
    if (!file) throw errors.badRequest('there is no document in the request');
    const messageId = this.takeMessageId(chatId);
    const caption = params.caption === undefined ? '' : String(params.caption);
    this.sent.push({
      method: 'sendDocument', chatId, messageId, text: caption, replyMarkup: params.reply_markup ?? null, replyTo: replyToOf(params), at: Date.now(), edits: [],
      document: { fileName: file.fileName, bytes: file.bytes, mimeType: file.mimeType },
    });
    this.notifySent();
    const fileId = byId ? String(params.document) : `doc${chatId}_${messageId}`;
    if (!byId) this.documents.set(fileId, file);
    return {
      message_id: messageId, date: now(), chat: chatOf(chatId), from: this.botUser, caption,
      document: { file_id: fileId, file_unique_id: fileId, file_name: file.fileName, file_size: file.bytes.length, mime_type: file.mimeType },
    };
  }

  /** editMessageText, or with `markupOnly` editMessageReplyMarkup (the text stays; no markup removes the buttons). */
  private recordEdit(params: Record<string, unknown>, options: { markupOnly?: boolean } = {}): FakeMessage {
    const chatId = requireChat(params);
    const messageId = Number(params.message_id);
    if (this.blockedChats.has(chatId)) throw errors.blocked();
    const record = this.sent.find((s) => s.chatId === chatId && s.messageId === messageId);
    if (!record) throw errors.messageNotFound();
    const current = record.edits.at(-1) ?? { text: record.text, replyMarkup: record.replyMarkup };
    const text = options.markupOnly ? current.text : String(params.text ?? '');
    if (text.trim() === '') throw errors.emptyText();
    const replyMarkup = params.reply_markup ?? null;
    if (current.text === text && sameButtons(current.replyMarkup, replyMarkup)) throw errors.notModified();
    record.edits.push({ text, replyMarkup, at: Date.now() });
    this.notifySent();
    return { message_id: messageId, date: now(), chat: chatOf(chatId), from: this.botUser, text };
  }

  private takeMessageId(chatId: number): number {
    const next = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, next);
    return next;
  }

  private notifySent(): void {
    for (const l of [...this.sentListeners]) l();
  }

  // ---- /control/*: the user side over HTTP, for the locally run product -----------------

  private async handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { params } = await parseRequest(req, url);
    const user = (): FakeUser => ({
      id: Number(params.user_id ?? 1001),
      first_name: String(params.first_name ?? 'Demo'),
      ...(params.username ? { username: String(params.username) } : {}),
    });
    const reply = (result: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }, null, 2));
    switch (url.pathname) {
      case '/control/message': {
        const chat: FakeChat | undefined =
          params.chat_id !== undefined && Number(params.chat_id) < 0
            ? { id: Number(params.chat_id), type: params.chat_type === 'group' ? 'group' : 'supergroup', title: String(params.chat_title ?? 'Demo company') }
            : undefined;
        return reply(this.userSends(user(), String(params.text ?? ''), chat));
      }
      case '/control/admin':
        this.setChatMember(Number(params.chat_id), user(), String(params.status ?? 'administrator'));
        return reply(true);
      case '/control/press': {
        const record = this.sent.find((s) => s.chatId === Number(params.chat_id ?? params.user_id) && s.messageId === Number(params.message_id));
        if (!record) return send(res, errors.messageNotFound());
        return reply({ callback_query_id: this.userPresses(user(), record, String(params.data ?? '')) });
      }
      case '/control/sent': {
        const chatId = params.chat_id === undefined ? undefined : Number(params.chat_id);
        const list = chatId === undefined ? this.sent : this.sentTo(chatId);
        return reply(list.map(({ document, ...s }) => ({ ...s, ...(document ? { document: { fileName: document.fileName, size: document.bytes.length } } : {}) })));
      }
      case '/control/answers': {
        // How the bot answered button presses (the toast or alert a user sees); one press with callback_query_id.
        const id = params.callback_query_id === undefined ? undefined : String(params.callback_query_id);
        return reply(id === undefined ? this.callbackAnswers : this.callbackAnswers.filter((a) => a.callbackQueryId === id));
      }
      case '/control/fail':
        this.failNext({
          method: String(params.method ?? 'sendMessage'),
          errorCode: Number(params.error_code ?? 429),
          times: Number(params.times ?? 1),
          ...(params.chat_id !== undefined ? { chatId: Number(params.chat_id) } : {}),
          ...(params.retry_after !== undefined ? { retryAfter: Number(params.retry_after) } : {}),
        });
        return reply(true);
      case '/control/migrate':
        // The group becomes a supergroup: chat_id the group's id now, to its new id.
        this.migrateGroup(Number(params.chat_id), Number(params.to), {
          by: user(),
          ...(params.announce === 'false' ? { announce: false } : {}),
          ...(params.join_first === 'true' ? { joinFirst: true } : {}),
        });
        return reply(true);
      case '/control/remove-bot':
        // Someone (user_id) removes the bot from the group chat_id; kicked=true bans it as well.
        this.removeBot(chatOf(Number(params.chat_id)), user(), { kicked: params.kicked === 'true' });
        return reply(true);
      case '/control/add-bot':
        this.addBot(chatOf(Number(params.chat_id)), user());
        return reply(true);
      case '/control/block':
        this.blockedChats.add(Number(params.chat_id));
        return reply(true);
      default:
        return send(res, errors.notFound());
    }
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function chatOf(chatId: number): FakeChat {
  return chatId > 0 ? { id: chatId, type: 'private' } : { id: chatId, type: 'supergroup', title: `Group ${chatId}` };
}

function replyToOf(params: Record<string, unknown>): number | null {
  const parameters = params.reply_parameters as { message_id?: number } | undefined;
  const id = parameters?.message_id ?? params.reply_to_message_id;
  return id === undefined ? null : Number(id);
}

function requireChat(params: Record<string, unknown>): number {
  const chatId = Number(params.chat_id);
  if (!Number.isFinite(chatId) || chatId === 0) throw errors.chatNotFound();
  return chatId;
}

function isApiError(err: unknown): err is ApiError {
  return typeof err === 'object' && err !== null && 'status' in err && 'body' in err;
}

function send(res: ServerResponse, error: ApiError): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error.body.parameters?.retry_after !== undefined) headers['retry-after'] = String(error.body.parameters.retry_after);
  res.writeHead(error.status, headers).end(JSON.stringify(error.body));
}
