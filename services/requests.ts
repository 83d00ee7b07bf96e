// An employee's requests (salary advance, leave, correction), made in the bot (/advance, /leave,
// /fix) or in the panel's Mini App form: the same checks, limits and storage either way. Each is
// stored under the member's row lock (the month's advance limit, no overlapping leave, the comp
// balance, one pending correction per day and clock-in), audited, then handed to its workflow
// (the sweep hands over what a crash left behind). The answer is the bilingual text the person
// reads, whichever channel they used.
import type { Pool } from 'pg';
import { DEFAULT_ADVANCES, DEFAULT_REQUESTS } from '../domain/attendance-rules';
import { CORRECTION_MAX_DAYS_BACK, type CorrectionParse } from '../domain/correction';
import { LEAVE_LIMITS, workdaysIn, type LeaveParse } from '../domain/leave';
import { money, render, renderWith, type MessageKey } from '../domain/messages';
import { currencyDecimals } from '../domain/money';
import { parseAmount, SANITY_MAXIMUM_MAJOR } from '../domain/money-input';
import { decidersFor, type RequestKind } from '../domain/requests';
import { formatLocalTime, localDate, monthBounds } from '../domain/time';
import { describeError, type Logger } from '../config/logger';
import { memberAdvanceLimit, requestAdvance } from '../db/repositories/advances';
import { writeAudit } from '../db/repositories/audit';
import { requestCorrection } from '../db/repositories/corrections';
import { compBalance, requestLeave } from '../db/repositories/leave';
import type { Member } from '../db/repositories/members';
import { rulesInForce } from '../db/repositories/rules';
import type { Resubmission } from '../db/repositories/requests';
import type { Tenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import type { Decisions, StoredRequest } from './decisions';

export interface RequestDeps {
  pool: Pool;
  decisions: Pick<Decisions, 'handOff'>;
  /** The company's admins who may decide this requester's request (asked of Telegram). */
  deciders(tenant: Tenant, requesterUserId: number): Promise<number[]>;
  log: Logger;
}

export type SubmitOutcome =
  /** `resubmitted`: the same submission was handled before; this is the request it filed then. */
  | { ok: true; kind: RequestKind; id: number; uid: string; message: string; resubmitted: boolean }
  /** Nothing was stored; `problem` names why, `message` says it to the person. */
  | { ok: false; problem: string; message: string };

/**
 * The company's admins now (people, not bots) who may decide this member's request: the only ones
 * its workflow will accept decisions from. Nobody approves their own request while another admin can.
 */
export async function groupDeciders(
  telegram: { getChatAdministrators(chatId: number): Promise<Array<{ user: { id: number; is_bot: boolean } }>> },
  tenant: Pick<Tenant, 'telegramChatId'>,
  requesterUserId: number,
): Promise<number[]> {
  if (tenant.telegramChatId === null) return [];
  const admins = (await telegram.getChatAdministrators(tenant.telegramChatId)).filter((a) => !a.user.is_bot).map((a) => a.user.id);
  return decidersFor(admins, requesterUserId);
}

const refused = (problem: string, message: string): SubmitOutcome => ({ ok: false, problem, message });

/** Who made the request, for the audit log: the bot's user id, or the panel session's. */
const actorOf = (member: Member, channel: 'telegram' | 'panel') => `${channel === 'telegram' ? 'telegram' : 'panel'}:${member.telegramUserId}`;

/**
 * Starts the request's workflow. A submission handled again hands over only what the first
 * handling stored but never handed (the sweep would, later); starting is idempotent either way.
 */
async function handOff(deps: RequestDeps, stored: StoredRequest, admins: number[], resubmitted?: Resubmission): Promise<void> {
  if (resubmitted && (resubmitted.handed || stored.request.status !== 'pending')) return;
  await deps.decisions
    .handOff(stored, admins)
    .catch((err) => deps.log.warn({ err: describeError(err), kind: stored.kind, requestId: stored.request.id }, 'request workflow not started yet; the sweep will retry'));
}

export async function submitAdvance(
  deps: RequestDeps,
  r: { tenant: Tenant; member: Member; amountText: string; reason: string | null; channel: 'telegram' | 'panel'; now?: Date; submissionKey?: string | null },
): Promise<SubmitOutcome> {
  const { tenant, member } = r;
  const pair = tenant.languagePair;
  const now = r.now ?? new Date();
  const rules = await withTenant(deps.pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(now, tenant.timeZone), tenant.timeZone));
  if (!r.amountText.trim()) return refused('usage', render('advance.usage', {}, pair));
  const amount = parseAmount(r.amountText.trim(), rules.currency);
  if (!amount.ok) {
    const max = money(SANITY_MAXIMUM_MAJOR * 10 ** currencyDecimals(rules.currency), rules.currency);
    return refused('amount', render('adjustment.badAmount', { decimals: currencyDecimals(rules.currency), max }, pair));
  }
  if (tenant.telegramChatId === null) return refused('no-group', render('clock.notSetUp', {}, pair));
  const admins = await deps.deciders(tenant, member.telegramUserId);
  const settings = rules.advances ?? DEFAULT_ADVANCES;
  const { start, end } = monthBounds(now, tenant.timeZone);
  const expiresAt = new Date(now.getTime() + settings.expiryHours * 3_600_000);

  const result = await withTenant(deps.pool, tenant.id, async (tx) => {
    const limit = await memberAdvanceLimit(tx, member.id, settings.monthlyLimit);
    const requested = await requestAdvance(tx, {
      tenantId: tenant.id, memberId: member.id, amount: amount.minor, currency: rules.currency,
      reason: r.reason?.trim().slice(0, 500) || null, limit, month: { start, end }, expiresAt, submissionKey: r.submissionKey ?? null,
    });
    if (requested.ok && !requested.resubmitted) {
      await writeAudit(tx, {
        tenantId: tenant.id, actor: actorOf(member, r.channel), action: 'advance.requested', target: `advance:${requested.advance.id}`,
        payload: { amount: amount.minor, currency: rules.currency }, workflowId: requested.advance.workflowId,
      });
    }
    return { requested, limit };
  });
  const inCurrency = (minor: number) => money(minor, rules.currency);
  if (!result.requested.ok) {
    return refused('over-limit', render('advance.overLimit', { used: inCurrency(result.requested.used), limit: inCurrency(result.limit), amount: inCurrency(amount.minor) }, pair));
  }
  const { advance, resubmitted } = result.requested;
  await handOff(deps, { kind: 'advance', request: advance }, admins, resubmitted);
  return { ok: true, kind: 'advance', id: advance.id, uid: advance.uid, resubmitted: !!resubmitted, message: render('advance.submitted', { amount: inCurrency(advance.amount) }, pair) };
}

const LEAVE_PROBLEMS: Record<string, MessageKey> = {
  type: 'leave.badType',
  date: 'request.badDate',
  order: 'leave.badOrder',
  'too-long': 'leave.tooLong',
  'too-far-back': 'leave.tooFarBack',
  'too-far-ahead': 'leave.tooFarAhead',
};
const LEAVE_LIMIT_OF: Record<string, number> = { 'too-long': LEAVE_LIMITS.maxDays, 'too-far-back': LEAVE_LIMITS.maxDaysBack, 'too-far-ahead': LEAVE_LIMITS.maxDaysAhead };

/** A leave request as parsed from the bot's words (parseLeave) or checked from a form (checkLeave). */
export async function submitLeave(
  deps: RequestDeps,
  r: { tenant: Tenant; member: Member; parsed: LeaveParse; channel: 'telegram' | 'panel'; now?: Date; submissionKey?: string | null },
): Promise<SubmitOutcome> {
  const { tenant, member, parsed } = r;
  const pair = tenant.languagePair;
  const now = r.now ?? new Date();
  if (!parsed.ok) {
    if (parsed.problem === 'usage') {
      const { balance } = await withTenant(deps.pool, tenant.id, (tx) => compBalance(tx, member.id));
      return refused('usage', render('leave.usage', { balance }, pair));
    }
    return refused(parsed.problem, render(LEAVE_PROBLEMS[parsed.problem]!, { text: 'text' in parsed ? parsed.text : '', max: LEAVE_LIMIT_OF[parsed.problem] ?? '' }, pair));
  }
  const { ask } = parsed;
  if (tenant.telegramChatId === null) return refused('no-group', render('clock.notSetUp', {}, pair));
  const rules = await withTenant(deps.pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, ask.from, tenant.timeZone));
  const days = workdaysIn(rules, ask.from, ask.to);
  if (days === 0) return refused('no-workdays', render('leave.noWorkdays', { from: ask.from, to: ask.to }, pair));
  const admins = await deps.deciders(tenant, member.telegramUserId);
  const expiresAt = new Date(now.getTime() + (rules.requests ?? DEFAULT_REQUESTS).expiryHours * 3_600_000);

  const result = await withTenant(deps.pool, tenant.id, async (tx) => {
    const requested = await requestLeave(tx, {
      tenantId: tenant.id, memberId: member.id, leaveType: ask.type, from: ask.from, to: ask.to, days, reason: ask.reason, expiresAt, submissionKey: r.submissionKey ?? null,
    });
    if (requested.ok && !requested.resubmitted) {
      await writeAudit(tx, {
        tenantId: tenant.id, actor: actorOf(member, r.channel), action: 'leave.requested', target: `leave:${requested.leave.id}`,
        payload: { leaveType: ask.type, from: ask.from, to: ask.to, days }, workflowId: requested.leave.workflowId,
      });
    }
    return requested;
  });
  if (!result.ok) {
    if (result.reason === 'overlap') return refused('overlap', render('leave.overlap', { from: result.with.from, to: result.with.to }, pair));
    return refused('no-balance', render('leave.noBalance', { balance: result.balance, days }, pair));
  }
  const { leave } = result;
  await handOff(deps, { kind: 'leave', request: leave }, admins, result.resubmitted);
  return {
    ok: true, kind: 'leave', id: leave.id, uid: leave.uid, resubmitted: !!result.resubmitted,
    message: renderWith('leave.submitted', { from: leave.from, to: leave.to, days: leave.days }, { type: `leave.type.${leave.leaveType}` }, pair),
  };
}

const CORRECTION_PROBLEMS: Record<string, MessageKey> = {
  usage: 'fix.usage',
  date: 'request.badDate',
  action: 'fix.badAction',
  time: 'fix.badTime',
  future: 'fix.future',
  'too-far-back': 'fix.tooFarBack',
};

/** A correction as parsed from the bot's words (parseCorrection) or checked from a form (checkCorrection). */
export async function submitCorrection(
  deps: RequestDeps,
  r: { tenant: Tenant; member: Member; parsed: CorrectionParse; channel: 'telegram' | 'panel'; now?: Date; submissionKey?: string | null },
): Promise<SubmitOutcome> {
  const { tenant, member, parsed } = r;
  const pair = tenant.languagePair;
  const now = r.now ?? new Date();
  if (!parsed.ok) {
    return refused(parsed.problem, render(CORRECTION_PROBLEMS[parsed.problem]!, { text: 'text' in parsed ? parsed.text : '', max: CORRECTION_MAX_DAYS_BACK }, pair));
  }
  const { ask } = parsed;
  if (tenant.telegramChatId === null) return refused('no-group', render('clock.notSetUp', {}, pair));
  const current = await withTenant(deps.pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(now, tenant.timeZone), tenant.timeZone));
  const admins = await deps.deciders(tenant, member.telegramUserId);
  const expiresAt = new Date(now.getTime() + (current.requests ?? DEFAULT_REQUESTS).expiryHours * 3_600_000);

  const result = await withTenant(deps.pool, tenant.id, async (tx) => {
    const requested = await requestCorrection(tx, {
      tenantId: tenant.id, memberId: member.id, workday: ask.workday, action: ask.action, punchedAt: new Date(ask.punchedAt), reason: ask.reason, expiresAt,
      submissionKey: r.submissionKey ?? null,
    });
    if (requested.ok && !requested.resubmitted) {
      await writeAudit(tx, {
        tenantId: tenant.id, actor: actorOf(member, r.channel), action: 'correction.requested', target: `correction:${requested.correction.id}`,
        payload: { workday: ask.workday, action: ask.action, punchedAt: ask.punchedAt }, workflowId: requested.correction.workflowId,
      });
    }
    return requested;
  });
  if (!result.ok) return refused('duplicate', render('fix.duplicate', {}, pair));
  const { correction } = result;
  await handOff(deps, { kind: 'correction', request: correction }, admins, result.resubmitted);
  return {
    ok: true, kind: 'correction', id: correction.id, uid: correction.uid, resubmitted: !!result.resubmitted,
    message: renderWith('fix.submitted', { date: correction.workday, time: formatLocalTime(correction.punchedAt, tenant.timeZone) }, { action: `button.clock.${correction.action}` }, pair),
  };
}
