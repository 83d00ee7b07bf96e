// /start and registration by IIN in a private chat. Someone in a company group is greeted with
// what they can do there (bot/greeting.ts), registration offered; anyone else is asked for the IIN.
import { Composer } from 'grammy';
import { maskIin, render } from '../../domain/messages';
import { validateIin } from '../../domain/iin';
import { writeAudit } from '../../db/repositories/audit';
import { findActiveMemberByIin, groupMembershipsOfUser, linkRegistration, markPrivateChatOpen, registerMember } from '../../db/repositories/members';
import { withTenant } from '../../db/tenant-scope';
import { actorOf, type BotContext } from '../context';
import { greetCompanyMember } from '../greeting';
import { linkRegistrationToGroups } from '../group-members';
import { memberMenu } from '../keyboards/menu';
import { menuText } from './menu';
import { findAtOwnSites, tenantsWithOwnSites } from '../../services/site-directory';
import { getTenant } from '../../db/repositories/tenants';
import { describeError } from '../../config/logger';

export const registrationFeature = new Composer<BotContext>();

/** IIN attempts that reach the directory, per Telegram user: enough for typos, not for guessing. */
const IIN_ATTEMPTS = { limit: 5, windowSeconds: 15 * 60 };
const privateChat = registrationFeature.chatType('private');

privateChat.command('start', async (ctx) => {
  const { tenant, pool } = ctx.deps;
  const pair = tenant.languagePair;
  // From now on the bot may message this person directly (penalties, reminders) in every company.
  await markPrivateChatOpen(ctx.deps.platformPool, ctx.from.id);
  await withTenant(pool, tenant.id, (tx) =>
    writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'bot.start', payload: { registered: !!ctx.member } }),
  );
  if (await greetCompanyMember(ctx)) return;
  if (ctx.member) {
    await ctx.reply(menuText(ctx.member, pair), { reply_markup: memberMenu(ctx.member, pair) });
  } else {
    await ctx.reply(render('start.askIin', {}, pair));
  }
});

// Plain text that looks like a number is an IIN attempt; anything else falls through.
privateChat.on('message:text').filter(
  (ctx) => !ctx.message.text.startsWith('/') && /^[\d\s-]{6,}$/.test(ctx.message.text.trim()),
  async (ctx) => {
    const { tenant, pool, directory, cache } = ctx.deps;
    const pair = tenant.languagePair;
    if (ctx.member) {
      await ctx.reply(render('iin.refused.alreadyRegistered', { maskedIin: maskIin(ctx.member.iin ?? '') }, pair));
      return;
    }
    const check = validateIin(ctx.message.text);
    if (!check.ok) {
      await ctx.reply(render(`iin.refused.${check.reason}`, {}, pair));
      return;
    }
    // Each attempt is a lookup in BioTime's directory: a few per person, then a pause.
    const verdict = await ctx.deps.rateLimiter.attempt(`iin:${ctx.from.id}`, IIN_ATTEMPTS.limit, IIN_ATTEMPTS.windowSeconds);
    if (!verdict.allowed) {
      await ctx.reply(render('iin.refused.tooManyAttempts', { minutes: Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60)) }, pair));
      return;
    }
    const employee = await directory.findEmployeeByIin(check.iin);
    if (!employee) {
      // Not at the main BioTime: perhaps at the own BioTime of a company the person is a member of.
      const linked = await linkAtOwnSites(ctx, check.iin);
      await ctx.reply(render(linked.length > 0 ? 'register.linkedAtSites' : 'iin.refused.notInDirectory', { companies: linked.join(', ') }, pair));
      return;
    }

    const refuseBound = async () => {
      await withTenant(pool, tenant.id, (tx) =>
        writeAudit(tx, {
          tenantId: tenant.id,
          actor: actorOf(ctx),
          action: 'member.register.refused',
          target: `iin:${maskIin(check.iin)}`,
          payload: { reason: 'iin-bound' },
        }),
      );
      await ctx.reply(render('iin.refused.alreadyBound', {}, pair));
    };
    if (await withTenant(pool, tenant.id, (tx) => findActiveMemberByIin(tx, tenant.id, check.iin))) return refuseBound();

    const from = ctx.from;
    const telegramName = [from.first_name, from.last_name].filter(Boolean).join(' ');
    const result = await withTenant(pool, tenant.id, (tx) => registerMember(tx, {
      tenantId: tenant.id,
      telegramUserId: from.id,
      telegramChatId: ctx.chat.id,
      telegramUsername: from.username ?? null,
      iin: check.iin,
      employeeCode: employee.employeeCode,
      fullName: employee.fullName ?? telegramName,
    }));
    if (!result.ok) {
      // Lost a race: someone bound the IIN, or this account registered, a moment ago.
      if (result.reason === 'iin-bound') return refuseBound();
      await ctx.reply(render('iin.refused.alreadyRegistered', { maskedIin: maskIin(check.iin) }, pair));
      return;
    }

    const member = result.member;
    await cache.invalidate(tenant.id, [member.employeeCode]);
    await linkRegistrationToGroups(ctx.deps, from.id, { iin: check.iin, employeeCode: member.employeeCode, fullName: member.fullName });
    const linkedAtSites = await linkAtOwnSites(ctx, check.iin);
    await withTenant(pool, tenant.id, (tx) =>
      writeAudit(tx, {
        tenantId: tenant.id,
        actor: actorOf(ctx),
        action: 'member.registered',
        target: `member:${member.id}`,
        payload: { employeeCode: member.employeeCode },
      }),
    );
    await ctx.reply(render('register.done', { name: member.fullName }, pair));
    if (linkedAtSites.length > 0) await ctx.reply(render('register.linkedAtSites', { companies: linkedAtSites.join(', ') }, pair));
    await ctx.reply(menuText(member, pair), { reply_markup: memberMenu(member, pair) });
  },
);

/**
 * Links the person's memberships of companies that have their own BioTime to the employee code
 * found there (each site's directory, its own code). Returns the names of the companies linked.
 */
async function linkAtOwnSites(ctx: BotContext, iin: string): Promise<string[]> {
  const { pool, platformPool, cache } = ctx.deps;
  const telegramUserId = ctx.from!.id;
  const memberships = await groupMembershipsOfUser(platformPool, telegramUserId);
  const withSites = await tenantsWithOwnSites(platformPool, memberships.map((m) => m.tenantId));
  if (withSites.size === 0) return [];
  let found: Awaited<ReturnType<typeof findAtOwnSites>>;
  try {
    found = await findAtOwnSites(platformPool, ctx.deps.sourceSecretsKey, withSites, iin);
  } catch (err) {
    ctx.log?.warn({ err: describeError(err) }, 'the companies\' own BioTime directories could not be read');
    return [];
  }
  if (found.unreachable > 0) ctx.log?.warn({ unreachable: found.unreachable }, 'a company\'s own BioTime could not be reached for a registration');
  const linked: string[] = [];
  for (const match of found.matches) {
    const membership = memberships.find((m) => m.tenantId === match.tenantId);
    if (!membership) continue;
    const done = await withTenant(pool, match.tenantId, async (tx) => {
      if (!(await linkRegistration(tx, membership.memberId, { iin, employeeCode: match.employee.employeeCode, fullName: match.employee.fullName ?? '' }))) return false;
      await writeAudit(tx, { tenantId: match.tenantId, actor: actorOf(ctx), action: 'member.linked', target: `member:${membership.memberId}`, payload: { source: match.sourceKey } });
      return true;
    });
    if (!done) continue;
    await cache.invalidate(match.tenantId, [match.employee.employeeCode]);
    const tenant = await getTenant(platformPool, match.tenantId);
    if (tenant) linked.push(tenant.name);
  }
  return linked;
}
