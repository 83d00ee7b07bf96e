// BioTime rows (as read from the table or carried by a NOTIFY payload) to punch inputs.
import { punchKindFromState, type PunchInput } from './punch';
import { biotimeLocalToUtc } from './time';

export type BiotimeTable = 'iclock_transaction' | 'attendance_log';
export const BIOTIME_TABLES: readonly BiotimeTable[] = ['iclock_transaction', 'attendance_log'];

export type BiotimeRow = Record<string, unknown> & { id: number | string };

/** A BioTime punch's id among ours: the source's UUID and BioTime's row id. */
export function biotimeSourceId(sourceUid: string, rowId: number | string): string {
  return `${sourceUid}:${rowId}`;
}

export type NormalizedRow = { ok: true; punch: PunchInput } | { ok: false; id: number; reason: string };

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

/**
 * Turns one BioTime row into the punch workflow's input, or says why it cannot be used. The
 * source's UUID is part of the punch's identity: row ids of two BioTime servers overlap.
 */
export function normalizeBiotimeRow(table: BiotimeTable, row: BiotimeRow, zone: string, source: { tenantId: number; uid: string }): NormalizedRow {
  const id = Number(row.id);
  if (!Number.isSafeInteger(id) || id <= 0) return { ok: false, id: 0, reason: 'row has no usable id' };

  const employeeCode = text(table === 'iclock_transaction' ? row.emp_code : row.emp_id);
  if (!employeeCode) return { ok: false, id, reason: 'row has no employee code' };

  const rawTime = row.punch_time;
  const localTime = rawTime instanceof Date ? rawTime.toISOString() : text(rawTime);
  if (!localTime) return { ok: false, id, reason: 'row has no punch_time' };
  let punchedAt: Date;
  try {
    punchedAt = biotimeLocalToUtc(localTime, zone);
  } catch {
    return { ok: false, id, reason: 'punch_time is unreadable' };
  }

  const { kind, punchState } =
    table === 'iclock_transaction' ? punchKindFromState(row.punch_state) : { kind: 'unknown' as const, punchState: null };
  const terminal = text(row.terminal_alias) ?? text(row.terminal_sn) ?? text(row.area_alias);

  return {
    ok: true,
    punch: {
      tenantId: source.tenantId,
      source: 'biotime',
      sourceId: biotimeSourceId(source.uid, id),
      employeeCode,
      punchedAt: punchedAt.toISOString(),
      kind,
      punchState,
      terminal,
      raw: { table, ...row },
    },
  };
}
