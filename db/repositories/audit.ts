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

export async function writeAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (tenant_id, actor, action, target, payload, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.tenantId, entry.actor, entry.action, entry.target ?? null, entry.payload ?? {}, entry.workflowId ?? null],
  );
}
