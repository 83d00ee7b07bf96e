// Activities that record punches and their deliveries in PostgreSQL. All are idempotent:
// the punch workflow may run them again after a crash or a replay.
import type { Pool } from 'pg';
import { actionOfPunch } from '../domain/clock-in';
import type { LanguagePair } from '../domain/messages';
import type { PunchInput } from '../domain/punch';
import { writeAudit } from '../db/repositories/audit';
import { findGroupMembershipsOfEmployee, unsubscribeChat } from '../db/repositories/members';
import { handledChats, insertPunch, recordDelivery } from '../db/repositories/punches';
import { getTenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { NotFoundError } from '../db/errors';

export interface RecordedPunch {
  punchId: number;
  created: boolean;
  timeZone: string;
  languagePair: LanguagePair;
  /** Chats already messaged (or found blocked) for this punch by an earlier run. */
  handledChatIds: number[];
}

export interface Delivery {
  memberId: number;
  chatId: number;
  outcome: { status: 'sent'; messageId: number } | { status: 'blocked' } | { status: 'failed'; reason: string };
}

/**
 * `pool` works as the app role: every step is scoped to the punch's tenant. `platformPool` is
 * used for one cross-tenant lookup only: which companies employ a BioTime employee.
 */
export function createPostgresPunchActivities(deps: { pool: Pool; platformPool: Pool }) {
  const { pool, platformPool } = deps;

  return {
    async recordPunch(input: PunchInput, workflowId: string): Promise<RecordedPunch> {
      return withTenant(pool, input.tenantId, async (tx) => {
        const tenant = await getTenant(tx, input.tenantId);
        if (!tenant) throw new NotFoundError(`tenant ${input.tenantId} does not exist`);
        const result = await insertPunch(tx, input, workflowId);
        if (result.created) {
          await writeAudit(tx, {
            tenantId: input.tenantId,
            actor: `system:${input.source}`,
            action: 'punch.recorded',
            target: `employee:${input.employeeCode}`,
            payload: { punchId: result.punchId, sourceId: input.sourceId, kind: input.kind, punchedAt: input.punchedAt },
            workflowId,
          });
        }
        return {
          punchId: result.punchId,
          created: result.created,
          timeZone: tenant.timeZone,
          languagePair: tenant.languagePair,
          handledChatIds: result.created ? [] : await handledChats(tx, result.punchId),
        };
      });
    },

    /**
     * A terminal punch of an employee who is a member of companies run in groups becomes that
     * member's punch in each of them (punch_state 0 start, 1 end, 2 break out, 3 break in).
     */
    async routeBiotimePunch(input: PunchInput, workflowId: string): Promise<Array<{ tenantId: number; punchId: number }>> {
      // Only kinds the day's state machine knows (overtime and unknown states stay BioTime's alone).
      if (!actionOfPunch(input.kind, null)) return [];
      const routed: Array<{ tenantId: number; punchId: number }> = [];
      for (const m of await findGroupMembershipsOfEmployee(platformPool, input.employeeCode)) {
        const punchId = await withTenant(pool, m.tenantId, async (tx) => {
          const copy: PunchInput = {
            ...input,
            tenantId: m.tenantId,
            memberId: m.memberId,
            breakType: input.kind === 'break-out' ? 'short' : null,
          };
          const result = await insertPunch(tx, copy, workflowId);
          if (result.created) {
            await writeAudit(tx, {
              tenantId: m.tenantId,
              actor: 'system:biotime',
              action: 'punch.recorded',
              target: `member:${m.memberId}`,
              payload: { punchId: result.punchId, sourceId: input.sourceId, kind: input.kind, punchedAt: input.punchedAt },
              workflowId,
            });
          }
          return result.punchId;
        });
        routed.push({ tenantId: m.tenantId, punchId });
      }
      return routed;
    },

    /**
     * Records what happened to each message. A chat that blocked the bot is unsubscribed;
     * returns the employee codes whose subscriber cache must be dropped.
     */
    async recordPunchDeliveries(tenantId: number, punchId: number, deliveries: Delivery[], workflowId: string): Promise<string[]> {
      return withTenant(pool, tenantId, async (tx) => {
        const changedEmployeeCodes: string[] = [];
        for (const d of deliveries) {
          await recordDelivery(tx, {
            tenantId,
            punchId,
            memberId: d.memberId,
            chatId: d.chatId,
            status: d.outcome.status,
            telegramMessageId: d.outcome.status === 'sent' ? d.outcome.messageId : null,
          });
          if (d.outcome.status === 'blocked') {
            const members = await unsubscribeChat(tx, tenantId, d.chatId);
            for (const m of members) {
              if (m.employeeCode) changedEmployeeCodes.push(m.employeeCode);
              await writeAudit(tx, {
                tenantId,
                actor: 'system:telegram',
                action: 'member.unsubscribed.blocked-bot',
                target: `member:${m.id}`,
                payload: { chatId: d.chatId },
                workflowId,
              });
            }
          }
        }
        if (deliveries.length > 0) {
          await writeAudit(tx, {
            tenantId,
            actor: 'system:telegram',
            action: 'punch.notified',
            target: `punch:${punchId}`,
            payload: { deliveries: deliveries.map((d) => ({ memberId: d.memberId, status: d.outcome.status })) },
            workflowId,
          });
        }
        return changedEmployeeCodes;
      });
    },
  };
}

export type PostgresPunchActivities = ReturnType<typeof createPostgresPunchActivities>;
