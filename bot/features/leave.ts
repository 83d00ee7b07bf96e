// Leave: /leave <sick|personal|comp> <from> [to] [reason], in the private chat. Stored under the
// member's row lock (no overlap; comp leave within the comp-day balance), then handed to
// leaveRequest.
import { Composer } from 'grammy';
import { DEFAULT_REQUESTS } from '../../domain/attendance-rules';
import { LEAVE_LIMITS, parseLeave, workdaysIn } from '../../domain/leave';
import { render, renderWith, type MessageKey } from '../../domain/messages';
import { localDate } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { compBalance, requestLeave } from '../../db/repositories/leave';
import { rulesInForce } from '../../db/repositories/rules';
import { withTenant } from '../../db/tenant-scope';
import type { BotContext } from '../context';
import { decidersOf, handOffOrLeaveToSweep, requestCommand, type SubmitRequest } from '../request-commands';

export const leaveFeature = new Composer<BotContext>();

const PROBLEMS: Record<string, MessageKey> = {
  type: 'leave.badType',
  date: 'request.badDate',
  order: 'leave.badOrder',
  'too-long': 'leave.tooLong',
  'too-far-back': 'leave.tooFarBack',
  'too-far-ahead': 'leave.tooFarAhead',
};
const LIMIT_OF: Record<string, number> = { 'too-long': LEAVE_LIMITS.maxDays, 'too-far-back': LEAVE_LIMITS.maxDaysBack, 'too-far-ahead': LEAVE_LIMITS.maxDaysAhead };

const submitLeave: SubmitRequest = async (ctx, tenant, member, argsText, tell) => {
  const { pool } = ctx.deps;
  const pair = tenant.languagePair;
  const now = new Date();
  const today = localDate(now, tenant.timeZone);
  const parsed = parseLeave(argsText, today);
  if (!parsed.ok) {
    if (parsed.problem === 'usage') {
      const { balance } = await withTenant(pool, tenant.id, (tx) => compBalance(tx, member.id));
      return void (await tell(render('leave.usage', { balance }, pair)));
    }
    return void (await tell(render(PROBLEMS[parsed.problem]!, { text: 'text' in parsed ? parsed.text : '', max: LIMIT_OF[parsed.problem] ?? '' }, pair)));
  }
  const { ask } = parsed;
  if (tenant.telegramChatId === null) return;
  const rules = await withTenant(pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, ask.from, tenant.timeZone));
  const days = workdaysIn(rules, ask.from, ask.to);
  if (days === 0) return void (await tell(render('leave.noWorkdays', { from: ask.from, to: ask.to }, pair)));
  const admins = await decidersOf(ctx, tenant, member.telegramUserId);
  const expiresAt = new Date(now.getTime() + (rules.requests ?? DEFAULT_REQUESTS).expiryHours * 3_600_000);

  const result = await withTenant(pool, tenant.id, async (tx) => {
    const requested = await requestLeave(tx, { tenantId: tenant.id, memberId: member.id, leaveType: ask.type, from: ask.from, to: ask.to, days, reason: ask.reason, expiresAt });
    if (requested.ok) {
      await writeAudit(tx, {
        tenantId: tenant.id, actor: `telegram:${member.telegramUserId}`, action: 'leave.requested', target: `leave:${requested.leave.id}`,
        payload: { leaveType: ask.type, from: ask.from, to: ask.to, days }, workflowId: requested.leave.workflowId,
      });
    }
    return requested;
  });
  if (!result.ok) {
    if (result.reason === 'overlap') return void (await tell(render('leave.overlap', { from: result.with.from, to: result.with.to }, pair)));
    return void (await tell(render('leave.noBalance', { balance: result.balance, days }, pair)));
  }
  await handOffOrLeaveToSweep(ctx, { kind: 'leave', request: result.leave }, admins);
  await tell(renderWith('leave.submitted', { from: ask.from, to: ask.to, days }, { type: `leave.type.${ask.type}` }, pair));
};

requestCommand(leaveFeature, 'leave', submitLeave);
