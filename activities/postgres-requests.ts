// Storage steps of the leaveRequest and correctionRequest workflows (and the admins' message
// bookkeeping every request workflow uses), each scoped to the request's tenant.
import type { Pool, PoolClient } from 'pg';
import { judgeDay, shiftWindow, type AttendanceRules } from '../domain/attendance-rules';
import { clockAction, punchOfAction } from '../domain/clock-in';
import { money, renderParts, type MessagePart } from '../domain/messages';
import type { RequestKind, Settling } from '../domain/requests';
import { formatLocalTime } from '../domain/time';
import { dayEvents, memberDayPunches, type DayPunch } from '../db/repositories/clock-ins';
import { getCorrection, recordCorrectingPunch, settleCorrection, type Correction } from '../db/repositories/corrections';
import { compBalance, getLeave, leaveOn, settleLeave, type LeaveRequest } from '../db/repositories/leave';
import { getMember, type Member } from '../db/repositories/members';
import { requestMessages, saveRequestMessages } from '../db/repositories/requests';
import { rulesInForce } from '../db/repositories/rules';
import { getTenant, type Tenant } from '../db/repositories/tenants';
import { chargedByCorrection, standingViolations, voidedBy, voidViolations, type PenaltyAmount, type StoredViolation } from '../db/repositories/violations';
import { creditCompDay, recordFoundViolation } from './postgres-rules';
import { withTenant } from '../db/tenant-scope';
import { audienceMemberOf } from './member-audience';
import { auditDecision, deciderName, decisionButtons, reasonPart, settlementOf, type PreparedRequest, type SettledRequest } from './request-outcome';
import { outcomeKey } from '../domain/request-lines';
import { NotFoundError } from '../db/errors';

async function tenantAndMember(tx: PoolClient, tenantId: number, memberId: number): Promise<{ tenant: Tenant; member: Member }> {
  const tenant = await getTenant(tx, tenantId);
  const member = await getMember(tx, memberId);
  if (!tenant || !member) throw new NotFoundError(`tenant ${tenantId} or member ${memberId} not found`);
  return { tenant, member };
}

/** "3 (4,500.00 KZT)": how many penalties and what they were worth. */
function penaltiesPart(key: 'request.voided' | 'request.added', violations: PenaltyAmount[]): MessagePart[] {
  if (violations.length === 0) return [];
  const total = violations.reduce((sum, v) => sum + Number(v.amount), 0);
  return [{ key, params: { count: violations.length, amount: money(total, violations[0]!.currency) } }];
}

// ---- leave ----------------------------------------------------------------------------------

function leaveParams(leave: LeaveRequest) {
  return { params: { from: leave.from, to: leave.to, days: leave.days }, localized: { type: `leave.type.${leave.leaveType}` as const } };
}

async function settleLeaveRequest(tx: PoolClient, tenantId: number, leaveId: number, settling: Settling, workflowId: string): Promise<SettledRequest> {
  const leave = await getLeave(tx, leaveId);
  if (!leave) throw new NotFoundError(`leave request ${leaveId} not found`);
  const { tenant, member } = await tenantAndMember(tx, tenantId, leave.memberId);
  const { leave: settled, wasPending } = await settleLeave(tx, leaveId, settlementOf(settling));
  if (wasPending) {
    // Approved leave: the days' penalties already issued are reversed.
    const voided = settled.status === 'approved'
      ? await voidViolations(tx, tenantId, await standingViolations(tx, member.id, leave.from, leave.to), { kind: 'leave', id: leave.id, workflowId })
      : [];
    await auditDecision(tx, {
      tenantId, kind: 'leave', id: leave.id, status: settled.status, decidedBy: settled.decidedBy, reason: settled.decisionReason, workflowId,
      payload: { memberId: member.id, leaveType: leave.leaveType, from: leave.from, to: leave.to, days: leave.days, voidedViolationIds: voided.map((v) => v.id) },
    });
  }
  const pair = tenant.languagePair;
  const audience = await audienceMemberOf(tx, member);
  const voided = settled.status === 'approved' ? await voidedBy(tx, 'leave', leave.id) : [];
  const employeeKey = `leave.${settled.status === 'pending' ? 'expired' : settled.status}` as const;
  return {
    status: settled.status,
    decidedBy: settled.decidedBy,
    employeeText: renderParts(
      [{ key: employeeKey, ...leaveParams(leave) }, ...reasonPart(settled.status, settled.decisionReason), ...penaltiesPart('request.voided', voided)],
      pair,
    ),
    adminText: renderParts(
      [
        {
          key: 'leave.decided',
          params: { ...leaveParams(leave).params, name: audience.displayName, admin: deciderName(settling, settled.decidedBy) ?? '—' },
          localized: { type: `leave.type.${leave.leaveType}`, outcome: outcomeKey(settled.status) },
        },
        ...reasonPart(settled.status, settled.decisionReason),
        ...penaltiesPart('request.voided', voided),
      ],
      pair,
    ),
    member: audience,
    tenant: { chatId: tenant.telegramChatId },
  };
}

// ---- corrections ----------------------------------------------------------------------------

function correctionParams(c: Correction, timeZone: string) {
  return { params: { date: c.workday, time: formatLocalTime(c.punchedAt, timeZone) }, localized: { action: `button.clock.${c.action}` as const } };
}

/** The punch the correction replaces: the day's first start or last end (breaks are added). */
function supersededBy(c: Correction, day: DayPunch[]): DayPunch | null {
  if (c.action === 'in') return day.find((p) => p.kind === 'check-in') ?? null;
  if (c.action === 'out') return [...day].reverse().find((p) => p.kind === 'check-out') ?? null;
  return null;
}

/** Same-kind clock-ins already recorded that day, as local times ("09:47"), for the admin. */
function recordedTimes(c: Correction, day: DayPunch[], timeZone: string): string {
  const { kind, breakType } = punchOfAction(clockAction(c.action));
  const same = day.filter((p) => p.kind === kind && (breakType === null || p.breakType === breakType));
  return same.length ? same.map((p) => formatLocalTime(p.punchedAt, timeZone)).join(', ') : '—';
}

/**
 * Judges the corrected day again: standing violations the day no longer shows are voided,
 * violations it now shows are recorded (once per correction).
 */
async function rejudgeDay(tx: PoolClient, tenant: Tenant, member: Member, rules: AttendanceRules, c: Correction, punchId: number, workflowId: string) {
  const events = dayEvents(await memberDayPunches(tx, tenant.id, member.id, c.workday, rules));
  const onLeave = (await leaveOn(tx, member.id, c.workday)) !== null;
  // Only a day that is over can show what the day close finds (no-show, missing clock-out).
  const closed = Date.now() > shiftWindow(rules, c.workday).end.getTime();
  const verdict = judgeDay(rules, c.workday, events, { closed, onLeave });

  const standing = await standingViolations(tx, member.id, c.workday, c.workday);
  const unmatched = [...verdict.violations];
  const gone: StoredViolation[] = [];
  for (const v of standing) {
    const i = unmatched.findIndex((n) => n.kind === v.kind && n.minutes === v.minutes && (n.ref === undefined || n.ref === v.punchId));
    if (i >= 0) unmatched.splice(i, 1);
    else gone.push(v);
  }
  await voidViolations(tx, tenant.id, gone, { kind: 'correction', id: c.id, workflowId });
  const judgement = { tenantId: tenant.id, memberId: member.id, rules, workday: c.workday, punchId, workflowId, correctionId: c.id };
  for (const n of unmatched) {
    // A violation without a punch (no-show, missing clock-out) is the day close's to record.
    if (n.ref !== undefined) await recordFoundViolation(tx, judgement, n);
  }
  if (!onLeave) await creditCompDay(tx, judgement, events);
}

async function settleCorrectionRequest(tx: PoolClient, tenantId: number, correctionId: number, settling: Settling, workflowId: string): Promise<SettledRequest> {
  const correction = await getCorrection(tx, correctionId);
  if (!correction) throw new NotFoundError(`correction ${correctionId} not found`);
  const { tenant, member } = await tenantAndMember(tx, tenantId, correction.memberId);
  const rules = await rulesInForce(tx, tenantId, correction.workday, tenant.timeZone);
  const outcome = settlementOf(settling);
  if (outcome.status === 'approved') await tx.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [member.id]);
  const { correction: settled, wasPending } = await settleCorrection(tx, correctionId, outcome);
  if (wasPending) {
    let punchId: number | null = null;
    let correctsPunchId: number | null = null;
    if (settled.status === 'approved') {
      const day = await memberDayPunches(tx, tenantId, member.id, correction.workday, rules);
      correctsPunchId = supersededBy(correction, day)?.id ?? null;
      const { kind, breakType } = punchOfAction(clockAction(correction.action));
      punchId = await recordCorrectingPunch(tx, { correction, employeeCode: member.employeeCode ?? `member:${member.id}`, kind, breakType, correctsPunchId });
      await rejudgeDay(tx, tenant, member, rules, correction, punchId, workflowId);
    }
    await auditDecision(tx, {
      tenantId, kind: 'correction', id: correction.id, status: settled.status, decidedBy: settled.decidedBy, reason: settled.decisionReason, workflowId,
      payload: { memberId: member.id, workday: correction.workday, action: correction.action, punchedAt: correction.punchedAt.toISOString(), punchId, correctsPunchId },
    });
  }
  const pair = tenant.languagePair;
  const audience = await audienceMemberOf(tx, member);
  const p = correctionParams(correction, tenant.timeZone);
  const effects =
    settled.status === 'approved'
      ? [...penaltiesPart('request.voided', await voidedBy(tx, 'correction', correction.id)), ...penaltiesPart('request.added', await chargedByCorrection(tx, correction.id))]
      : [];
  const employeeKey = `fix.${settled.status === 'pending' ? 'expired' : settled.status}` as const;
  return {
    status: settled.status,
    decidedBy: settled.decidedBy,
    employeeText: renderParts([{ key: employeeKey, ...p }, ...reasonPart(settled.status, settled.decisionReason), ...effects], pair),
    adminText: renderParts(
      [
        {
          key: 'fix.decided',
          params: { ...p.params, name: audience.displayName, admin: deciderName(settling, settled.decidedBy) ?? '—' },
          localized: { ...p.localized, outcome: outcomeKey(settled.status) },
        },
        ...reasonPart(settled.status, settled.decisionReason),
        ...effects,
      ],
      pair,
    ),
    member: audience,
    tenant: { chatId: tenant.telegramChatId },
  };
}

export function createRequestActivities(deps: { pool: Pool }) {
  const { pool } = deps;

  return {
    async prepareRequest(kind: Exclude<RequestKind, 'advance'>, tenantId: number, requestId: number): Promise<PreparedRequest> {
      return withTenant(pool, tenantId, async (tx) => {
        if (kind === 'leave') {
          const leave = await getLeave(tx, requestId);
          if (!leave) throw new NotFoundError(`leave request ${requestId} not found`);
          const { tenant, member } = await tenantAndMember(tx, tenantId, leave.memberId);
          const audience = await audienceMemberOf(tx, member);
          const p = leaveParams(leave);
          const balance = leave.leaveType === 'comp' ? await compBalance(tx, member.id, leave.id) : null;
          return {
            tenant: { chatId: tenant.telegramChatId, languagePair: tenant.languagePair },
            member: audience,
            adminText: renderParts(
              [
                { key: 'leave.adminRequest', params: { ...p.params, name: audience.displayName, reason: leave.reason ?? '—' }, localized: p.localized },
                ...(balance ? [{ key: 'leave.compBalance' as const, params: { balance: balance.balance } }] : []),
                { key: 'request.replyToReject' },
              ],
              tenant.languagePair,
            ),
            buttons: decisionButtons('leave', leave.uid, tenant.languagePair),
          };
        }
        const correction = await getCorrection(tx, requestId);
        if (!correction) throw new NotFoundError(`correction ${requestId} not found`);
        const { tenant, member } = await tenantAndMember(tx, tenantId, correction.memberId);
        const audience = await audienceMemberOf(tx, member);
        const rules = await rulesInForce(tx, tenantId, correction.workday, tenant.timeZone);
        const day = await memberDayPunches(tx, tenantId, member.id, correction.workday, rules);
        const p = correctionParams(correction, tenant.timeZone);
        return {
          tenant: { chatId: tenant.telegramChatId, languagePair: tenant.languagePair },
          member: audience,
          adminText: renderParts(
            [
              { key: 'fix.adminRequest', params: { ...p.params, name: audience.displayName, reason: correction.reason ?? '—', recorded: recordedTimes(correction, day, tenant.timeZone) }, localized: p.localized },
              { key: 'request.replyToReject' },
            ],
            tenant.languagePair,
          ),
          buttons: decisionButtons('correction', correction.uid, tenant.languagePair),
        };
      });
    },

    /** Records the decision once, with its effects (voids, the correcting punch) in the same transaction. */
    async settleRequest(kind: Exclude<RequestKind, 'advance'>, tenantId: number, requestId: number, settling: Settling, workflowId: string): Promise<SettledRequest> {
      return withTenant(pool, tenantId, (tx) =>
        kind === 'leave' ? settleLeaveRequest(tx, tenantId, requestId, settling, workflowId) : settleCorrectionRequest(tx, tenantId, requestId, settling, workflowId),
      );
    },

    async rememberRequestMessages(tenantId: number, workflowId: string, messages: Array<{ chatId: number; messageId: number }>): Promise<void> {
      await withTenant(pool, tenantId, (tx) => saveRequestMessages(tx, tenantId, workflowId, messages));
    },

    async requestMessagesOf(tenantId: number, workflowId: string): Promise<Array<{ chatId: number; messageId: number }>> {
      return withTenant(pool, tenantId, (tx) => requestMessages(tx, workflowId));
    },
  };
}

export type RequestActivities = ReturnType<typeof createRequestActivities>;
