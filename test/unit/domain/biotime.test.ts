import { normalizeBiotimeRow } from '../../../domain/biotime';
import { punchKindFromState } from '../../../domain/punch';
import { biotimeLocalToUtc, monthBounds } from '../../../domain/time';

const SOURCE_UID = '4f1c2d3e-0000-4000-8000-00000000a1b2';

describe('BioTime rows to punches', () => {
  test('When an iclock_transaction row arrives, then its local punch_time is read in the BioTime zone', () => {
    const result = normalizeBiotimeRow(
      'iclock_transaction',
      { id: 42, emp_code: '791028302728', punch_time: '2026-11-23T09:00:05', punch_state: '1', terminal_alias: 'Gate', terminal_sn: 'SN1' },
      'Asia/Almaty',
      { tenantId: 7, uid: SOURCE_UID },
    );
    expect(result).toEqual({
      ok: true,
      punch: expect.objectContaining({
        tenantId: 7,
        source: 'biotime',
        sourceId: `${SOURCE_UID}:42`,
        employeeCode: '791028302728',
        punchedAt: '2026-11-23T04:00:05.000Z',
        kind: 'check-out',
        punchState: 1,
        terminal: 'Gate',
      }),
    });
  });

  test('When an attendance_log row arrives, then emp_id is the employee and the kind is unknown', () => {
    const result = normalizeBiotimeRow('attendance_log', { id: '9', emp_id: '061211600012', punch_time: '2026-11-23 18:30:00' }, 'Europe/Moscow', { tenantId: 1, uid: SOURCE_UID });
    expect(result).toMatchObject({ ok: true, punch: { employeeCode: '061211600012', punchedAt: '2026-11-23T15:30:00.000Z', kind: 'unknown', terminal: null } });
  });

  test.each([
    [{ id: 3, punch_time: '2026-11-23 09:00:00' }, 'row has no employee code'],
    [{ id: 3, emp_code: 'X1' }, 'row has no punch_time'],
    [{ id: 3, emp_code: 'X1', punch_time: 'yesterday' }, 'punch_time is unreadable'],
    [{ id: 'abc', emp_code: 'X1', punch_time: '2026-11-23 09:00:00' }, 'row has no usable id'],
  ])('When a row cannot be used (%j), then it says why', (row, reason) => {
    expect(normalizeBiotimeRow('iclock_transaction', row as never, 'Asia/Almaty', { tenantId: 1, uid: SOURCE_UID })).toMatchObject({ ok: false, reason });
  });

  test('punch_state maps to kinds, and anything unexpected is "unknown"', () => {
    expect([0, 1, 2, 3, 4, 5, 255, '7', null, 'x'].map((s) => punchKindFromState(s).kind)).toEqual([
      'check-in', 'check-out', 'break-out', 'break-in', 'overtime-in', 'overtime-out', 'unknown', 'unknown', 'unknown', 'unknown',
    ]);
  });

  test('Local times across a DST change convert with the offset in force that day', () => {
    expect(biotimeLocalToUtc('2026-03-28 09:00:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(biotimeLocalToUtc('2026-03-30 09:00:00', 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  test('A month is bounded in the tenant zone, not in UTC', () => {
    const { start, end, label } = monthBounds(new Date('2026-11-30T20:00:00Z'), 'Asia/Almaty'); // already Dec 1st there
    expect(label).toBe('2026-12');
    expect(start.toISOString()).toBe('2026-11-30T19:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-31T19:00:00.000Z');
  });
});
