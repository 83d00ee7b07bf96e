import { maskIinsIn } from '../../domain/iin';
import type { Queryable } from '../queryable';

/** Who did what. Actors are "telegram:<userId>", "system:<process>" or (later) "web:<adminId>". */
export interface AuditEntry {
  tenantId: number | null;
  actor: string;
  action: string;
  target?: string | null;
  payload?: Record<string, unknown>;
  workflowId?: string | null;
}

/**
 * Appends one row (the app role may not change or delete audit rows). No IIN is stored in it:
 * an employee code can be one, so every IIN in the target and the payload is masked.
 */
export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (tenant_id, actor, action, target, payload, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.tenantId, entry.actor, entry.action, entry.target ? maskIinsIn(entry.target) : null, maskIinsDeep(entry.payload ?? {}), entry.workflowId ?? null],
  );
}

function maskIinsDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIinsIn(value);
  if (Array.isArray(value)) return value.map(maskIinsDeep);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIinsDeep(v)]));
  }
  return value;
}
