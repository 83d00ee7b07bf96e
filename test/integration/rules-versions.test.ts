// Rules are versioned: a day is judged by the version in force on that day, even when the
// clock-in is read later (the bot was down) and the rules have changed since.
import { DEFAULT_RULES } from '../../domain/attendance-rules';
import { saveRules } from '../../db/repositories/rules';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';
import { NOON_ZONE, offsetHoursOf } from '../support/zones';


const ZONE = NOON_ZONE;
const offset = offsetHoursOf(ZONE);

let stack: Stack;
let tenantId: number;
const group: FakeChat = { id: -1005550801, type: 'supergroup', title: 'Versions Co' };
const boss: FakeUser = { id: 6401, first_name: 'Boss' };
const aida: FakeUser = { id: 6402, first_name: 'Aida' };

const localDate = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE }).format(new Date(ms));
/** The instant of HH:MM on the local date of `ms` in ZONE (a fixed offset zone). */
const at = (ms: number, hhmm: string) => new Date(`${localDate(ms)}T${hhmm}:00${offset >= 0 ? '+' : '-'}${String(Math.abs(offset)).padStart(2, '0')}:00`).getTime();

beforeAll(async () => {
  stack = await startStack({ zone: ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  stack.fake.setChatMember(group.id, aida, 'member');
  ({ tenantId } = await stack.setUpGroup(group, boss));
});
afterAll(async () => {
  await stack?.close();
});

test('When yesterday\'s clock-in is read after the rules changed today, then it is judged by yesterday\'s rules', async () => {
  // Arrange: until yesterday the shift started at 09:00; from today it starts at 11:00.
  const today = localDate(Date.now());
  const common = { ...DEFAULT_RULES, timeZone: ZONE, workdays: [1, 2, 3, 4, 5, 6, 7], lateGraceMinutes: 0, absenceAfterMinutes: 600, penalties: { late: { mode: 'fixed' as const, amount: 100_000 } } };
  await stack.appPool.query('DELETE FROM tenant_rules WHERE tenant_id = $1', [tenantId]);
  await saveRules(stack.appPool, tenantId, '2000-01-01', { ...common, shiftStart: '09:00', shiftEnd: '18:00' }, 'test');
  await saveRules(stack.appPool, tenantId, today, { ...common, shiftStart: '11:00', shiftEnd: '20:00' }, 'test');

  // Act: Aida's /in of yesterday 10:00 reaches the bot only now.
  const yesterdayTen = at(Date.now() - 86_400_000, '10:00');
  const message = stack.fake.userSends(aida, '/in', group, undefined, yesterdayTen / 1000);
  await stack.fake.waitForSent((s) => s.replyTo === message.message_id, 20_000, 'the answer');

  // Assert: an hour late under the rules of yesterday (under today's it would not be late at all).
  const violation = await eventually(
    async () => (await stack.appPool.query("SELECT workday::text AS workday, kind, minutes, amount FROM violations WHERE tenant_id = $1", [tenantId])).rows[0],
    20_000,
    'the violation',
  );
  expect(violation).toEqual({ workday: localDate(yesterdayTen), kind: 'late', minutes: 60, amount: 100_000 });
});

test("When a day comes before the company's first rules (it was set up where the date was already later, then moved its zone), then that day is judged by its first rules, not the defaults", async () => {
  // Arrange: the only version starts tomorrow, here: a shift at 11:00, late costs 1,000.00.
  const bek: FakeUser = { id: 6403, first_name: 'Bek' };
  stack.fake.setChatMember(group.id, bek, 'member');
  const tomorrow = localDate(Date.now() + 86_400_000);
  const first = { ...DEFAULT_RULES, timeZone: ZONE, workdays: [1, 2, 3, 4, 5, 6, 7], shiftStart: '11:00', shiftEnd: '20:00', lateGraceMinutes: 0, absenceAfterMinutes: 600, penalties: { late: { mode: 'fixed' as const, amount: 100_000 } } };
  await stack.appPool.query('DELETE FROM tenant_rules WHERE tenant_id = $1', [tenantId]);
  await saveRules(stack.appPool, tenantId, tomorrow, first, 'test');

  // Act: Bek clocks in today at 11:30.
  const message = stack.fake.userSends(bek, '/in', group, undefined, at(Date.now(), '11:30') / 1000);
  await stack.fake.waitForSent((s) => s.replyTo === message.message_id, 20_000, 'the answer');

  // Assert: 30 minutes late at 1,000.00 under the first rules (the defaults: 09:00, no penalties).
  const violation = await eventually(
    async () =>
      (await stack.appPool.query("SELECT v.workday::text AS workday, v.kind, v.minutes, v.amount FROM violations v JOIN members m ON m.id = v.member_id WHERE v.tenant_id = $1 AND m.telegram_user_id = $2", [tenantId, bek.id])).rows[0],
    20_000,
    'the violation',
  );
  expect(violation).toEqual({ workday: localDate(Date.now()), kind: 'late', minutes: 30, amount: 100_000 });
});
