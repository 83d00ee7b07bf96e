import {
  LANGUAGES,
  LOCALES,
  MESSAGE_KEYS,
  catalogueEntry,
  label,
  maskIin,
  money,
  render,
  renderParts,
  renderWith,
  translate,
} from '../../../domain/messages';
import { parseTemplate, type TemplateNode } from '../../../domain/messages/format';
import { renderPunchNotice, withMention } from '../../../domain/notifications';

type Plural = Extract<TemplateNode, { kind: 'plural' }>;

/** Every node of a template, plural branches included. */
function nodesOf(template: string): TemplateNode[] {
  const walk = (nodes: TemplateNode[]): TemplateNode[] =>
    nodes.flatMap((n) => (n.kind === 'plural' ? [n, ...Object.values(n.branches).flatMap(walk)] : [n]));
  return walk(parseTemplate(template));
}

/** Placeholder names, a plural's number counting as one. */
const placeholders = (template: string) =>
  [...new Set(nodesOf(template).flatMap((n) => (n.kind === 'param' || n.kind === 'plural' ? [n.name] : [])))].sort();

const plurals = (template: string) => nodesOf(template).filter((n): n is Plural => n.kind === 'plural');

describe('Bilingual message catalogue', () => {
  test.each(MESSAGE_KEYS)('Key %s exists, non-empty, in every language with the same placeholders', (key) => {
    const entry = catalogueEntry(key);
    const first = placeholders(entry[LANGUAGES[0]]);
    for (const language of LANGUAGES) {
      expect(entry[language]?.trim()).toBeTruthy();
      expect(placeholders(entry[language])).toEqual(first);
    }
  });

  test.each(MESSAGE_KEYS)('Key %s: every plural is well formed, has "other" and only the categories its language has', (key) => {
    const entry = catalogueEntry(key);
    for (const language of LANGUAGES) {
      // A brace left in plain text is a placeholder or plural the parser could not read.
      const texts = nodesOf(entry[language]).flatMap((n) => (n.kind === 'text' ? [n.text] : []));
      expect(texts.join('')).not.toMatch(/[{}]/);
      const categories = new Intl.PluralRules(LOCALES[language]).resolvedOptions().pluralCategories;
      for (const plural of plurals(entry[language])) {
        expect(Object.keys(plural.branches)).toContain('other');
        for (const selector of Object.keys(plural.branches)) {
          if (!selector.startsWith('=')) expect(categories).toContain(selector);
        }
      }
    }
  });

  test('When a message is rendered, then the Chinese block comes first and the English block second', () => {
    expect(render('notify.enabled')).toBe('🔔 打卡通知已开启。\n🔔 Punch notifications are on.');
  });

  test('When a message has parameters, then both languages get them', () => {
    const text = render('register.done', { name: 'Aida' });
    expect(text.match(/Aida/g)).toHaveLength(2);
  });

  test('When a parameter is itself a translatable word, then each language gets its own word', () => {
    const text = renderWith('start.menu', { name: 'Li', maskedIin: maskIin('061211600012') }, { notifyState: 'state.off' });
    expect(text).toContain('打卡通知：关闭');
    expect(text).toContain('Punch notifications: off');
    expect(text).toContain('••••••••0012');
    expect(text).not.toContain('061211600012');
  });

  test('When several parts are rendered, then each language block holds every part in order, with its own words and amounts', () => {
    const text = renderParts(
      [
        { key: 'advance.decided', params: { name: 'Aida', amount: money(150050, 'KZT'), admin: 'Boss' }, localized: { outcome: 'request.outcome.rejected' } },
        { key: 'request.reasonLine', params: { reason: 'too early' } },
      ],
      ['ru', 'en'],
    );
    expect(text).toBe(
      '💰 Aida: 1\u00a0500,50 KZT\n❌ Отклонено (Boss)\nПричина: too early\n💰 Aida: 1,500.50 KZT\n❌ Rejected (Boss)\nReason: too early',
    );
  });

  test('Button labels carry both languages on one line', () => {
    expect(label('button.month')).toBe('📅 本月考勤 · This month');
    expect(translate('button.month', 'en')).toBe('This month');
  });

  test('A punch notice shows the kind, local time with its zone, and the terminal in both languages', () => {
    const text = renderPunchNotice(
      { kind: 'check-out', punchedAt: '2026-03-01T13:05:00.000Z', employeeName: 'Aida', terminal: null, timeZone: 'Asia/Almaty' },
      ['zh', 'en'],
    );
    expect(text).toContain('打卡已记录：下班');
    expect(text).toContain('Punch recorded: check out');
    expect(text).toContain('2026-03-01 18:05（Asia/Almaty）');
    expect(text).toContain('Terminal: unknown');
    expect(text).toContain('终端：未知');
  });
});

describe('Mentions in the group', () => {
  test('The name becomes a mention link and everything else is escaped', () => {
    expect(withMention('⏰ A<b> was 5 min late\n⏰ A<b> 迟到', 'A<b>', 42)).toBe(
      '⏰ <a href="tg://user?id=42">A&lt;b&gt;</a> was 5 min late\n⏰ <a href="tg://user?id=42">A&lt;b&gt;</a> 迟到',
    );
  });
});
