// The rules engine applied to a group clock-in, in real time: which violations this punch
// reveals, priced with the member's monthly free allowance, stored once per punch and kind.
import type { Pool, PoolClient } from 'pg';
import { DEFAULT_REMINDERS, earnsCompDay, judgeDay, priceViolation, shiftWindow, type AttendanceRules, type ClockEvent, type Violation, type ViolationKind } from '../domain/attendance-rules';
import { actionOfPunch, workdayOf } from '../domain/clock-in';
import { applyClockAction } from '../domain/clock-state';
import type { BreakType } from '../domain/clock-state';
import { render, type LanguagePair } from '../domain/messages';
import { hasPenaltyRule } from '../domain/penalties';
import { nextShiftReminder } from '../domain/reminders';
import { localDate } from '../domain/time';
import { writeAudit } from '../db/repositories/audit';
import { dayEvents, dayStateOf, memberDayPunches } from '../db/repositories/clock-ins';
import { compBalance, earnCompDay, leaveOn } from '../db/repositories/leave';
import { getMember, markPrivateChatClosed } from '../db/repositories/members';
import { priorThisMonth, recordViolation } from '../db/repositories/violations';
import { audienceMemberOf, type AudienceMember } from './member-audience';
import { rulesInForce } from '../db/repositories/rules';
import { getTenant, tenantStanding } from '../db/repositories/tenants';
import { botAway } from '../db/repositories/service-pauses';
import { one } from '../db/queryable';
import { withTenant } from '../db/tenant-scope';
import { InvalidStateError, NotFoundError } from '../db/errors';
import { recordViolationStored } from '../config/metrics';
import { isDueOn } from '../services/day-close';

export interface PricedViolation {
  kind: ViolationKind;
  minutes: number;
  amount: number;
  free: boolean;
  breakType: BreakType | null;
  /** The rules price this kind at all; without a rule the notice leaves the penalty out. */
  hasPenaltyRule: boolean;
}

export interface GroupPunchEvaluation {
  tenant: { chatId: number | null; languagePair: LanguagePair; currency: string; timeZone: string };
  member: AudienceMember;
  violations: PricedViolation[];
  /** This clock-out closed a full day worked on a day off: a comp day was recorded (and the balance now). */
  compDayEarned: { balance: number } | null;
  /** A break started: how long it may last, and this punch's UUID (its watch's name). */
  breakStarted: { breakType: BreakType; allowanceMs: number; punchUid: string; penalised?: boolean } | null;
  /** A return from a break: the punch that started it. */
  endsBreakPunchId: number | null;
  endsBreakPunchUid?: string | null;
  /** A start of the day: when to check whether they forgot to clock out (the member's UUID names the watch). */
  stillClockedInCheck: { workday: string; at: string; shiftEnd: string; memberUid: string } | null;
}

export interface GroupReminder {
  at: string;
  chatId: number;
  text: string;
}

export function createRulesActivities(deps: { pool: Pool }) {
  const { pool } = deps;

  return {
    async evaluateGroupPunch(tenantId: number, punchId: number, workflowId: string): Promise<GroupPunchEvaluation> {
      return withTenant(pool, tenantId, (tx) => evaluate(tx, punchId, workflowId));
    },

    /** The group's next shift reminder, rendered; null when reminders are off, the company is not active or the bot is out of its group. */
    async nextGroupReminder(tenantId: number, afterIso: string): Promise<GroupReminder | null> {
      return withTenant(pool, tenantId, async (tx) => {
        const tenant = await getTenant(tx, tenantId);
        const after = new Date(afterIso);
        if (!tenant?.telegramChatId || tenantStanding(tenant, after) !== 'ok' || (await botAway(tx, tenantId))) return null;
        const rules = await rulesInForce(tx, tenantId, localDate(after, tenant.timeZone), tenant.timeZone);
        const due = nextShiftReminder(rules, after);
        if (!due) return null;
        const key = due.kind === 'before-start' ? 'reminder.beforeStart' : 'reminder.beforeEnd';
        return { at: due.at.toISOString(), chatId: tenant.telegramChatId, text: render(key, { minutes: due.minutes, time: due.boundary }, tenant.languagePair) };
      });
    },

    /** Whether the member's day is still open (clocked in, or on a break). */
    async isStillClockedIn(tenantId: number, memberId: number, workday: string): Promise<boolean> {
      return withTenant(pool, tenantId, async (tx) => {
        const tenant = await getTenant(tx, tenantId);
        if (!tenant) return false;
        const rules = await rulesInForce(tx, tenantId, workday, tenant.timeZone);
        const status = dayStateOf(await memberDayPunches(tx, tenantId, memberId, workday, rules)).status;
        return status === 'working' || status === 'on-break';
      });
    },

    /** The tenant's UUID (what its workflows are named by), or null when it no longer exists. */
    async tenantUidOf(tenantId: number): Promise<string | null> {
      return withTenant(pool, tenantId, async (tx) => (await getTenant(tx, tenantId))?.uid ?? null);
    },

    /** The member blocked the bot: stop messaging them directly. */
    async closePrivateChat(telegramUserId: number): Promise<void> {
      await markPrivateChatClosed(pool, telegramUserId);
    },

    /**
     * Whether the member is still on the break that started with this punch: no return or clock-out
     * after it in the day's order (time, then the order stored). Clock-ins are timed to the second,
     * so "back" and the next break pressed within one second share a time; the earlier "back" does
     * not end the later break.
     */
    async isBreakOpen(tenantId: number, breakPunchId: number): Promise<boolean> {
      return withTenant(pool, tenantId, async (tx) => {
        const row = await one<{ open: boolean }>(
          tx,
          `SELECT NOT EXISTS (
             SELECT 1 FROM punches later, punches b
             WHERE b.id = $1 AND later.tenant_id = b.tenant_id AND later.member_id = b.member_id
               AND (later.punched_at > b.punched_at OR (later.punched_at = b.punched_at AND later.id > b.id))
               AND later.kind IN ('break-in', 'check-out')
               AND NOT EXISTS (SELECT 1 FROM punches c WHERE c.corrects_punch_id = later.id)
           ) AS open`,
          [breakPunchId],
        );
        return row?.open ?? false;
      });
    },
  };
}

/** Runs inside the tenant's transaction. */
async function evaluate(tx: PoolClient, punchId: number, workflowId: string): Promise<GroupPunchEvaluation> {
  const punch = await one<{ uid: string; tenant_id: number; member_id: number; punched_at: Date; kind: string; break_type: BreakType | null }>(
    tx,
    'SELECT uid, tenant_id, member_id, punched_at, kind, break_type FROM punches WHERE id = $1',
    [punchId],
  );
  if (!punch?.member_id) throw new InvalidStateError(`punch ${punchId} is not a member's clock-in`);
  const tenant = await getTenant(tx, punch.tenant_id);
  const member = await getMember(tx, punch.member_id);
  if (!tenant || !member) throw new NotFoundError(`punch ${punchId} refers to a missing tenant or member`);

  const provisional = await rulesInForce(tx, tenant.id, localDate(punch.punched_at, tenant.timeZone), tenant.timeZone);
  const workday = workdayOf(punch.punched_at, provisional);
  const rules = await rulesInForce(tx, tenant.id, workday, tenant.timeZone);
  const day = await memberDayPunches(tx, tenant.id, member.id, workday, rules, { punchedAt: punch.punched_at, id: punchId });
  const events = dayEvents(day);
  const at = punch.punched_at.toISOString();
  const onLeave = (await leaveOn(tx, member.id, workday)) !== null;
  // Someone who joined today and first clocked in after the shift is not judged for it (as the
  // day's close does not): no lateness, no absence, no reminder to clock out.
  const due = await isDueOn(tx, tenant, member.id, workday, shiftWindow(rules, workday).end);
  const verdict = judgeDay(rules, workday, events, { closed: false, onLeave });
  const revealed = due ? verdict.violations.filter((v) => v.ref === punchId) : [];

  const priced: PricedViolation[] = [];
  for (const v of revealed) {
    priced.push(await recordFoundViolation(tx, { tenantId: tenant.id, memberId: member.id, rules, workday, punchId, workflowId }, v));
  }

  // The day closed with a full day worked on a day off: one compensatory day, once.
  const compDayEarned =
    punch.kind === 'check-out' && !onLeave ? await creditCompDay(tx, { tenantId: tenant.id, memberId: member.id, rules, workday, punchId, workflowId }, events) : null;

  const lastBreakOut = [...day].reverse().find((p) => p.kind === 'break-out' && p.id !== punchId);
  // A move the day's state refuses (a terminal's double start, say) is kept as a raw punch but
  // starts no timers.
  const action = actionOfPunch(punch.kind, punch.break_type);
  const accepted = !!action && applyClockAction(dayStateOf(day.filter((p) => p.id !== punchId)), action, at).ok;
  return {
    tenant: { chatId: tenant.telegramChatId, languagePair: tenant.languagePair, currency: rules.currency, timeZone: rules.timeZone },
    member: await audienceMemberOf(tx, member),
    violations: priced,
    compDayEarned,
    breakStarted:
      accepted && punch.kind === 'break-out' && punch.break_type
        ? {
            breakType: punch.break_type,
            allowanceMs: Math.round(rules.breaks[punch.break_type].minutesPerBreak * 60_000),
            punchUid: punch.uid,
            penalised: hasPenaltyRule(rules, 'break-overrun'),
          }
        : null,
    endsBreakPunchId: accepted && punch.kind === 'break-in' && lastBreakOut ? lastBreakOut.id : null,
    endsBreakPunchUid: accepted && punch.kind === 'break-in' && lastBreakOut ? lastBreakOut.uid : null,
    stillClockedInCheck: accepted && due ? stillClockedInCheck(rules, workday, punch.kind, member.uid, punch.punched_at) : null,
  };
}

export interface DayJudgement {
  tenantId: number;
  memberId: number;
  rules: AttendanceRules;
  workday: string;
  /** The punch being judged (a violation is recorded against its own `ref`). */
  punchId: number;
  workflowId: string;
  /** Set when a correction judges the day again. */
  correctionId?: number;
}

/** Prices a violation the engine found (monthly free allowance), stores it once and audits it. */
export async function recordFoundViolation(tx: PoolClient, j: DayJudgement, v: Violation): Promise<PricedViolation> {
  const punchId = v.ref ?? j.punchId;
  const price = priceViolation(j.rules, v.kind, v.minutes, await priorThisMonth(tx, j.memberId, v.kind, j.workday, punchId));
  const stored = await recordViolation(tx, {
    tenantId: j.tenantId, memberId: j.memberId, punchId, workday: j.workday, kind: v.kind, breakType: v.breakType ?? null,
    minutes: v.minutes, amount: price.amount, currency: j.rules.currency, free: price.free, workflowId: j.workflowId, correctionId: j.correctionId ?? null,
  });
  if (stored) {
    // Counted here, in the activity, never in workflow code. (A transaction that fails after this
    // point counts the violation again when its retry stores it: rare, and only ever over.)
    recordViolationStored(v.kind);
    await writeAudit(tx, {
      tenantId: j.tenantId,
      actor: 'system:rules',
      action: 'violation.recorded',
      target: `member:${j.memberId}`,
      payload: { punchId, kind: v.kind, minutes: v.minutes, amount: price.amount, free: price.free, workday: j.workday, ...(j.correctionId ? { correctionId: j.correctionId } : {}) },
      workflowId: j.workflowId,
    });
  }
  return { kind: v.kind, minutes: v.minutes, breakType: v.breakType ?? null, ...price, hasPenaltyRule: hasPenaltyRule(j.rules, v.kind) };
}

/** A closed day off worked in full earns one comp day, once: returns the balance when this call recorded it. */
export async function creditCompDay(tx: PoolClient, j: DayJudgement, events: ClockEvent[]): Promise<{ balance: number } | null> {
  const comp = earnsCompDay(j.rules, j.workday, events);
  if (!comp.earned || !(await earnCompDay(tx, { tenantId: j.tenantId, memberId: j.memberId, workday: j.workday, minutes: comp.minutes, punchId: j.punchId }))) return null;
  await writeAudit(tx, {
    tenantId: j.tenantId, actor: 'system:rules', action: 'comp-day.earned', target: `member:${j.memberId}`,
    payload: { workday: j.workday, minutes: comp.minutes, punchId: j.punchId }, workflowId: j.workflowId,
  });
  return { balance: (await compBalance(tx, j.memberId)).balance };
}

/**
 * When to remind a member still clocked in: that long after the shift ends, or, for someone who
 * clocked in after that, that long after they clocked in (not the moment they arrive).
 */
function stillClockedInCheck(rules: AttendanceRules, workday: string, kind: string, memberUid: string, punchedAt: Date): GroupPunchEvaluation['stillClockedInCheck'] {
  const after = (rules.reminders ?? DEFAULT_REMINDERS).stillClockedInAfterMinutes;
  if (kind !== 'check-in' || after === null) return null;
  const { end } = shiftWindow(rules, workday);
  const at = Math.max(end.getTime(), punchedAt.getTime()) + after * 60_000;
  return { workday, at: new Date(at).toISOString(), shiftEnd: rules.shiftEnd, memberUid };
}

export type RulesActivities = ReturnType<typeof createRulesActivities>;
