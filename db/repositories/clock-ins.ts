// Group clock-ins: the member's day is replayed and the move applied under a row lock, so two
// presses at once can never both start the day.
import type { Pool } from 'pg';
import type { AttendanceRules, ClockEvent } from '../../domain/attendance-rules';
import { actionOfPunch, clockEventOf, punchOfAction, workdayOf } from '../../domain/clock-in';
import { applyClockAction, replayDay, type ClockAction, type ClockRefusal, type DayState } from '../../domain/clock-state';
import { punchWorkflowId, type PunchInput } from '../../domain/punch';
import { writeAudit } from './audit';
import type { Member } from './members';
import type { Queryable } from '../queryable';
import { withTenant } from '../tenant-scope';

export interface DayPunch {
  id: number;
  uid: string;
  kind: string;
  breakType: string | null;
  punchedAt: Date;
}

/** The member's punches of one workday that count (those up to `until`, when given), in order. */
export async function memberDayPunches(
  db: Queryable,
  tenantId: number,
  memberId: number,
  workday: string,
  rules: Pick<AttendanceRules, 'timeZone' | 'shiftStart' | 'shiftEnd'>,
  until?: { punchedAt: Date; id: number },
): Promise<DayPunch[]> {
  // A workday spans at most ~48 hours of instants (zone offsets and overnight shifts): read around it.
  const from = new Date(`${workday}T00:00:00Z`).getTime() - 24 * 3600_000;
  const to = from + 72 * 3600_000;
  const { rows } = await db.query<{ id: number; uid: string; kind: string; break_type: string | null; punched_at: Date }>(
    `SELECT id, uid, kind, break_type, punched_at FROM punches
     WHERE tenant_id = $1 AND member_id = $2 AND punched_at >= $3 AND punched_at < $4
       -- A punch a correction replaced no longer counts (it is kept, never edited).
       AND NOT EXISTS (SELECT 1 FROM punches c WHERE c.corrects_punch_id = punches.id)
     -- Within one second, a terminal's own row order decides (its copies may arrive in any order).
     ORDER BY punched_at, CASE WHEN source = 'biotime' THEN substring(source_id FROM '([0-9]+)$')::bigint END, id`,
    [tenantId, memberId, new Date(from), new Date(to)],
  );
  return rows
    .map((r) => ({ id: r.id, uid: r.uid, kind: r.kind, breakType: r.break_type, punchedAt: r.punched_at }))
    .filter((p) => workdayOf(p.punchedAt, rules) === workday)
    .filter((p) => !until || p.punchedAt < until.punchedAt || (p.punchedAt.getTime() === until.punchedAt.getTime() && p.id <= until.id));
}

/** The day's punches as the rules engine's events, each naming its punch (`ref`). */
export function dayEvents(punches: DayPunch[]): ClockEvent[] {
  return punches.flatMap((p) => {
    const action = actionOfPunch(p.kind, p.breakType);
    return action ? [{ ...clockEventOf(action, p.punchedAt.toISOString()), ref: p.id }] : [];
  });
}

export function dayStateOf(punches: DayPunch[]): DayState {
  return replayDay(
    punches.flatMap((p) => {
      const action = actionOfPunch(p.kind, p.breakType);
      return action ? [{ action, at: p.punchedAt.toISOString() }] : [];
    }),
  );
}

export type ClockInResult =
  | { ok: true; punch: PunchInput; punchId: number; workflowId: string }
  | { ok: false; reason: ClockRefusal }
  /**
   * The same Telegram update delivered again (a bot restart, another replica, a retry after the
   * database dropped the connection that committed it): already recorded. `answered` and
   * `handedOff` say whether the first handling got that far, so a redelivery finishes the job.
   */
  | { ok: false; reason: 'duplicate'; punchId: number; punch: PunchInput; answered: boolean; handedOff: boolean };

type GroupPunchRow = {
  id: number; tenant_id: number; source_id: string; employee_code: string; member_id: number; punched_at: Date; kind: string; break_type: PunchInput['breakType']; raw: Record<string, unknown>;
};
const GROUP_PUNCH_COLUMNS = 'p.id, p.tenant_id, p.source_id, p.employee_code, p.member_id, p.punched_at, p.kind, p.break_type, p.raw';

/** A stored group clock-in as its punch workflow's input. */
function groupPunchInput(r: GroupPunchRow): PunchInput {
  return {
    tenantId: r.tenant_id,
    source: 'group',
    sourceId: r.source_id,
    employeeCode: r.employee_code,
    punchedAt: r.punched_at.toISOString(),
    kind: r.kind as PunchInput['kind'],
    punchState: null,
    terminal: null,
    raw: r.raw,
    memberId: r.member_id,
    breakType: r.break_type,
  };
}

export async function recordGroupClockIn(
  pool: Pool,
  c: { tenantId: number; member: Member; action: ClockAction; at: Date; sourceId: string; rules: AttendanceRules; workday: string },
): Promise<ClockInResult> {
  return withTenant(pool, c.tenantId, async (tx) => {
    await tx.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [c.member.id]);
    // Without a hand-off row (it was never tracked) there is nothing to finish.
    const seen = await tx.query<GroupPunchRow & { answered: boolean; handed_off: boolean }>(
      `SELECT ${GROUP_PUNCH_COLUMNS}, (h.punch_id IS NULL OR h.answered_at IS NOT NULL) AS answered, (h.punch_id IS NULL OR h.handed_at IS NOT NULL) AS handed_off
       FROM punches p LEFT JOIN punch_handoffs h ON h.punch_id = p.id
       WHERE p.tenant_id = $1 AND p.source = 'group' AND p.source_id = $2`,
      [c.tenantId, c.sourceId],
    );
    const first = seen.rows[0];
    if (first) return { ok: false, reason: 'duplicate', punchId: first.id, punch: groupPunchInput(first), answered: first.answered, handedOff: first.handed_off };
    const day = await memberDayPunches(tx, c.tenantId, c.member.id, c.workday, c.rules);
    // The move follows the day's last punch, so it is never timed before it: a command is timed by
    // its message (whole seconds) and a button press on receipt (milliseconds), so /smoke sent in the
    // same second as a pressed "in" would otherwise sort before it, and the rules engine, which
    // reads the day in time order, would judge a break that began before the day did.
    const last = day.at(-1)?.punchedAt;
    const at = last && last > c.at ? last : c.at;
    const move = applyClockAction(dayStateOf(day), c.action, at.toISOString());
    if (!move.ok) return move;

    const { kind, breakType } = punchOfAction(c.action);
    const workflowId = punchWorkflowId('group', c.sourceId);
    const punch: PunchInput = {
      tenantId: c.tenantId,
      source: 'group',
      sourceId: c.sourceId,
      employeeCode: c.member.employeeCode ?? `member:${c.member.id}`,
      punchedAt: at.toISOString(),
      kind,
      punchState: null,
      terminal: null,
      raw: { telegramUserId: c.member.telegramUserId, action: c.action },
      memberId: c.member.id,
      breakType,
    };
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, break_type, raw, workflow_id)
       VALUES ($1, 'group', $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [c.tenantId, c.sourceId, punch.employeeCode, c.member.id, at, kind, breakType, punch.raw, workflowId],
    );
    const punchId = rows[0]!.id;
    // Waiting for its workflow until the hand-off is marked; the sweep finds it if that never happens.
    await tx.query('INSERT INTO punch_handoffs (punch_id, tenant_id, handed_at) VALUES ($1, $2, NULL)', [punchId, c.tenantId]);
    await writeAudit(tx, {
      tenantId: c.tenantId,
      actor: `telegram:${c.member.telegramUserId}`,
      action: 'punch.recorded',
      target: `member:${c.member.id}`,
      payload: { punchId, kind, breakType, punchedAt: punch.punchedAt },
      workflowId,
    });
    return { ok: true, punch, punchId, workflowId };
  });
}

/** The clock-in's workflow was started. */
export async function markHandedOff(db: Queryable, tenantId: number, punchId: number): Promise<void> {
  await db.query(
    `INSERT INTO punch_handoffs (punch_id, tenant_id, handed_at) VALUES ($1, $2, now())
     ON CONFLICT (punch_id) DO UPDATE SET handed_at = now() WHERE punch_handoffs.handed_at IS NULL`,
    [punchId, tenantId],
  );
}

/** The member was told their clock-in was recorded (a redelivered update need not tell them again). */
export async function markClockInAnswered(db: Queryable, tenantId: number, punchId: number): Promise<void> {
  await db.query('UPDATE punch_handoffs SET answered_at = now() WHERE punch_id = $1 AND tenant_id = $2 AND answered_at IS NULL', [punchId, tenantId]);
}

/** Platform path: clock-ins stored more than `olderThanSeconds` ago whose workflow was never started. */
export async function clockInsNotHandedOff(db: Queryable, olderThanSeconds: number, limit = 100): Promise<Array<{ punchId: number; punch: PunchInput }>> {
  const { rows } = await db.query<GroupPunchRow>(
    `SELECT ${GROUP_PUNCH_COLUMNS}
     FROM punch_handoffs h JOIN punches p ON p.id = h.punch_id
     WHERE h.handed_at IS NULL AND h.recorded_at < now() - make_interval(secs => $1)
     ORDER BY h.recorded_at LIMIT $2`,
    [olderThanSeconds, limit],
  );
  return rows.map((r) => ({ punchId: r.id, punch: groupPunchInput(r) }));
}
