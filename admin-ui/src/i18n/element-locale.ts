import type { Language } from 'element-plus/es/locale';
import en from 'element-plus/es/locale/lang/en';
import kk from 'element-plus/es/locale/lang/kk';
import ru from 'element-plus/es/locale/lang/ru';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import type { Lang } from '../api/types';

const ELEMENT: Record<Lang, Language> = { zh: zhCn, en, ru, kk };

// Calendar cells hold one short name each: the week-day and month names stay in the first language.
const FIRST_ONLY = new Set(['el.datepicker.weeks', 'el.datepicker.months']);

type Tree = { [key: string]: string | Tree };

function pair(a: Tree, b: Tree | undefined, path: string): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(a)) {
    const here = `${path}.${key}`;
    const other = b?.[key];
    if (typeof value !== 'string') {
      out[key] = FIRST_ONLY.has(here) ? value : pair(value, typeof other === 'object' ? other : undefined, here);
    } else if (typeof other !== 'string' || other === '' || value === '' || other === value) {
      out[key] = value || (typeof other === 'string' ? other : '');
    } else {
      out[key] = `${value} / ${other}`;
    }
  }
  return out;
}

/** Element Plus's own texts (empty tables, pagination, date pickers) in the company's two languages. */
export function elementLocale(first: Lang, second: Lang): Language {
  const a = ELEMENT[first];
  if (first === second) return a;
  return { name: a.name, el: pair(a.el as Tree, ELEMENT[second].el as Tree, 'el') as Language['el'] };
}
