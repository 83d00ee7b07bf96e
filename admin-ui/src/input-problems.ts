// The API's refusal of a field (400 invalid-input) in the company's two languages: the field by
// its label on the page ("Lunch · Minutes per break"), then what is wrong with it, one language
// per line. The API says the problem as data (`problem`); its English `message` is for scripts.
import { languagePair, tIn, type MessageKey, type Params } from './i18n';
import { BREAK_KEY, VIOLATION_KEY } from './labels';
import type { Lang, ViolationKind } from './api/types';
import type { InputFormat, InputProblem, LimitOf } from '../../domain/input-problem';

export interface InvalidInputBody {
  field?: string;
  message?: string;
  problem?: InputProblem;
}

// ---- the field ----

/** Top-level fields of the panel's forms and queries, and of the rules document. */
const FIELD_KEY: Record<string, MessageKey> = {
  amount: 'amount',
  reason: 'reason',
  memberId: 'member',
  kind: 'kind',
  month: 'month',
  workday: 'workday',
  time: 'time',
  from: 'from',
  to: 'to',
  type: 'leaveType',
  action: 'correctionAction',
  baseSalary: 'baseSalary',
  advanceLimit: 'advanceLimit',
  hr: 'hr',
  active: 'active',
  q: 'search',
  state: 'subscription',
  plan: 'plan',
  extendTrialDays: 'extendDays',
  telegramUserId: 'telegramUserId',
  effectiveFrom: 'effectiveFrom',
  timeZone: 'timeZone',
  workdays: 'workdays',
  holidays: 'holidays',
  shiftStart: 'shiftStart',
  shiftEnd: 'shiftEnd',
  lateGraceMinutes: 'lateGrace',
  earlyLeaveGraceMinutes: 'earlyGrace',
  absenceAfterMinutes: 'absenceAfter',
  currency: 'currency',
  breaks: 'breaks',
  penalties: 'penaltyRules',
  reminders: 'reminders',
  paidLeave: 'paidLeave',
  reports: 'reports',
  events: 'preview',
};

/** Fields inside a part of the rules document, by that part. */
const NESTED_KEY: Record<string, Record<string, MessageKey>> = {
  breaks: { minutesPerBreak: 'minutesPerBreak', breaksPerDay: 'breaksPerDay' },
  penalties: { amount: 'amount', mode: 'mode', freePerMonth: 'freePerMonth', tiers: 'tiers', fromMinutes: 'fromMinutes' },
  reminders: { beforeStartMinutes: 'beforeStart', beforeEndMinutes: 'beforeEnd', stillClockedInAfterMinutes: 'stillClockedIn' },
  advances: { monthlyLimit: 'advanceMonthlyLimit', expiryHours: 'expiryHours' },
  requests: { expiryHours: 'requestsExpiry' },
  reports: { dailyAt: 'dailyReport', monthlyDay: 'monthlyDay', monthlyAt: 'monthlyAt' },
  events: { time: 'time', kind: 'kind', breakType: 'breakType' },
};

/** The label of the field at `path` ('rules.breaks.lunch.minutesPerBreak'), in one language. */
export function fieldLabel(lang: Lang, path: string): string {
  const parts = path.split('.').filter((p) => p !== '');
  if (parts[0] === 'rules' && parts.length > 1) parts.shift();
  const [head, ...rest] = parts;
  if (head === undefined) return '';
  const t = (key: MessageKey) => tIn(lang, key);
  const labels: string[] = [];
  const nested = NESTED_KEY[head];
  if (FIELD_KEY[head]) labels.push(t(FIELD_KEY[head]));
  else if (!nested) return path;
  for (const part of rest) {
    if (/^\d+$/.test(part)) labels.push(`#${Number(part) + 1}`);
    else if (head === 'breaks' && BREAK_KEY[part]) labels.push(t(BREAK_KEY[part]));
    else if (head === 'penalties' && part in VIOLATION_KEY) labels.push(t(VIOLATION_KEY[part as ViolationKind]));
    else if (nested?.[part]) labels.push(t(nested[part]));
    else labels.push(part);
  }
  return labels.join(' · ');
}

// ---- what is wrong ----

/** The formats a person can fix; the others (a request id, a JSON body) are the page's doing. */
const FORMAT_KEY: Partial<Record<InputFormat, MessageKey>> = {
  date: 'problemFormatDate',
  'real-date': 'problemRealDate',
  month: 'problemFormatMonth',
  time: 'mustBeHHMM',
  currency: 'problemFormatCurrency',
  'time-zone': 'problemFormatZone',
  'lowercase-name': 'problemFormatName',
  'column-name': 'problemFormatColumn',
  'postgres-url': 'problemFormatUrl',
};

const LIMIT_KEY: Record<'too-small' | 'too-big', Record<LimitOf, [inclusive: MessageKey, exclusive: MessageKey]>> = {
  'too-small': {
    number: ['problemAtLeast', 'problemMoreThan'],
    text: ['problemTextAtLeast', 'problemTextAtLeast'],
    list: ['problemListAtLeast', 'problemListAtLeast'],
  },
  'too-big': {
    number: ['problemAtMost', 'problemLessThan'],
    text: ['problemTextAtMost', 'problemTextAtMost'],
    list: ['problemListAtMost', 'problemListAtMost'],
  },
};

function grouped(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 6 }).format(n);
}

/** The problem as one sentence in one language. */
export function problemText(lang: Lang, problem: InputProblem): string {
  const t = (key: MessageKey, params?: Params) => tIn(lang, key, params);
  switch (problem.code) {
    case 'required':
      return t('problemRequired');
    case 'wrong-type':
      if (problem.expected === 'number') return t('problemNumber');
      if (problem.expected === 'whole-number') return t('problemWholeNumber');
      return t('problemInvalid');
    case 'too-small':
    case 'too-big': {
      const [inclusive, exclusive] = LIMIT_KEY[problem.code][problem.of];
      const limit = problem.of === 'number' ? grouped(lang, problem.limit) : problem.limit;
      return t(problem.inclusive ? inclusive : exclusive, { limit });
    }
    case 'format': {
      const key = FORMAT_KEY[problem.format];
      return key ? t(key) : t('problemReload');
    }
    case 'one-of':
      return t('problemOneOf', { options: problem.options.join(', ') });
    case 'unknown-field':
      return t('problemReload');
    case 'not-before':
      return t('problemNotBefore', { date: problem.date });
    case 'money': {
      const { currency, decimals } = problem;
      if (problem.reason === 'not-positive') return t('problemMoneyPositive');
      if (problem.reason === 'too-precise') {
        return decimals === 0 ? t('problemMoneyWhole', { currency }) : t('problemMoneyDecimals', { currency, decimals });
      }
      if (problem.reason === 'too-large') return t('problemMoneyTooLarge', { currency, maximum: grouped(lang, problem.maximum) });
      return t('invalidMoney');
    }
    case 'invalid':
      return t('problemInvalid');
  }
}

/** The refusal in the company's two languages, one per line; the API's own words without `problem`. */
export function invalidInputText(body: InvalidInputBody): string {
  const [a, b] = languagePair.value;
  const line = (lang: Lang) => {
    const what = body.problem ? problemText(lang, body.problem) : (body.message ?? '');
    const field = body.field ? fieldLabel(lang, body.field) : '';
    return field ? tIn(lang, 'errorInvalidInput', { field, message: what }) : what;
  };
  const first = line(a);
  if (a === b) return first;
  const second = line(b);
  return first === second ? first : `${first}\n${second}`;
}
