import type { PunchInput } from '../../domain/punch';
import { one, type Queryable } from '../queryable';

/** Inserts the punch unless this (source, sourceId) is already recorded; returns its id either way. */
export async function insertPunch(
  db: Queryable,
  input: PunchInput,
  workflowId: string,
): Promise<{ punchId: number; created: boolean }> {
  const inserted = await one<{ id: number }>(
    db,
    `INSERT INTO punches (tenant_id, source, source_id, employee_code, punched_at, kind, punch_state, terminal, raw, workflow_id, member_id, break_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (tenant_id, source, source_id) DO NOTHING RETURNING id`,
    [input.tenantId, input.source, input.sourceId, input.employeeCode, input.punchedAt, input.kind, input.punchState,
      input.terminal, input.raw, workflowId, input.memberId ?? null, input.breakType ?? null],
  );
  if (inserted) return { punchId: inserted.id, created: true };
  const existing = await one<{ id: number }>(
    db,
    'SELECT id FROM punches WHERE tenant_id = $1 AND source = $2 AND source_id = $3',
    [input.tenantId, input.source, input.sourceId],
  );
  if (!existing) throw new Error('punch neither inserted nor found');
  return { punchId: existing.id, created: false };
}

/** Whether a punch of this employee code has reached us (index punches_by_employee_time). */
export async function employeeHasPunched(db: Queryable, tenantId: number, employeeCode: string): Promise<boolean> {
  const row = await one<{ seen: boolean }>(db, 'SELECT EXISTS (SELECT 1 FROM punches WHERE tenant_id = $1 AND employee_code = $2) AS seen', [tenantId, employeeCode]);
  return !!row?.seen;
}

/** Chats already handled for this punch (sent or found blocked), so a replay skips them. */
export async function handledChats(db: Queryable, punchId: number): Promise<number[]> {
  const result = await db.query<{ chat_id: number }>('SELECT chat_id FROM punch_notifications WHERE punch_id = $1', [punchId]);
  return result.rows.map((r) => r.chat_id);
}

export interface DeliveryRecord {
  tenantId: number;
  punchId: number;
  memberId: number;
  chatId: number;
  status: 'sent' | 'blocked' | 'failed';
  telegramMessageId: number | null;
}

export async function recordDelivery(db: Queryable, d: DeliveryRecord): Promise<void> {
  await db.query(
    `INSERT INTO punch_notifications (tenant_id, punch_id, member_id, chat_id, status, telegram_message_id)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (punch_id, chat_id) DO NOTHING`,
    [d.tenantId, d.punchId, d.memberId, d.chatId, d.status, d.telegramMessageId],
  );
}

/** A member's clock-ins in a company (group clock-ins, terminal copies, corrections), in time order. */
export async function memberPunchesBetween(db: Queryable, tenantId: number, memberId: number, from: Date, to: Date): Promise<PunchRow[]> {
  const result = await db.query<{ punched_at: Date; kind: string; terminal: string | null }>(
    `SELECT punched_at, kind, terminal FROM punches
     WHERE tenant_id = $1 AND member_id = $2 AND punched_at >= $3 AND punched_at < $4
       AND NOT EXISTS (SELECT 1 FROM punches c WHERE c.corrects_punch_id = punches.id)
     ORDER BY punched_at`,
    [tenantId, memberId, from, to],
  );
  return result.rows.map((r) => ({ punchedAt: r.punched_at, kind: r.kind, terminal: r.terminal }));
}

export interface PunchRow {
  punchedAt: Date;
  kind: string;
  terminal: string | null;
}

export async function punchesBetween(
  db: Queryable,
  tenantId: number,
  employeeCode: string,
  from: Date,
  to: Date,
): Promise<PunchRow[]> {
  const result = await db.query<{ punched_at: Date; kind: string; terminal: string | null }>(
    `SELECT punched_at, kind, terminal FROM punches
     WHERE tenant_id = $1 AND employee_code = $2 AND punched_at >= $3 AND punched_at < $4
     ORDER BY punched_at`,
    [tenantId, employeeCode, from, to],
  );
  return result.rows.map((r) => ({ punchedAt: r.punched_at, kind: r.kind, terminal: r.terminal }));
}
