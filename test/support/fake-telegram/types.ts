// The slice of the Telegram Bot API object model the fake server produces.

export interface FakeUser {
  id: number;
  is_bot?: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  first_name?: string;
  username?: string;
}

export interface FakeMessage {
  message_id: number;
  date: number;
  chat: FakeChat;
  from?: FakeUser;
  text?: string;
  entities?: Array<{ type: string; offset: number; length: number }>;
  reply_markup?: unknown;
  reply_to_message?: FakeMessage;
  document?: { file_id: string; file_unique_id: string; file_name?: string; file_size?: number; mime_type?: string };
  caption?: string;
}

export interface FakeUpdate {
  update_id: number;
  message?: FakeMessage;
  callback_query?: { id: string; from: FakeUser; message?: FakeMessage; chat_instance: string; data?: string };
  my_chat_member?: unknown;
  chat_member?: unknown;
}

/** A call the bot made that changed what users see, as the fake recorded it. */
export interface SentRecord {
  method: 'sendMessage' | 'sendDocument';
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup: unknown;
  /** The message this one replies to, when the bot asked for a reply. */
  replyTo: number | null;
  /** Milliseconds since the epoch when the fake accepted the call. */
  at: number;
  edits: Array<{ text: string; replyMarkup: unknown; at: number }>;
  document?: { fileName: string; bytes: Buffer; mimeType: string };
}

/** Calls carried out whose answer is held back for `ms` (see FakeTelegram.stallNext). */
export interface StallRule {
  method: string;
  chatId?: number;
  ms: number;
  /** How many matching calls are stalled; then the rule is spent. */
  times: number;
}

export interface FailureRule {
  method: string;
  chatId?: number;
  errorCode: number;
  description?: string;
  retryAfter?: number;
  /** How many matching calls fail; then the rule is spent. */
  times: number;
}
