// Salary advances: /advance <amount> [reason], in the private chat (bot/request-commands.ts),
// through services/requests.ts like the panel's form.
import { Composer } from 'grammy';
import { submitAdvance } from '../../services/requests';
import type { BotContext } from '../context';
import { requestCommand, requestDepsOf, type SubmitRequest } from '../request-commands';

export const advancesFeature = new Composer<BotContext>();

const submit: SubmitRequest = async (ctx, tenant, member, argsText, submissionKey) => {
  const [amountText = '', ...reasonWords] = argsText.trim().split(/\s+/).filter(Boolean);
  return submitAdvance(requestDepsOf(ctx), { tenant, member, amountText, reason: reasonWords.join(' ') || null, channel: 'telegram', submissionKey });
};

requestCommand(advancesFeature, 'advance', submit);
