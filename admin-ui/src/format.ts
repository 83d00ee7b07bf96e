// Money, dates and times as the panel shows them.

/** Currencies shown without a fractional part; the product's own (KZT, CNY, USD, RUB) all have 2. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND']);

export function currencyDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** 1250000, 'KZT' → `12 500.00 KZT`. */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return '—';
  const digits = currencyDigits(currency);
  const factor = 10 ** digits;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  const whole = groupThousands(String(Math.floor(abs / factor)));
  const fraction = digits > 0 ? `.${String(abs % factor).padStart(digits, '0')}` : '';
  return `${sign}${whole}${fraction} ${currency}`.trim();
}

/** Major units for an input field: 1250050 → `12500.50`; null → ''. */
export function minorToInput(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

const MONEY_TEXT = /^\d+([.,]\d{1,2})?$/;

export function isMoneyText(text: string): boolean {
  return MONEY_TEXT.test(text.replace(/[\s\u00a0]/g, ''));
}

/** Typed major units → minor units integer; '' → null; anything else → undefined (invalid). */
export function inputToMinor(text: string, currency: string): number | null | undefined {
  const clean = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (clean === '') return null;
  if (!MONEY_TEXT.test(clean)) return undefined;
  const digits = currencyDigits(currency);
  const [whole = '0', fraction = ''] = clean.split('.');
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

function parts(date: Date, timeZone: string | undefined): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(date)) out[part.type] = part.value;
  return out;
}

function safeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** An ISO instant as `yyyy-mm-dd HH:MM` in the company's zone. */
export function formatInstant(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = parts(date, safeZone(timeZone));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A clock time: `HH:MM` as sent, or an ISO instant shown as `HH:MM` in the zone. */
export function formatClock(value: string | null | undefined, timeZone?: string): string {
  if (!value) return '—';
  if (/^\d{2}:\d{2}/.test(value)) return value.slice(0, 5);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const p = parts(date, safeZone(timeZone));
  return `${p.hour}:${p.minute}`;
}

/** Today as `yyyy-mm-dd` in the zone. */
export function todayIn(timeZone?: string): string {
  const p = parts(new Date(), safeZone(timeZone));
  return `${p.year}-${p.month}-${p.day}`;
}

export function currentMonth(timeZone?: string): string {
  return todayIn(timeZone).slice(0, 7);
}

export function minutesSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.floor((now - at) / 60_000));
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Compact JSON for a table cell. */
export function compactJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
