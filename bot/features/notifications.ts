// Turning punch notifications on and off: /notify [on|off] or the menu button.
import { Composer } from 'grammy';
import { render } from '../../domain/messages';
import { writeAudit } from '../../db/repositories/audit';
import { setMemberNotify } from '../../db/repositories/members';
import { withTenant } from '../../db/tenant-scope';
import { actorOf, type BotContext } from '../context';
import { CALLBACKS, memberMenu } from '../keyboards/menu';
import { ignoreUnmodified } from './edit-safely';
import { menuText } from './menu';

export const notificationsFeature = new Composer<BotContext>();
const privateChat = notificationsFeature.chatType('private');

async function setNotify(ctx: BotContext, notify: boolean): Promise<boolean> {
  const { pool, tenant, cache } = ctx.deps;
  const member = ctx.member;
  if (!member) return false;
  await withTenant(pool, tenant.id, async (tx) => {
    if (member.notify !== notify) await setMemberNotify(tx, member.id, notify);
    await writeAudit(tx, {
      tenantId: tenant.id,
      actor: actorOf(ctx),
      action: notify ? 'member.notify.on' : 'member.notify.off',
      target: `member:${member.id}`,
    });
  });
  if (member.notify !== notify) {
    await cache.invalidate(tenant.id, [member.employeeCode]);
    member.notify = notify;
  }
  return true;
}

privateChat.command('notify', async (ctx) => {
  const pair = ctx.deps.tenant.languagePair;
  if (!ctx.member) return void (await ctx.reply(render('notRegistered', {}, pair)));
  const arg = ctx.match.trim().toLowerCase();
  const wanted = arg === '' ? !ctx.member.notify : arg === 'on' ? true : arg === 'off' ? false : null;
  if (wanted === null) return void (await ctx.reply(render('notify.usage', {}, pair)));
  await setNotify(ctx, wanted);
  await ctx.reply(render(wanted ? 'notify.enabled' : 'notify.disabled', {}, pair));
});

privateChat.callbackQuery([CALLBACKS.notifyOn, CALLBACKS.notifyOff], async (ctx) => {
  const pair = ctx.deps.tenant.languagePair;
  if (!ctx.member) {
    await ctx.answerCallbackQuery({ text: render('notRegistered', {}, pair), show_alert: true });
    return;
  }
  const wanted = ctx.callbackQuery.data === CALLBACKS.notifyOn;
  await setNotify(ctx, wanted);
  await ctx.answerCallbackQuery({ text: render(wanted ? 'notify.enabled' : 'notify.disabled', {}, pair) });
  await ignoreUnmodified(ctx.editMessageText(menuText(ctx.member, pair), { reply_markup: memberMenu(ctx.member, pair) }));
});
