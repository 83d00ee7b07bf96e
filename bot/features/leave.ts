// Leave: /leave <sick|personal|comp> <from> [to] [reason], in the private chat, through
// services/requests.ts like the panel's form.
import { Composer } from 'grammy';
import { parseLeave } from '../../domain/leave';
import { localDate } from '../../domain/time';
import { submitLeave } from '../../services/requests';
import type { BotContext } from '../context';
import { requestCommand, requestDepsOf, type SubmitRequest } from '../request-commands';

export const leaveFeature = new Composer<BotContext>();

const submit: SubmitRequest = async (ctx, tenant, member, argsText, submissionKey) => {
  const parsed = parseLeave(argsText, localDate(new Date(), tenant.timeZone));
  return submitLeave(requestDepsOf(ctx), { tenant, member, parsed, channel: 'telegram', submissionKey });
};

requestCommand(leaveFeature, 'leave', submit);
