// Reading an amount a person typed: positive, no more decimals than the currency has, and under
// a sanity maximum, so a typo cannot become a fortune.
import type { AmountRefusal } from './input-problem';
import { currencyDecimals } from './money';

export type { AmountRefusal } from './input-problem';

/** 100 million in major units: far above any salary advance, penalty or bonus. */
export const SANITY_MAXIMUM_MAJOR = 100_000_000;

export function parseAmount(text: string, currency: string): { ok: true; minor: number } | { ok: false; reason: AmountRefusal } {
  const cleaned = text.trim().replace(/[\s_]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return { ok: false, reason: 'not-a-number' };
  const [whole, fraction = ''] = cleaned.replace('-', '').split('.');
  if (cleaned.startsWith('-') || /^0*$/.test(`${whole}${fraction}`)) return { ok: false, reason: 'not-positive' };
  const decimals = currencyDecimals(currency);
  if (fraction.length > decimals) return { ok: false, reason: 'too-precise' };
  if (Number(whole) >= SANITY_MAXIMUM_MAJOR) return { ok: false, reason: 'too-large' };
  return { ok: true, minor: Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || 0) };
}
