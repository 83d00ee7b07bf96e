// Corrections: /fix <date> <start|end|lunch|break|smoke|back> <HH:MM> [reason], in the private
// chat. Stored (one pending per day and clock-in), then handed to correctionRequest.
import { Composer } from 'grammy';
import { DEFAULT_REQUESTS } from '../../domain/attendance-rules';
import { CORRECTION_MAX_DAYS_BACK, parseCorrection } from '../../domain/correction';
import { render, renderWith, type MessageKey } from '../../domain/messages';
import { localDate } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { requestCorrection } from '../../db/repositories/corrections';
import { rulesInForce } from '../../db/repositories/rules';
import { withTenant } from '../../db/tenant-scope';
import type { BotContext } from '../context';
import { decidersOf, handOffOrLeaveToSweep, requestCommand, type SubmitRequest } from '../request-commands';

export const correctionsFeature = new Composer<BotContext>();

const PROBLEMS: Record<string, MessageKey> = {
  usage: 'fix.usage',
  date: 'request.badDate',
  action: 'fix.badAction',
  time: 'fix.badTime',
  future: 'fix.future',
  'too-far-back': 'fix.tooFarBack',
};

const submitCorrection: SubmitRequest = async (ctx, tenant, member, argsText, tell) => {
  const { pool } = ctx.deps;
  const pair = tenant.languagePair;
  const now = new Date();
  const current = await withTenant(pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(now, tenant.timeZone), tenant.timeZone));
  const parsed = parseCorrection(argsText, current, now);
  if (!parsed.ok) return void (await tell(render(PROBLEMS[parsed.problem]!, { text: 'text' in parsed ? parsed.text : '', max: CORRECTION_MAX_DAYS_BACK }, pair)));
  const { ask } = parsed;
  if (tenant.telegramChatId === null) return;
  const admins = await decidersOf(ctx, tenant, member.telegramUserId);
  const expiresAt = new Date(now.getTime() + (current.requests ?? DEFAULT_REQUESTS).expiryHours * 3_600_000);

  const result = await withTenant(pool, tenant.id, async (tx) => {
    const requested = await requestCorrection(tx, {
      tenantId: tenant.id, memberId: member.id, workday: ask.workday, action: ask.action, punchedAt: new Date(ask.punchedAt), reason: ask.reason, expiresAt,
    });
    if (requested.ok) {
      await writeAudit(tx, {
        tenantId: tenant.id, actor: `telegram:${member.telegramUserId}`, action: 'correction.requested', target: `correction:${requested.correction.id}`,
        payload: { workday: ask.workday, action: ask.action, punchedAt: ask.punchedAt }, workflowId: requested.correction.workflowId,
      });
    }
    return requested;
  });
  if (!result.ok) return void (await tell(render('fix.duplicate', {}, pair)));
  await handOffOrLeaveToSweep(ctx, { kind: 'correction', request: result.correction }, admins);
  await tell(renderWith('fix.submitted', { date: ask.workday, time: ask.time }, { action: `button.clock.${ask.action}` }, pair));
};

requestCommand(correctionsFeature, 'fix', submitCorrection);
