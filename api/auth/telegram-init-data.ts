// Telegram Mini App sign-in: the `initData` string Telegram hands the web app, signed with a key
// derived from the bot token (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const INIT_DATA_MAX_AGE_SECONDS = 60 * 60;

export interface InitDataUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
}

export type InitDataVerdict = { ok: true; user: InitDataUser; authDate: Date } | { ok: false; reason: 'bad-signature' | 'stale' | 'malformed' };

/** The signature Telegram puts in `hash` for these fields (exported for tests that play Telegram). */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  const dataCheckString = Object.keys(fields)
    .filter((k) => k !== 'hash')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  return createHmac('sha256', secret).update(dataCheckString).digest('hex');
}

/** Checks the signature (constant time) and the age, then reads the user. */
export function verifyInitData(initData: string, botToken: string, now: Date): InitDataVerdict {
  const params = new URLSearchParams(initData);
  const fields: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in fields) return { ok: false, reason: 'malformed' };
    fields[k] = v;
  }
  const hash = fields.hash;
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, reason: 'bad-signature' };
  const expected = Buffer.from(signInitData(fields, botToken), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { ok: false, reason: 'bad-signature' };

  const authSeconds = Number(fields.auth_date);
  if (!Number.isSafeInteger(authSeconds)) return { ok: false, reason: 'malformed' };
  const age = now.getTime() / 1000 - authSeconds;
  if (age > INIT_DATA_MAX_AGE_SECONDS || age < -60) return { ok: false, reason: 'stale' };

  let raw: unknown;
  try {
    raw = JSON.parse(fields.user ?? '');
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const u = raw as { id?: unknown; first_name?: unknown; last_name?: unknown; username?: unknown };
  if (typeof u?.id !== 'number' || !Number.isSafeInteger(u.id) || u.id <= 0) return { ok: false, reason: 'malformed' };
  return {
    ok: true,
    authDate: new Date(authSeconds * 1000),
    user: {
      id: u.id,
      firstName: typeof u.first_name === 'string' ? u.first_name : '',
      ...(typeof u.last_name === 'string' ? { lastName: u.last_name } : {}),
      ...(typeof u.username === 'string' ? { username: u.username } : {}),
    },
  };
}
