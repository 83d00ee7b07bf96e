import { applyClockAction, replayDay, type ClockAction, type DayState } from '../../../domain/clock-state';

const at = '2026-11-23T04:00:00.000Z';
const states: Record<string, DayState> = {
  'not-started': { status: 'not-started' },
  working: { status: 'working' },
  'on-break': { status: 'on-break', breakType: 'smoke', since: at },
  ended: { status: 'ended' },
};
const actions: Record<string, ClockAction> = {
  start: { kind: 'start' },
  end: { kind: 'end' },
  smoke: { kind: 'break-out', breakType: 'smoke' },
  back: { kind: 'back' },
};

describe('A member\'s day as a state machine', () => {
  test.each([
    ['not-started', 'start', 'working'],
    ['working', 'smoke', 'on-break'],
    ['on-break', 'back', 'working'],
    ['working', 'end', 'ended'],
  ])('From %s, %s leads to %s', (from, action, to) => {
    const t = applyClockAction(states[from]!, actions[action]!, at);
    expect(t).toMatchObject({ ok: true, next: { status: to } });
  });

  test.each([
    ['working', 'start', 'already-started'],
    ['on-break', 'start', 'already-started'],
    ['ended', 'start', 'already-ended'],
    ['not-started', 'smoke', 'not-started'],
    ['on-break', 'smoke', 'already-on-break'],
    ['not-started', 'back', 'not-on-break'],
    ['working', 'back', 'not-on-break'],
    ['not-started', 'end', 'not-started'],
    ['on-break', 'end', 'end-while-on-break'],
    ['ended', 'end', 'already-ended'],
    ['ended', 'smoke', 'already-ended'],
  ])('From %s, %s is refused (%s)', (from, action, reason) => {
    expect(applyClockAction(states[from]!, actions[action]!, at)).toEqual({ ok: false, reason });
  });

  test('Replaying a day skips the moves that were refused', () => {
    const day = replayDay([
      { action: actions.start!, at },
      { action: actions.start!, at },
      { action: actions.smoke!, at },
      { action: actions.end!, at },
    ]);
    expect(day).toEqual({ status: 'on-break', breakType: 'smoke', since: at });
  });
});
