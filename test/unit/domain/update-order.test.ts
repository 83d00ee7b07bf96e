import { decisionButtonData, parseWithdrawButton, withdrawButtonData } from '../../../domain/requests';
import { orderKeyOf, type OrderedUpdate } from '../../../domain/update-order';

const privateChat = (id: number) => ({ id, type: 'private' });
const group = { id: -100777, type: 'supergroup' };
const press = (updateId: number, adminId: number, data: string): OrderedUpdate => ({
  update_id: updateId,
  callback_query: { data, from: { id: adminId }, message: { chat: privateChat(adminId) } },
});
const REQUEST_A = '3f1c6f4e-7d1a-4c55-9d0e-3a1b2c3d4e5f';
const REQUEST_B = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

test("When one admin presses Approve on two requests, then the presses are in two sequences; a press on another button is in the admin's chat's", () => {
  const first = orderKeyOf(press(1, 501, decisionButtonData('advance', REQUEST_A, true)));
  const second = orderKeyOf(press(2, 501, decisionButtonData('leave', REQUEST_B, true)));
  expect(first).not.toBe(second);
  expect(orderKeyOf(press(3, 501, 'lang:zh-en'))).toBe('chat:501');
  expect(orderKeyOf({ update_id: 4, message: { chat: privateChat(501), from: { id: 501 } } })).toBe('chat:501');
});

test('When two admins press Approve and Reject on the same request, then both presses are in one sequence', () => {
  const approve = orderKeyOf(press(1, 501, decisionButtonData('advance', REQUEST_A, true)));
  const reject = orderKeyOf(press(2, 502, decisionButtonData('advance', REQUEST_A, false)));
  expect(approve).toBe(reject);
  // Buttons sent before request UUIDs name the request by tenant and id: the same holds.
  expect(orderKeyOf(press(3, 501, 'adv:7:42:a'))).toBe(orderKeyOf(press(4, 502, 'adv:7:42:r')));
  expect(orderKeyOf(press(5, 501, 'adv:7:42:a'))).not.toBe(orderKeyOf(press(6, 501, 'lv:7:42:a')));
});

test("When the employee presses Withdraw while an admin presses Approve, then both presses are in the request's sequence; withdrawing two requests is two sequences", () => {
  const withdraw = orderKeyOf(press(1, 601, withdrawButtonData('advance', REQUEST_A)));
  expect(withdraw).toBe(orderKeyOf(press(2, 501, decisionButtonData('advance', REQUEST_A, true))));
  expect(withdraw).not.toBe(orderKeyOf(press(3, 601, withdrawButtonData('leave', REQUEST_B))));
  expect(withdrawButtonData('correction', REQUEST_B)).toBe(`wd:fix:${REQUEST_B}`);
  expect(parseWithdrawButton(withdrawButtonData('leave', REQUEST_B))).toEqual({ kind: 'leave', uid: REQUEST_B });
  // Not a withdraw button: a decision, an unknown kind, a serial id instead of a UUID.
  for (const data of [decisionButtonData('leave', REQUEST_B, true), `wd:xyz:${REQUEST_B}`, 'wd:adv:42']) expect(parseWithdrawButton(data)).toBeNull();
});

test('When members write in a group, then each member has a sequence of their own', () => {
  const of = (userId: number) => orderKeyOf({ update_id: userId, message: { chat: group, from: { id: userId } } });
  expect(of(11)).toBe(`chat:${group.id}:11`);
  expect(of(11)).not.toBe(of(12));
});
