import { createI18n } from 'vue-i18n';
import { ref } from 'vue';
import en, { type MessageKey } from './en';
import zh from './zh';
import ru from './ru';
import kk from './kk';
import type { Lang } from '../api/types';

export type { MessageKey } from './en';

export const LANGS: readonly Lang[] = ['zh', 'en', 'ru', 'kk'];
export const DEFAULT_PAIR: [Lang, Lang] = ['zh', 'en'];

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en, zh, ru, kk },
  missingWarn: false,
  fallbackWarn: false,
});

/** The company's two languages; set from GET /api/session. */
export const languagePair = ref<[Lang, Lang]>([...DEFAULT_PAIR]);

export function setLanguagePair(pair: readonly string[] | null | undefined): void {
  const valid = (pair ?? []).filter((l): l is Lang => (LANGS as readonly string[]).includes(l));
  const next: [Lang, Lang] = valid.length >= 2 ? [valid[0]!, valid[1]!] : valid.length === 1 ? [valid[0]!, valid[0]!] : [...DEFAULT_PAIR];
  languagePair.value = next;
  i18n.global.locale.value = next[0];
  document.documentElement.lang = next[0];
}

export type Params = Record<string, string | number>;

export function tIn(lang: Lang, key: MessageKey, params?: Params): string {
  return i18n.global.t(key, params ?? {}, { locale: lang });
}

/** Both languages of the pair joined: `今日 · Today` (headings) or `批准 / Approve` (buttons). */
export function pairText(key: MessageKey, params?: Params, separator = ' · '): string {
  const [a, b] = languagePair.value;
  const first = tIn(a, key, params);
  if (a === b) return first;
  const second = tIn(b, key, params);
  return first === second ? first : `${first}${separator}${second}`;
}
