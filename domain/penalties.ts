// A company's penalties in words. The /setup reply lists them so an admin knows what a violation
// costs, and a notice leaves the amount out when no rule prices its kind.
import { VIOLATION_KINDS, type AttendanceRules, type PenaltyRule, type ViolationKind } from './attendance-rules';
import { money, translate, type Language } from './messages';

/** The kinds a clock-in reveals at once; the others wait for the day's close. */
const REAL_TIME_KINDS: readonly ViolationKind[] = ['late', 'absence', 'early-leave', 'break-overrun'];

/** Whether the rules price this kind at all (a rule may still price some minutes at 0). */
export function hasPenaltyRule(rules: Pick<AttendanceRules, 'penalties'>, kind: ViolationKind): boolean {
  return rules.penalties[kind] !== undefined;
}

function price(mode: PenaltyRule['mode'], amount: number, currency: string, language: Language): string {
  return translate(mode === 'fixed' ? 'penalties.fixed' : 'penalties.perMinute', language, { amount: money(amount, currency) });
}

function describeRule(rule: PenaltyRule, currency: string, language: Language): string {
  const tiers = [...(rule.tiers ?? [])]
    .sort((a, b) => a.fromMinutes - b.fromMinutes)
    .map((t) => translate('penalties.tier', language, { from: t.fromMinutes, price: price(t.mode, t.amount, currency, language) }));
  const free = rule.freePerMonth ? [translate('penalties.freePerMonth', language, { count: rule.freePerMonth })] : [];
  return [price(rule.mode, rule.amount, currency, language), ...tiers, ...free].join('');
}

/** The company's penalties in one language: a line per priced kind, or that none is set and what happens then. */
export function describePenalties(rules: Pick<AttendanceRules, 'penalties' | 'currency'>, language: Language): string {
  const priced = VIOLATION_KINDS.flatMap((kind) => {
    const rule = rules.penalties[kind];
    return rule ? [{ kind, rule }] : [];
  });
  if (priced.length === 0) return translate('penalties.none', language);
  const lines = priced.map(({ kind, rule }) =>
    translate('penalties.line', language, { kind: translate(`penalties.kind.${kind}`, language), price: describeRule(rule, rules.currency, language) }),
  );
  const unpriced = REAL_TIME_KINDS.some((kind) => !hasPenaltyRule(rules, kind));
  return [translate('penalties.header', language), ...lines, ...(unpriced ? [translate('penalties.others', language)] : [])].join('\n');
}
