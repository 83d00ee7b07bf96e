// /unregister and the menu button: asks for confirmation, then deactivates (history is kept).
import { Composer } from 'grammy';
import { render } from '../../domain/messages';
import { writeAudit } from '../../db/repositories/audit';
import { deactivateMember } from '../../db/repositories/members';
import { withTenant } from '../../db/tenant-scope';
import { actorOf, type BotContext } from '../context';
import { CALLBACKS, unregisterConfirmation } from '../keyboards/menu';
import { ignoreUnmodified } from './edit-safely';

export const unregisterFeature = new Composer<BotContext>();
const privateChat = unregisterFeature.chatType('private');

privateChat.command('unregister', async (ctx) => {
  const pair = ctx.deps.tenant.languagePair;
  if (!ctx.member) return void (await ctx.reply(render('notRegistered', {}, pair)));
  await ctx.reply(render('unregister.confirm', {}, pair), { reply_markup: unregisterConfirmation(pair) });
});

privateChat.callbackQuery(CALLBACKS.unregisterAsk, async (ctx) => {
  const pair = ctx.deps.tenant.languagePair;
  await ctx.answerCallbackQuery();
  if (!ctx.member) return void (await ctx.reply(render('notRegistered', {}, pair)));
  await ctx.reply(render('unregister.confirm', {}, pair), { reply_markup: unregisterConfirmation(pair) });
});

privateChat.callbackQuery(CALLBACKS.unregisterYes, async (ctx) => {
  const { pool, tenant, cache } = ctx.deps;
  const pair = tenant.languagePair;
  const member = ctx.member;
  if (!member) {
    await ctx.answerCallbackQuery({ text: render('notRegistered', {}, pair) });
    await ignoreUnmodified(ctx.editMessageText(render('notRegistered', {}, pair)));
    return;
  }
  await withTenant(pool, tenant.id, async (tx) => {
    await deactivateMember(tx, member.id, 'unregistered by the employee');
    await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'member.unregistered', target: `member:${member.id}` });
  });
  await cache.invalidate(tenant.id, [member.employeeCode]);
  await ctx.answerCallbackQuery();
  await ignoreUnmodified(ctx.editMessageText(render('unregister.done', {}, pair)));
});

privateChat.callbackQuery(CALLBACKS.unregisterNo, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ignoreUnmodified(ctx.editMessageText(render('unregister.cancelled', {}, ctx.deps.tenant.languagePair)));
});
