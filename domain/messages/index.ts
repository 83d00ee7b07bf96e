// The bilingual message catalogue. Every user-facing text is rendered in two languages at once,
// first language block then second, so nobody depends on a language setting to read it.
// A company chooses its pair; Chinese + English is the default.
//
// One typed module per locale (en.ts, zh.ts, ru.ts, kk.ts) rather than Fluent .ftl files:
// - keys are checked by the compiler: en.ts defines MessageKey and every other locale is a
//   Record<MessageKey, string>, so a missing, extra or misspelt key does not compile; placeholders
//   are compared across locales by a unit test that reads these same modules;
// - the catalogue is plain data with no file I/O, so it bundles into workflow code, which renders
//   notices itself;
// - plural rules and money and date formatting come from the platform's Intl (format.ts), with
//   no runtime dependency.

import { maskedIin } from '../iin';
import { en, type MessageKey } from './en';
import { formatTemplate, type ParamValue, type Params } from './format';
import { kk } from './kk';
import { ru } from './ru';
import { zh } from './zh';

export { date, money, type CalendarDay, type Money, type ParamValue, type Params } from './format';
export type { MessageKey } from './en';

export const LANGUAGES = ['zh', 'en', 'ru', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguagePair = readonly [Language, Language];
export const DEFAULT_LANGUAGE_PAIR: LanguagePair = ['zh', 'en'];
export const LANGUAGE_PAIRS: Record<string, LanguagePair> = {
  'zh-en': ['zh', 'en'],
  'ru-en': ['ru', 'en'],
  'ru-kk': ['ru', 'kk'],
};

const catalogue: Record<Language, Record<MessageKey, string>> = { zh, en, ru, kk };

/** The locale whose conventions (plurals, money, dates) each language block follows. */
export const LOCALES: Readonly<Record<Language, string>> = { zh: 'zh-CN', en: 'en-US', ru: 'ru-RU', kk: 'kk-KZ' };

export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

/** One language's text, with {placeholders} and plurals filled in. */
export function translate(key: MessageKey, language: Language, params: Params = {}): string {
  return formatTemplate(catalogue[language][key], LOCALES[language], params);
}

/** Both languages of the pair: the first language's block, then the second's. */
export function render(key: MessageKey, params: Params = {}, pair: LanguagePair = DEFAULT_LANGUAGE_PAIR): string {
  const [first, second] = pair;
  return `${translate(key, first, params)}\n${translate(key, second, params)}`;
}

/** A short label with both languages on one line, for buttons: "开启通知 · Notifications on". */
export function label(key: MessageKey, pair: LanguagePair = DEFAULT_LANGUAGE_PAIR): string {
  return `${translate(key, pair[0])} · ${translate(key, pair[1])}`;
}

/**
 * Params whose values are themselves translatable get one value per language.
 * `renderWith` fills each language block with its own translation of those params.
 */
export function renderWith(
  key: MessageKey,
  params: Params,
  localized: Record<string, MessageKey>,
  pair: LanguagePair = DEFAULT_LANGUAGE_PAIR,
): string {
  return renderParts([{ key, params, localized }], pair);
}

export interface MessagePart {
  key: MessageKey;
  params?: Params;
  localized?: Record<string, MessageKey>;
}

/** One part in one language, its localized params translated too. */
export function translatePart({ key, params = {}, localized = {} }: MessagePart, language: Language): string {
  const own: Record<string, ParamValue> = { ...params };
  for (const [name, valueKey] of Object.entries(localized)) own[name] = translate(valueKey, language);
  return translate(key, language, own);
}

/** Several messages as one text: each language's block holds every part, in order. */
export function renderParts(parts: MessagePart[], pair: LanguagePair = DEFAULT_LANGUAGE_PAIR): string {
  return pair.map((language) => parts.map((part) => translatePart(part, language)).join('\n')).join('\n');
}

/** Shows only the last four digits of an IIN. */
export function maskIin(iin: string): string {
  return maskedIin(iin);
}

/** Raw templates of one key in every language, for the completeness test. */
export function catalogueEntry(key: MessageKey): Readonly<Record<Language, string>> {
  return { zh: zh[key], en: en[key], ru: ru[key], kk: kk[key] };
}
