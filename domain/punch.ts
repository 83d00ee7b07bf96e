// A punch is one recorded clock event, from a BioTime terminal or (later) a group clock-in.

export type PunchSource = 'biotime' | 'group';

export type PunchKind =
  | 'check-in'
  | 'check-out'
  | 'break-out'
  | 'break-in'
  | 'overtime-in'
  | 'overtime-out'
  | 'unknown';

/** What the punch workflow receives: everything needed, already normalised to UTC. */
export interface PunchInput {
  tenantId: number;
  source: PunchSource;
  sourceId: string;
  employeeCode: string;
  /** ISO-8601 instant in UTC. */
  punchedAt: string;
  kind: PunchKind;
  /** BioTime's raw punch_state, when the source has one. */
  punchState: number | null;
  terminal: string | null;
  raw: Record<string, unknown>;
  /** Group clock-ins know their member; BioTime punches are matched by employee code. */
  memberId?: number;
  breakType?: 'lunch' | 'short' | 'smoke' | null;
}

const PUNCH_STATE_KINDS: Record<number, PunchKind> = {
  0: 'check-in',
  1: 'check-out',
  2: 'break-out',
  3: 'break-in',
  4: 'overtime-in',
  5: 'overtime-out',
};

/** BioTime 8 punch_state (stored as text on some versions) to our punch kind. */
export function punchKindFromState(state: unknown): { kind: PunchKind; punchState: number | null } {
  if (state === null || state === undefined || state === '') return { kind: 'unknown', punchState: null };
  const n = typeof state === 'number' ? state : Number(String(state).trim());
  if (!Number.isInteger(n)) return { kind: 'unknown', punchState: null };
  return { kind: PUNCH_STATE_KINDS[n] ?? 'unknown', punchState: n };
}

/**
 * `punch:biotime:<source uid>:<row id>` or `punch:group:<chat>:m<message id>` / `:cb<callback id>`:
 * Telegram's ids and a BioTime source's UUID never repeat, so neither does the workflow id.
 */
export function punchWorkflowId(source: PunchSource, sourceId: string): string {
  return `punch:${source}:${sourceId}`;
}
