import { isUniqueViolation, one, type Queryable } from '../queryable';

export interface Member {
  id: number;
  /** Unique for all time (names the member's workflows); `id` may repeat in a recreated database. */
  uid: string;
  tenantId: number;
  telegramUserId: number;
  telegramChatId: number;
  telegramUsername: string | null;
  iin: string | null;
  employeeCode: string | null;
  fullName: string;
  notify: boolean;
  active: boolean;
  /** Receives the month's workbook besides the group's admins (/hr). */
  hr: boolean;
}

interface MemberRow {
  id: number;
  uid: string;
  tenant_id: number;
  telegram_user_id: number;
  telegram_chat_id: number;
  telegram_username: string | null;
  iin: string | null;
  employee_code: string | null;
  full_name: string;
  notify: boolean;
  active: boolean;
  hr?: boolean;
}

function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    uid: r.uid,
    tenantId: r.tenant_id,
    telegramUserId: r.telegram_user_id,
    telegramChatId: r.telegram_chat_id,
    telegramUsername: r.telegram_username,
    iin: r.iin,
    employeeCode: r.employee_code,
    fullName: r.full_name,
    notify: r.notify,
    active: r.active,
    hr: r.hr ?? false,
  };
}

/** How a member is named in messages: @username when they have one, else their name. */
export function displayNameOf(member: Pick<Member, 'telegramUsername' | 'fullName'>): string {
  return member.telegramUsername ? `@${member.telegramUsername}` : member.fullName;
}

export async function getMember(db: Queryable, id: number): Promise<Member | undefined> {
  const row = await one<MemberRow>(db, 'SELECT * FROM members WHERE id = $1', [id]);
  return row && toMember(row);
}

/**
 * Platform path: the group companies where this BioTime employee is an active member and which
 * accept attendance now (not suspended, trial or subscription not expired).
 */
export async function findGroupMembershipsOfEmployee(db: Queryable, employeeCode: string): Promise<Array<{ tenantId: number; memberId: number }>> {
  const { rows } = await db.query<{ tenant_id: number; id: number }>(
    `SELECT m.tenant_id, m.id FROM members m JOIN tenants t ON t.id = m.tenant_id
     WHERE m.employee_code = $1 AND m.active AND t.kind = 'group'
       AND (t.subscription_state = 'active' OR (t.subscription_state = 'trial' AND (t.trial_ends_at IS NULL OR t.trial_ends_at > now())))
     ORDER BY m.id`,
    [employeeCode],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, memberId: r.id }));
}

/** A person's IIN registration (made in the private chat), whichever tenant holds it: platform path. */
export async function findRegistration(db: Queryable, telegramUserId: number): Promise<Registration | null> {
  const row = await one<{ iin: string; employee_code: string | null; full_name: string }>(
    db,
    'SELECT iin, employee_code, full_name FROM members WHERE telegram_user_id = $1 AND active AND iin IS NOT NULL ORDER BY id DESC LIMIT 1',
    [telegramUserId],
  );
  return row ? { iin: row.iin, employeeCode: row.employee_code, fullName: row.full_name } : null;
}

export interface Registration {
  iin: string;
  employeeCode: string | null;
  fullName: string;
}

/**
 * A group member by Telegram account, joining them on first contact, linked to the IIN and
 * BioTime employee of their registration when they have one.
 */
export async function joinGroupMember(
  db: Queryable,
  tenantId: number,
  user: { id: number; username: string | null; fullName: string },
  registration: Registration | null,
): Promise<{ member: Member; joined: boolean }> {
  const existing = await findActiveMemberByTelegramUser(db, tenantId, user.id);
  if (existing) return { member: existing, joined: false };
  const inserted = await one<MemberRow>(
    db,
    `INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, telegram_username, iin, employee_code, full_name)
     VALUES ($1, $2, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING *`,
    [tenantId, user.id, user.username, registration?.iin ?? null, registration?.employeeCode ?? null, registration?.fullName ?? user.fullName],
  );
  if (inserted) return { member: toMember(inserted), joined: true };
  const raced = await findActiveMemberByTelegramUser(db, tenantId, user.id);
  if (!raced) throw new Error('member neither joined nor found');
  return { member: raced, joined: false };
}

/**
 * A group member who registered their IIN after joining: their terminal punches count in the
 * company from now on. Returns false when they were linked already (or another member holds the IIN).
 */
export async function linkRegistration(db: Queryable, memberId: number, registration: Registration): Promise<boolean> {
  try {
    const result = await db.query(
      'UPDATE members SET iin = $2, employee_code = $3 WHERE id = $1 AND active AND iin IS NULL',
      [memberId, registration.iin, registration.employeeCode],
    );
    return (result.rowCount ?? 0) > 0;
  } catch (err) {
    if (isUniqueViolation(err, 'members_one_active_binding_per_iin')) return false;
    throw err;
  }
}

/** Someone left the group: deactivated, their history kept. */
export async function deactivateGroupMember(db: Queryable, tenantId: number, telegramUserId: number): Promise<number | null> {
  const row = await one<{ id: number }>(
    db,
    `UPDATE members SET active = false, deactivated_at = now(), deactivation_reason = 'left the group'
     WHERE tenant_id = $1 AND telegram_user_id = $2 AND active RETURNING id`,
    [tenantId, telegramUserId],
  );
  return row?.id ?? null;
}

/** They opened a private chat with the bot: it may now message them directly, in every tenant. */
export async function markPrivateChatOpen(db: Queryable, telegramUserId: number): Promise<void> {
  await db.query('INSERT INTO private_chats (telegram_user_id) VALUES ($1) ON CONFLICT DO NOTHING', [telegramUserId]);
}

/** They blocked the bot: direct messages stop until they open the chat again. */
export async function markPrivateChatClosed(db: Queryable, telegramUserId: number): Promise<void> {
  await db.query('DELETE FROM private_chats WHERE telegram_user_id = $1', [telegramUserId]);
}

export async function hasPrivateChat(db: Queryable, telegramUserId: number): Promise<boolean> {
  const row = await one<{ open: boolean }>(db, 'SELECT EXISTS (SELECT 1 FROM private_chats WHERE telegram_user_id = $1) AS open', [telegramUserId]);
  return !!row?.open;
}

export async function findActiveMemberByTelegramUser(db: Queryable, tenantId: number, telegramUserId: number): Promise<Member | undefined> {
  const row = await one<MemberRow>(
    db,
    'SELECT * FROM members WHERE tenant_id = $1 AND telegram_user_id = $2 AND active',
    [tenantId, telegramUserId],
  );
  return row && toMember(row);
}

export async function findActiveMemberByIin(db: Queryable, tenantId: number, iin: string): Promise<Member | undefined> {
  const row = await one<MemberRow>(db, 'SELECT * FROM members WHERE tenant_id = $1 AND iin = $2 AND active', [tenantId, iin]);
  return row && toMember(row);
}

export interface NewRegistration {
  tenantId: number;
  telegramUserId: number;
  telegramChatId: number;
  telegramUsername: string | null;
  iin: string;
  employeeCode: string;
  fullName: string;
}

export type RegistrationResult =
  | { ok: true; member: Member }
  | { ok: false; reason: 'iin-bound' | 'user-registered' };

/** Binds an IIN to a Telegram account; the partial unique indexes decide races. */
export async function registerMember(db: Queryable, r: NewRegistration): Promise<RegistrationResult> {
  try {
    const row = await one<MemberRow>(
      db,
      `INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, telegram_username, iin, employee_code, full_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [r.tenantId, r.telegramUserId, r.telegramChatId, r.telegramUsername, r.iin, r.employeeCode, r.fullName],
    );
    return { ok: true, member: toMember(row!) };
  } catch (err) {
    if (isUniqueViolation(err, 'members_one_active_binding_per_iin')) return { ok: false, reason: 'iin-bound' };
    if (isUniqueViolation(err, 'members_one_active_binding_per_user')) return { ok: false, reason: 'user-registered' };
    throw err;
  }
}

export async function setMemberNotify(db: Queryable, memberId: number, notify: boolean): Promise<void> {
  await db.query('UPDATE members SET notify = $2 WHERE id = $1', [memberId, notify]);
}

export async function deactivateMember(db: Queryable, memberId: number, reason: string): Promise<void> {
  await db.query(
    'UPDATE members SET active = false, deactivated_at = now(), deactivation_reason = $2 WHERE id = $1 AND active',
    [memberId, reason],
  );
}

/** Who is told about an employee's punches: active members with notifications on. */
export interface Subscriber {
  memberId: number;
  chatId: number;
  fullName: string;
}

export async function findSubscribers(db: Queryable, tenantId: number, employeeCode: string): Promise<Subscriber[]> {
  const result = await db.query<{ id: number; telegram_chat_id: number; full_name: string }>(
    `SELECT id, telegram_chat_id, full_name FROM members
     WHERE tenant_id = $1 AND employee_code = $2 AND active AND notify ORDER BY id`,
    [tenantId, employeeCode],
  );
  return result.rows.map((r) => ({ memberId: r.id, chatId: r.telegram_chat_id, fullName: r.full_name }));
}

/** A chat that blocked the bot stops receiving notifications; returns the members affected. */
export async function unsubscribeChat(db: Queryable, tenantId: number, chatId: number): Promise<Array<{ id: number; employeeCode: string | null }>> {
  const result = await db.query<{ id: number; employee_code: string | null }>(
    `UPDATE members SET notify = false WHERE tenant_id = $1 AND telegram_chat_id = $2 AND notify
     RETURNING id, employee_code`,
    [tenantId, chatId],
  );
  return result.rows.map((r) => ({ id: r.id, employeeCode: r.employee_code }));
}

export async function findActiveMemberByUsername(db: Queryable, tenantId: number, username: string): Promise<Member | undefined> {
  const row = await one<MemberRow>(
    db,
    'SELECT * FROM members WHERE tenant_id = $1 AND lower(telegram_username) = lower($2) AND active ORDER BY id DESC LIMIT 1',
    [tenantId, username.replace(/^@/, '')],
  );
  return row && toMember(row);
}

/** Platform path: the group companies a Telegram user is an active member of. */
export async function groupMembershipsOfUser(db: Queryable, telegramUserId: number): Promise<Array<{ tenantId: number; memberId: number }>> {
  const { rows } = await db.query<{ tenant_id: number; id: number }>(
    `SELECT m.tenant_id, m.id FROM members m JOIN tenants t ON t.id = m.tenant_id
     WHERE m.telegram_user_id = $1 AND m.active AND t.kind = 'group' ORDER BY m.id`,
    [telegramUserId],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, memberId: r.id }));
}
