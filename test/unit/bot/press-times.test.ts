import type { Update } from 'grammy/types';
import { createPressClock } from '../../../bot/press-times';

const user = { id: 1, is_bot: false, first_name: 'A' };
const chat = { id: -100, type: 'supergroup' as const, title: 'G' };
const press = (update_id: number, id: string): Update => ({ update_id, callback_query: { id, from: user, chat_instance: '1', data: 'clock:in' } });
const message = (update_id: number, date: number): Update => ({ update_id, message: { message_id: update_id, date, chat, from: user, text: 'hi' } });

describe('When was a button pressed', () => {
  test('A press is bounded by the earliest dated update queued after it, plus a second of slack', () => {
    const clock = createPressClock();
    clock.observe([message(1, 1_000), press(2, 'a'), message(3, 1_100), press(4, 'b'), message(5, 1_050)]);
    expect(clock.pressedBy('a')).toEqual(new Date(1_051_000));
    expect(clock.pressedBy('b')).toEqual(new Date(1_051_000));
  });

  test('A press with nothing dated after it has no bound: it is timed on receipt', () => {
    const clock = createPressClock();
    clock.observe([message(1, 1_000), press(2, 'a')]);
    expect(clock.pressedBy('a')).toBeUndefined();
  });

  test('An edited message bounds a press by the time of the edit, not of the original message', () => {
    const clock = createPressClock();
    clock.observe([press(1, 'a'), { update_id: 2, edited_message: { message_id: 9, date: 500, edit_date: 2_000, chat, from: user, text: 'x' } }]);
    expect(clock.pressedBy('a')).toEqual(new Date(2_001_000));
  });

  test('Bounds are forgotten once the backlog is long handled', () => {
    let now = 0;
    const clock = createPressClock(() => now);
    clock.observe([press(1, 'old'), message(2, 10)]);
    now = 11 * 60_000;
    clock.observe([press(3, 'new'), message(4, 700)]);
    expect(clock.pressedBy('old')).toBeUndefined();
    expect(clock.pressedBy('new')).toEqual(new Date(701_000));
  });
});
