// The rules editor: the rules in force and every version, a preview that judges a sample day
// under edited rules (nothing saved), and saving a version from a date through services/rules.ts
// (validated, audited, the reminders and report schedules brought along).
import { Router } from 'express';
import { z } from 'zod';
import { DateTime } from 'luxon';
import { judgeDay, VIOLATION_KINDS, type AttendanceRules, type ClockEvent } from '../../domain/attendance-rules';
import { BREAK_TYPES } from '../../domain/clock-state';
import { correctedInstant } from '../../domain/correction';
import { LEAVE_TYPES } from '../../domain/leave';
import { rulesProblemTexts, validateRules } from '../../domain/rules-validation';
import { localDate } from '../../domain/time';
import { InvalidRulesError, rulesInForce } from '../../db/repositories/rules';
import { getTenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { changeRules } from '../../services/rules';
import { sessionOf, tenantIdOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { formatted, parseInput, refuseInput } from '../validation';
import { dateParam } from './params';

const minutes = z.number().min(0).max(100_000);
const minor = z.number().int().min(0).max(1e13);
const hhmm = formatted(/^([01]\d|2[0-3]):[0-5]\d$/, 'time', 'must be HH:MM');
const mode = z.enum(['fixed', 'per-minute']);
const penalty = z
  .object({
    mode,
    amount: minor,
    freePerMonth: z.number().int().min(0).max(1000).optional(),
    tiers: z.array(z.object({ fromMinutes: z.number().int().min(0).max(100_000), mode, amount: minor }).strict()).max(20).optional(),
  })
  .strict();
const breakAllowance = z.object({ minutesPerBreak: z.number().gt(0).max(1440), breaksPerDay: z.number().int().min(0).max(50) }).strict();

/** The shape of a rules document; validateRules then checks how the values fit together. */
export const rulesSchema = z
  .object({
    timeZone: z.string().min(1).max(64),
    workdays: z.array(z.number().int().min(1).max(7)).max(7),
    holidays: z.array(dateParam).max(400),
    shiftStart: hhmm,
    shiftEnd: hhmm,
    lateGraceMinutes: minutes,
    earlyLeaveGraceMinutes: minutes,
    absenceAfterMinutes: minutes,
    breaks: z.object({ lunch: breakAllowance, short: breakAllowance, smoke: breakAllowance }).strict(),
    penalties: z.partialRecord(z.enum(VIOLATION_KINDS as [string, ...string[]]), penalty),
    currency: formatted(/^[A-Z]{3}$/, 'currency', 'must be an ISO 4217 code such as KZT'),
    reminders: z
      .object({ beforeStartMinutes: minutes.nullable(), beforeEndMinutes: minutes.nullable(), stillClockedInAfterMinutes: minutes.nullable() })
      .strict()
      .optional(),
    advances: z.object({ monthlyLimit: minor, expiryHours: z.number().gt(0).max(24 * 365) }).strict().optional(),
    requests: z.object({ expiryHours: z.number().gt(0).max(24 * 365) }).strict().optional(),
    reports: z.object({ dailyAt: hhmm.nullable(), monthlyDay: z.number().int().min(1).max(28), monthlyAt: hhmm }).strict().optional(),
    paidLeave: z.object({ sick: z.boolean(), personal: z.boolean(), comp: z.boolean() }).strict().optional(),
  })
  .strict();

const previewBody = z
  .object({
    rules: rulesSchema,
    workday: dateParam.optional(),
    events: z
      .array(
        z
          .object({ kind: z.enum(['start', 'end', 'break-out', 'back']), time: hhmm, breakType: z.enum(BREAK_TYPES as [string, ...string[]]).optional() })
          .strict(),
      )
      .max(50),
  })
  .strict();

const saveBody = z.object({ rules: rulesSchema, effectiveFrom: dateParam }).strict();

export function ruleRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.get('/api/rules', requireSession('admin'), async (_req, res) => {
    const tenantId = tenantIdOf(res);
    const answer = await withTenant(deps.pool, tenantId, async (tx) => {
      const tenant = await getTenant(tx, tenantId);
      if (!tenant) throw new Error(`tenant ${tenantId} not found`);
      const today = localDate(now(), tenant.timeZone);
      const { rows } = await tx.query<{ effective_from: string; created_at: Date; created_by: string; rules: AttendanceRules }>(
        `SELECT effective_from::text AS effective_from, created_at, created_by, rules FROM tenant_rules
         WHERE tenant_id = $1 ORDER BY effective_from DESC LIMIT 200`,
        [tenantId],
      );
      const current = rows.find((r) => r.effective_from <= today);
      return {
        today,
        current: { effectiveFrom: current?.effective_from ?? null, rules: await rulesInForce(tx, tenantId, today, tenant.timeZone) },
        versions: rows.map((r) => ({ effectiveFrom: r.effective_from, createdAt: r.created_at, createdBy: r.created_by, rules: r.rules })),
      };
    });
    res.json({ ...answer, leaveTypes: LEAVE_TYPES, breakTypes: BREAK_TYPES, violationKinds: VIOLATION_KINDS });
  });

  router.post('/api/rules/preview', requireSession('admin'), async (req, res) => {
    const body = parseInput(previewBody, req.body, res);
    if (!body) return;
    const rules = body.rules as AttendanceRules;
    const problems = validateRules(rules);
    if (problems.length > 0) {
      const tenantId = tenantIdOf(res);
      const tenant = await withTenant(deps.pool, tenantId, (tx) => getTenant(tx, tenantId));
      if (!tenant) throw new Error(`tenant ${tenantId} not found`);
      res.json({ ok: false, problems: rulesProblemTexts(problems, tenant.languagePair) });
      return;
    }
    // A sample day: the next workday under the edited rules unless one is named.
    let workday = body.workday ?? localDate(now(), rules.timeZone);
    if (!body.workday) {
      for (let i = 0; i < 7 && !rules.workdays.includes(DateTime.fromISO(workday).weekday); i += 1) workday = DateTime.fromISO(workday).plus({ days: 1 }).toISODate()!;
    }
    const events: ClockEvent[] = body.events.map((e) => {
      const at = correctedInstant(rules, workday, e.time).toISOString();
      return e.kind === 'break-out' ? { kind: 'break-out', breakType: (e.breakType ?? 'lunch') as (typeof BREAK_TYPES)[number], at } : { kind: e.kind, at };
    });
    const verdict = judgeDay(rules, workday, events, { closed: true });
    res.json({
      ok: true,
      workday,
      isWorkday: verdict.isWorkday,
      violations: verdict.violations.map((v) => ({ kind: v.kind, minutes: v.minutes, amount: v.amount, free: v.free, breakType: v.breakType ?? null })),
      total: verdict.violations.reduce((sum, v) => sum + v.amount, 0),
      currency: rules.currency,
    });
  });

  router.put('/api/rules', requireSession('admin'), async (req, res) => {
    const body = parseInput(saveBody, req.body, res);
    if (!body) return;
    const tenantId = tenantIdOf(res);
    const tenant = await withTenant(deps.pool, tenantId, (tx) => getTenant(tx, tenantId));
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const today = localDate(now(), tenant.timeZone);
    if (body.effectiveFrom < today) {
      refuseInput(res, 'effectiveFrom', { code: 'not-before', date: today }, `must be today (${today}) or later: past days stay judged by the rules they had`);
      return;
    }
    try {
      await changeRules(
        { pool: deps.pool, temporal: deps.temporal, reportSchedules: deps.reportSchedules },
        { tenantId, effectiveFrom: body.effectiveFrom, rules: body.rules as AttendanceRules, actor: `panel:${sessionOf(res).telegramUserId}` },
      );
    } catch (err) {
      if (err instanceof InvalidRulesError) {
        res.status(400).json({ error: 'invalid-rules', problems: rulesProblemTexts(err.problems, tenant.languagePair) });
        return;
      }
      throw err;
    }
    res.json({ ok: true, effectiveFrom: body.effectiveFrom });
  });

  return router;
}
