// The formatter: fills one language's template. A template holds {placeholders} and ICU-style
// plurals, `{days, plural, =0 {none} one {# day} other {# days}}`: `#` is the number, an exact
// `=n` wins over the category, the category comes from Intl.PluralRules for the locale, and
// `other` is the fallback. Money and calendar days are formatted with the locale's Intl
// conventions. No I/O and no time zone of the machine: this runs inside workflow code too.
import { currencyDecimals } from '../money';

/** An amount in integer minor units with its ISO 4217 code, shown in each language's own way. */
export interface Money {
  readonly kind: 'money';
  readonly minor: number;
  readonly currency: string;
}

/** A calendar day (yyyy-mm-dd), shown as a readable date in each language. */
export interface CalendarDay {
  readonly kind: 'date';
  readonly isoDay: string;
}

/** A number renders as String(n): ids and years get no grouping separators. */
export type ParamValue = string | number | Money | CalendarDay;
export type Params = Readonly<Record<string, ParamValue>>;

export function money(minor: number, currency: string): Money {
  return { kind: 'money', minor, currency };
}

export function date(isoDay: string): CalendarDay {
  return { kind: 'date', isoDay };
}

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'plural'; name: string; branches: Readonly<Record<string, TemplateNode[]>> }
  /** `#` inside a plural branch: the number that chose it. */
  | { kind: 'count' };

const PLACEHOLDER = /^\{(\w+)\}/;
const PLURAL_START = /^\{(\w+)\s*,\s*plural\s*,/;
const BRANCH_START = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/;

/** The index just past the `}` that closes the `{` before `from`, or -1. */
function closingBrace(template: string, from: number): number {
  let depth = 1;
  for (let i = from; i < template.length; i++) {
    if (template[i] === '{') depth++;
    else if (template[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** A plural starting at `start`, with the index after it; null when malformed (then it is plain text). */
function parsePlural(template: string, start: number): { node: TemplateNode; end: number } | null {
  const head = PLURAL_START.exec(template.slice(start));
  if (!head) return null;
  const branches: Record<string, TemplateNode[]> = {};
  let i = start + head[0].length;
  for (;;) {
    const branch = BRANCH_START.exec(template.slice(i));
    if (!branch) break;
    const bodyStart = i + branch[0].length;
    const end = closingBrace(template, bodyStart);
    if (end < 0) return null;
    branches[branch[1]!] = parse(template.slice(bodyStart, end - 1), true);
    i = end;
  }
  while (/\s/.test(template[i] ?? '')) i++;
  if (template[i] !== '}' || Object.keys(branches).length === 0) return null;
  return { node: { kind: 'plural', name: head[1]!, branches }, end: i + 1 };
}

function parse(template: string, inPlural: boolean): TemplateNode[] {
  const nodes: TemplateNode[] = [];
  let text = '';
  const flush = () => {
    if (text) nodes.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < template.length; ) {
    const char = template[i]!;
    if (char === '{') {
      const placeholder = PLACEHOLDER.exec(template.slice(i));
      if (placeholder) {
        flush();
        nodes.push({ kind: 'param', name: placeholder[1]! });
        i += placeholder[0].length;
        continue;
      }
      const plural = parsePlural(template, i);
      if (plural) {
        flush();
        nodes.push(plural.node);
        i = plural.end;
        continue;
      }
    }
    if (char === '#' && inPlural) {
      flush();
      nodes.push({ kind: 'count' });
    } else text += char;
    i++;
  }
  flush();
  return nodes;
}

const parsed = new Map<string, TemplateNode[]>();

/** A template's structure; cached, since templates come from the fixed catalogue. */
export function parseTemplate(template: string): TemplateNode[] {
  let nodes = parsed.get(template);
  if (!nodes) {
    nodes = parse(template, false);
    parsed.set(template, nodes);
  }
  return nodes;
}

// Intl objects are costly to build and reused across messages.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Digits, grouping, decimal mark and sign as the locale writes them ("1,200.00" in en-US,
 * "1 200,00" in ru-RU), then the ISO code. The code follows the amount in every language, as
 * these texts have always shown it, rather than CLDR's "KZT 1,200.00" for en and zh.
 */
function formatAmount(value: Money, locale: string): string {
  const digits = currencyDecimals(value.currency);
  const number = cached(`number:${locale}:${digits}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return `${number.format(value.minor / 10 ** digits)} ${value.currency.toUpperCase()}`;
}

/** The calendar day itself, read in UTC so the machine's time zone cannot shift it. */
function formatCalendarDay(value: CalendarDay, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.isoDay);
  if (!match) return value.isoDay;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return cached(`date:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })).format(day);
}

export function formatValue(value: ParamValue, locale: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.kind === 'money' ? formatAmount(value, locale) : formatCalendarDay(value, locale);
}

function pluralBranch(node: Extract<TemplateNode, { kind: 'plural' }>, count: number, locale: string): TemplateNode[] | undefined {
  const rules = cached(`plural:${locale}`, () => new Intl.PluralRules(locale));
  return node.branches[`=${count}`] ?? node.branches[rules.select(count)] ?? node.branches.other;
}

function fill(nodes: TemplateNode[], locale: string, params: Params, count: string): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'count') out += count;
    else if (!Object.prototype.hasOwnProperty.call(params, node.name)) out += `{${node.name}}`;
    else if (node.kind === 'param') out += formatValue(params[node.name]!, locale);
    else {
      const value = params[node.name]!;
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      // A value that is not a number cannot choose a category: it takes `other`.
      const branch = Number.isFinite(number) ? pluralBranch(node, number, locale) : node.branches.other;
      const shown = formatValue(value, locale);
      out += branch ? fill(branch, locale, params, shown) : shown;
    }
  }
  return out;
}

/** One language's text: placeholders filled for `locale` (a BCP 47 tag); a missing param stays visible as `{name}`. */
export function formatTemplate(template: string, locale: string, params: Params = {}): string {
  return fill(parseTemplate(template), locale, params, '#');
}
