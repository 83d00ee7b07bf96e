// The employee's own view in the Mini App: their month, what they may still ask for, the three
// request forms, and withdrawing one of their own requests while it waits for a decision.
// Everything is scoped to the session's member: the routes take no member id, so there is nobody
// else's data to ask for.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { CLOCK_WORDS, type ClockWord } from '../../domain/clock-in';
import { checkCorrection } from '../../domain/correction';
import { checkLeave, LEAVE_TYPES, type LeaveType } from '../../domain/leave';
import { localDate } from '../../domain/time';
import { findActiveMemberByTelegramUser, type Member } from '../../db/repositories/members';
import { rulesInForce } from '../../db/repositories/rules';
import { getTenant, type Tenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { memberLimits, memberMonthView, memberPendingRequests } from '../../services/member-month';
import { groupDeciders, submitAdvance, submitCorrection, submitLeave, type RequestDeps, type SubmitOutcome } from '../../services/requests';
import { sessionOf, tenantIdOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { parseInput } from '../validation';
import { clientRequestId, currentMonth, dateParam, idParam, monthParam, notFound, notReady } from './params';

const reason = z.string().trim().max(500).optional();
/**
 * The form's id for this submission, reused when the same one is sent again (the answer was lost
 * on the way): it files one request and gets the first answer again. Optional for API clients.
 */
const requestId = clientRequestId.optional();
const advanceBody = z.object({ amount: z.string().trim().min(1).max(32), reason, requestId }).strict();
const leaveBody = z.object({ type: z.enum(LEAVE_TYPES as [LeaveType, ...LeaveType[]]), from: dateParam, to: dateParam, reason, requestId }).strict();
/** The clock-in being corrected: the bot's words, with start and end for in and out as /fix takes them. */
const correctionAction = z
  .enum(['start', 'end', ...CLOCK_WORDS])
  .transform((a): ClockWord => (a === 'start' ? 'in' : a === 'end' ? 'out' : (a as ClockWord)));
const correctionBody = z.object({ workday: dateParam, action: correctionAction, time: z.string().trim().min(3).max(5), reason, requestId }).strict();
const withdrawParams = z.object({ kind: z.enum(['advance', 'leave', 'correction']), id: idParam });
/** The panel's own id for this withdrawal: a retried call with the same id is one withdrawal. */
const withdrawBody = z.object({ requestId: clientRequestId }).strict();

export function meRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const requestDeps: RequestDeps = {
    pool: deps.pool,
    decisions: deps.decisions,
    log: deps.log,
    deciders: (tenant, requesterUserId) => groupDeciders(deps.telegram, tenant, requesterUserId),
  };

  /** The session's member (active) and company; answers 403 and returns undefined when gone. */
  async function me(res: Response): Promise<{ tenant: Tenant; member: Member } | undefined> {
    const tenantId = tenantIdOf(res);
    const found = await withTenant(deps.pool, tenantId, async (tx) => ({
      tenant: await getTenant(tx, tenantId),
      member: await findActiveMemberByTelegramUser(tx, tenantId, sessionOf(res).telegramUserId),
    }));
    if (!found.tenant || !found.member) {
      res.status(403).json({ error: 'not-a-member' });
      return undefined;
    }
    return { tenant: found.tenant, member: found.member };
  }

  /** The submission key of a form's request (see requestOfSubmission); none without a requestId. */
  const submissionKeyOf = (body: { requestId?: string }) => (body.requestId ? `panel:${body.requestId}` : null);

  function answer(res: Response, outcome: SubmitOutcome): void {
    if (outcome.ok) res.status(outcome.resubmitted ? 200 : 201).json({ kind: outcome.kind, id: outcome.id, message: outcome.message });
    else res.status(422).json({ error: outcome.problem, message: outcome.message });
  }

  router.get('/api/me/month', requireSession('employee'), async (req, res) => {
    const query = parseInput(z.object({ month: monthParam.optional() }), req.query, res);
    if (!query) return;
    const who = await me(res);
    if (!who) return;
    const month = query.month ?? (await currentMonth(deps, who.tenant.id, now()));
    const view = await memberMonthView(deps.pool, who.tenant.id, who.member.id, month, now());
    const limits = await memberLimits(deps.pool, who.tenant.id, who.member.id, now());
    // Whatever month is shown: a request made last month may still wait, and can be withdrawn.
    const pending = await memberPendingRequests(deps.pool, who.tenant, who.member.id);
    res.json({ ...view, limits, pending });
  });

  router.post('/api/me/requests/advance', requireSession('employee'), async (req, res) => {
    const body = parseInput(advanceBody, req.body, res);
    if (!body) return;
    const who = await me(res);
    if (!who) return;
    answer(res, await submitAdvance(requestDeps, { ...who, amountText: body.amount, reason: body.reason ?? null, channel: 'panel', submissionKey: submissionKeyOf(body) }));
  });

  router.post('/api/me/requests/leave', requireSession('employee'), async (req, res) => {
    const body = parseInput(leaveBody, req.body, res);
    if (!body) return;
    const who = await me(res);
    if (!who) return;
    const parsed = checkLeave({ type: body.type, from: body.from, to: body.to, reason: body.reason ?? null }, localDate(now(), who.tenant.timeZone));
    answer(res, await submitLeave(requestDeps, { ...who, parsed, channel: 'panel', submissionKey: submissionKeyOf(body) }));
  });

  router.post('/api/me/requests/correction', requireSession('employee'), async (req, res) => {
    const body = parseInput(correctionBody, req.body, res);
    if (!body) return;
    const who = await me(res);
    if (!who) return;
    const at = now();
    const rules = await withTenant(deps.pool, who.tenant.id, (tx) => rulesInForce(tx, who.tenant.id, localDate(at, who.tenant.timeZone), who.tenant.timeZone));
    const parsed = checkCorrection({ workday: body.workday, action: body.action, time: body.time, reason: body.reason ?? null }, rules, at);
    answer(res, await submitCorrection(requestDeps, { ...who, parsed, channel: 'panel', now: at, submissionKey: submissionKeyOf(body) }));
  });

  router.post('/api/me/requests/:kind/:id/withdraw', requireSession('employee'), async (req, res) => {
    const params = parseInput(withdrawParams, req.params, res);
    if (!params) return;
    const body = parseInput(withdrawBody, req.body, res);
    if (!body) return;
    const who = await me(res);
    if (!who) return;
    const outcome = await deps.decisions.withdraw(
      { kind: params.kind, tenantId: who.tenant.id, requestId: params.id },
      { userId: who.member.telegramUserId, name: who.member.fullName },
      `panel:${who.member.telegramUserId}:${body.requestId}`,
    );
    if (outcome.ok) {
      res.json(outcome.result);
      return;
    }
    if (outcome.refusal === 'already-decided') return void res.status(409).json({ error: 'already-decided' });
    if (outcome.refusal === 'not-ready') return void notReady(res);
    // Someone else's request is answered as if it did not exist: the route names nobody else's data.
    notFound(res);
  });

  return router;
}
