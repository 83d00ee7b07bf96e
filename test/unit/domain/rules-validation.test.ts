// The rules validator names every problem, and names it in the company's two languages.
import { DEFAULT_RULES, type AttendanceRules } from '../../../domain/attendance-rules';
import { rulesProblemTexts, rulesProblemsInEnglish, validateRules } from '../../../domain/rules-validation';
import { InvalidRulesError } from '../../../db/repositories/rules';

const broken = (): AttendanceRules =>
  ({
    ...DEFAULT_RULES,
    timeZone: 'Mars/Base',
    breaks: { ...DEFAULT_RULES.breaks, smoke: { minutesPerBreak: 0, breaksPerDay: 2 } },
    penalties: {
      late: { mode: 'fixed', amount: 100_00, tiers: [{ fromMinutes: 10, mode: 'fixed', amount: 1 }, { fromMinutes: -5, mode: 'fixed', amount: 1 }] },
      'early-leave': { mode: 'hourly', amount: 0.5 },
      sleeping: { mode: 'fixed', amount: 1 },
    },
    paidLeave: { sick: 'yes', personal: false, comp: true },
  }) as unknown as AttendanceRules;

describe('Rules validation', () => {
  test('When the rules are the defaults, then there is no problem', () => {
    expect(validateRules(DEFAULT_RULES)).toEqual([]);
  });

  test('When several things are wrong, then each is named once, in the order of the rules page', () => {
    // Act
    const english = rulesProblemsInEnglish(validateRules(broken()));

    // Assert
    expect(english).toEqual([
      'Time zone: “Mars/Base” is not a time zone; use an IANA zone such as Asia/Almaty.',
      'Smoke: minutes per break must be more than 0, and breaks per day a whole number ≥ 0.',
      'Late arrival penalty, step 2: needs “from minutes”, a mode and an amount (whole numbers ≥ 0).',
      'Early leave penalty: it is either fixed or per minute.',
      'Early leave penalty: the amount must be a whole number of minor units ≥ 0.',
      'Penalties: “sleeping” is not a kind of violation.',
      'sick leave: say whether it is paid (yes or no).',
    ]);
  });

  test("When the company speaks Russian and Kazakh, then each problem is in both, one per line, the break, the violation and the leave named in each", () => {
    // Act
    const texts = rulesProblemTexts(validateRules(broken()), ['ru', 'kk']);

    // Assert
    expect(texts).toHaveLength(7);
    expect(texts[0]).toBe(
      'Часовой пояс: «Mars/Base» — не часовой пояс; укажите пояс IANA, например Asia/Almaty.\n' +
        'Уақыт белдеуі: «Mars/Base» уақыт белдеуі емес; IANA белдеуін көрсетіңіз, мысалы Asia/Almaty.',
    );
    expect(texts[1]).toMatch(/^Перекур: .*\nТемекі: /);
    expect(texts[2]).toMatch(/^Штраф «Опоздание», ступень 2: .*\n«Кешігу» айыппұлы, 2-саты: /);
    expect(texts[6]).toMatch(/^больничный: .*\nауру демалысы: /);
    for (const text of texts) expect(text.split('\n')).toHaveLength(2);
  });

  test('When rules cannot be stored, then the error carries the problems and says them in English for the log', () => {
    const error = new InvalidRulesError(validateRules({ ...DEFAULT_RULES, lateGraceMinutes: 300, absenceAfterMinutes: 240 }));

    expect(error.message).toBe('invalid rules: “Absent after” must be more minutes than the grace for lateness.');
    expect(rulesProblemTexts(error.problems, ['zh', 'en'])).toEqual(['“超过多少分钟算缺勤”须大于迟到宽限。\n“Absent after” must be more minutes than the grace for lateness.']);
  });
});
