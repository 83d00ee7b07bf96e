// The private chat's answer to someone who belongs to a company group: the companies they are a
// member of (or set up and still administer), the requests waiting for them where they are an
// admin, what they can do here, and, if they are not registered, the IIN registration offered.
import { companyParts, greetingParts, type CompanyStanding } from '../domain/greeting';
import { renderParts } from '../domain/messages';
import { groupMembershipsOfUser } from '../db/repositories/members';
import { getTenant, groupTenantsSetUpBy, type Tenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { describeError } from '../config/logger';
import type { BotContext } from './context';
import { menuPart } from './features/menu';
import { telegramName } from './group-members';
import { memberMenu } from './keyboards/menu';
import { isGroupAdmin } from './middlewares/group-admin';
import { decidersOf } from './request-commands';

interface Company {
  tenant: Tenant;
  standing: CompanyStanding;
}

/**
 * Answers with the person's companies and what they can do; false when they belong to none (the
 * caller answers as before). A registered person gets their menu with the companies under it.
 */
export async function greetCompanyMember(ctx: BotContext): Promise<boolean> {
  const from = ctx.from;
  if (!from) return false;
  const companies = await companiesOf(ctx, from.id);
  if (companies.length === 0) return false;
  const standings = companies.map((c) => c.standing);
  if (ctx.member) {
    // The menu's own language pair, so pressing its buttons keeps the languages it shows.
    const pair = ctx.deps.tenant.languagePair;
    await ctx.reply(renderParts([menuPart(ctx.member), ...companyParts(standings)], pair), { reply_markup: memberMenu(ctx.member, pair) });
  } else {
    await ctx.reply(renderParts(greetingParts(telegramName(from), standings), companies[0]!.tenant.languagePair));
  }
  return true;
}

async function companiesOf(ctx: BotContext, userId: number): Promise<Company[]> {
  const { pool, platformPool } = ctx.deps;
  const memberships = await groupMembershipsOfUser(platformPool, userId);
  const memberIds = new Map(memberships.map((m) => [m.tenantId, m.memberId]));
  const tenantIds = new Set([...memberIds.keys(), ...(await groupTenantsSetUpBy(platformPool, userId))]);
  const companies: Company[] = [];
  for (const tenantId of tenantIds) {
    const tenant = await withTenant(pool, tenantId, (tx) => getTenant(tx, tenantId));
    if (!tenant) continue;
    const memberId = memberIds.get(tenantId) ?? null;
    const admin = await isAdminOf(ctx, tenant, userId);
    // Set it up once, but neither an admin nor a member any more: not their company now.
    if (!admin && memberId === null) continue;
    const pendingDecisions = admin ? await pendingFor(ctx, tenant, userId, memberId) : null;
    companies.push({ tenant, standing: { name: tenant.name, pendingDecisions } });
  }
  return companies;
}

async function isAdminOf(ctx: BotContext, tenant: Tenant, userId: number): Promise<boolean> {
  if (tenant.telegramChatId === null) return false;
  try {
    return await isGroupAdmin(ctx, tenant.telegramChatId, userId);
  } catch (err) {
    // The bot left the group, say: greet them as a member there rather than fail the whole answer.
    ctx.log.warn({ err: describeError(err), tenantId: tenant.id }, 'could not check whether the user is a group admin');
    return false;
  }
}

/** Pending requests this admin may decide: all but their own, unless they are the only admin. */
async function pendingFor(ctx: BotContext, tenant: Tenant, userId: number, memberId: number | null): Promise<number> {
  const pending = await ctx.deps.decisions.listPending(tenant.id);
  const own = pending.filter((r) => r.memberId === memberId).length;
  if (own === 0) return pending.length;
  const deciders = await decidersOf(ctx, tenant, userId).catch((err): number[] => {
    ctx.log.warn({ err: describeError(err), tenantId: tenant.id }, 'could not list the group admins');
    return [];
  });
  return deciders.includes(userId) ? pending.length : pending.length - own;
}
