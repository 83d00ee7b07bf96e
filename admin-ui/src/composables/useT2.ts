import { pairText, languagePair, tIn, type MessageKey, type Params } from '../i18n';

/**
 * Bilingual texts in the company's language pair.
 * `t2` for headings, labels and navigation (`今日 · Today`), `b2` for buttons (`批准 / Approve`),
 * `each` for long sentences shown one language per line.
 */
export function useT2() {
  return {
    t2: (key: MessageKey, params?: Params) => pairText(key, params, ' · '),
    b2: (key: MessageKey, params?: Params) => pairText(key, params, ' / '),
    each: (key: MessageKey, params?: Params) => [...new Set(languagePair.value.map((lang) => tIn(lang, key, params)))],
    pair: languagePair,
  };
}
