// The first user story: an employee registers with their IIN in the bot, and from then on a
// message arrives the moment a BioTime terminal records their punch.
import type { BiotimeTable } from '../../domain/biotime';
import { startStack, type Stack } from '../support/stack';

const aida = { id: 5001, first_name: 'Aida', username: 'aida' };
const AIDA_IIN = '791028302728';

describe.each<BiotimeTable>(['iclock_transaction', 'attendance_log'])('Punch notifications from %s', (table) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ table });
  });
  afterAll(async () => {
    await stack?.close();
  });

  test('When an employee registers and then punches at a terminal, then the bot tells them at once, in both languages', async () => {
    // Arrange
    const answer = await stack.register(aida, AIDA_IIN);
    expect(answer.text).toContain('注册成功');
    expect(answer.text).toContain('Registered: Aida Nurlanova');

    // Act: 09:01:30 local time at the terminal (punch_state 0 = check in)
    const sentBefore = stack.fake.sentTo(aida.id).length;
    const rowId = await stack.insertPunch({ employee: AIDA_IIN, localTime: '2026-11-23 09:01:30', state: 0, terminal: 'Gate 2' });

    // Assert
    const notice = await stack.fake.waitForSent(
      (s) => s.chatId === aida.id && s.text.includes('Punch recorded'),
      20_000,
      'the punch notification',
    );
    expect(stack.fake.sentTo(aida.id).length).toBe(sentBefore + 1);
    expect(notice.text).toContain('打卡已记录');
    expect(notice.text).toContain('2026-11-23 09:01 (Asia/Almaty)');
    expect(notice.text).toContain('Gate 2');
    expect(notice.text).toContain(table === 'iclock_transaction' ? 'check in' : 'Punch recorded: punch');

    await stack.punchOutcome(rowId);
    const { rows } = await stack.appPool.query(
      `SELECT p.punched_at, p.kind, p.workflow_id, n.status FROM punches p JOIN punch_notifications n ON n.punch_id = p.id
       WHERE p.source_id = (SELECT uid || ':' || $1 FROM biotime_sources)`,
      [String(rowId)],
    );
    expect(rows).toHaveLength(1);
    // 09:01:30 in Almaty (UTC+5) is 04:01:30 UTC.
    expect(new Date(rows[0].punched_at).toISOString()).toBe('2026-11-23T04:01:30.000Z');
    expect(rows[0].workflow_id).toBe(await stack.biotimePunchWorkflowId(rowId));
    expect(rows[0].status).toBe('sent');

    const audit = await stack.appPool.query(`SELECT action FROM audit_log WHERE workflow_id = $1 ORDER BY id`, [await stack.biotimePunchWorkflowId(rowId)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['punch.recorded', 'punch.notified']);

    const execution = await stack.temporal.workflow.getHandle(await stack.biotimePunchWorkflowId(rowId)).describe();
    expect(execution.status.name).toBe('COMPLETED');
    expect(execution.typedSearchAttributes.get({ name: 'TenantId', type: 'KEYWORD' })).toBeDefined();
  });

  test('When someone who is not registered punches, then the punch is recorded and nobody is messaged', async () => {
    const sentBefore = stack.fake.sent.length;
    const rowId = await stack.insertPunch({ employee: '061211600012' });
    const outcome = await stack.punchOutcome(rowId);
    expect(outcome).toMatchObject({ created: true, sent: 0 });
    expect(stack.fake.sent.length).toBe(sentBefore);
  });
});
