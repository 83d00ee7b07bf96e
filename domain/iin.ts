// Kazakhstan IIN (individual identification number) validation.
// Layout: YYMMDD, a century/sex digit (1–6), a 4-digit serial, a check digit.

export type IinRefusal = 'format' | 'century' | 'birth-date' | 'check-digit';
export type IinCheck =
  | { ok: true; iin: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: IinRefusal };

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** Strips the spaces and dashes people type between digit groups. */
export function normalizeIinInput(text: string): string {
  return text.trim().replace(/[\s-]/g, '');
}

function weightedMod11(digits: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  return sum % 11;
}

/** The check digit of the first 11 digits, or null when both passes give 10 (no valid IIN). */
export function iinCheckDigit(digits: number[]): number | null {
  const first = weightedMod11(digits, FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weightedMod11(digits, SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

export function validateIin(input: string): IinCheck {
  const iin = normalizeIinInput(input);
  if (!/^\d{12}$/.test(iin)) return { ok: false, reason: 'format' };
  const digits = [...iin].map(Number);
  const centuryDigit = digits[6] ?? 0;
  if (centuryDigit < 1 || centuryDigit > 6) return { ok: false, reason: 'century' };

  const century = 1800 + Math.floor((centuryDigit - 1) / 2) * 100;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, reason: 'birth-date' };
  }

  const expected = iinCheckDigit(digits);
  if (expected === null || expected !== digits[11]) return { ok: false, reason: 'check-digit' };

  const birthDate = `${String(year).padStart(4, '0')}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`;
  return { ok: true, iin, birthDate, sex: centuryDigit % 2 === 1 ? 'male' : 'female' };
}

/** How an IIN is shown anywhere but to its owner at registration: the last four digits only. */
export function maskedIin(iin: string): string {
  return `••••••••${iin.slice(-4)}`;
}

/**
 * Masks every valid IIN standing alone in a text (12 digits that pass the date, century and check
 * digit rules, so most other 12-digit numbers are left alone): for logs, error messages and audit rows.
 */
export function maskIinsIn(text: string): string {
  return text.replace(/(?<!\d)\d{12}(?!\d)/g, (candidate) => (validateIin(candidate).ok ? maskedIin(candidate) : candidate));
}
