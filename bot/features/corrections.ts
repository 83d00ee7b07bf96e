// Corrections: /fix <date> <start|end|lunch|break|smoke|back> <HH:MM> [reason], in the private
// chat, through services/requests.ts like the panel's form.
import { Composer } from 'grammy';
import { parseCorrection } from '../../domain/correction';
import { localDate } from '../../domain/time';
import { rulesInForce } from '../../db/repositories/rules';
import { withTenant } from '../../db/tenant-scope';
import { submitCorrection } from '../../services/requests';
import type { BotContext } from '../context';
import { requestCommand, requestDepsOf, type SubmitRequest } from '../request-commands';

export const correctionsFeature = new Composer<BotContext>();

const submit: SubmitRequest = async (ctx, tenant, member, argsText, submissionKey) => {
  const now = new Date();
  const rules = await withTenant(ctx.deps.pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(now, tenant.timeZone), tenant.timeZone));
  return submitCorrection(requestDepsOf(ctx), { tenant, member, parsed: parseCorrection(argsText, rules, now), channel: 'telegram', now, submissionKey });
};

requestCommand(correctionsFeature, 'fix', submit);
