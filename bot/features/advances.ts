// Salary advances: /advance <amount> [reason], in the private chat (bot/request-commands.ts),
// through services/requests.ts like the panel's form.
import { Composer } from 'grammy';
import { submitAdvance } from '../../services/requests';
import type { BotContext } from '../context';
import { requestCommand, requestDepsOf, type SubmitRequest } from '../request-commands';

export const advancesFeature = new Composer<BotContext>();

const submit: SubmitRequest = async (ctx, tenant, member, argsText, tell, submissionKey) => {
  const [amountText = '', ...reasonWords] = argsText.trim().split(/\s+/).filter(Boolean);
  const outcome = await submitAdvance(requestDepsOf(ctx), { tenant, member, amountText, reason: reasonWords.join(' ') || null, channel: 'telegram', submissionKey });
  await tell(outcome.message);
};

requestCommand(advancesFeature, 'advance', submit);
