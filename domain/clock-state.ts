// A member's day as a state machine: what a clock-in may do next, and why not when it may not.

export type BreakType = 'lunch' | 'short' | 'smoke';
export const BREAK_TYPES: readonly BreakType[] = ['lunch', 'short', 'smoke'];

export type ClockAction =
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'break-out'; breakType: BreakType }
  | { kind: 'back' };

export type DayState =
  | { status: 'not-started' }
  | { status: 'working' }
  | { status: 'on-break'; breakType: BreakType; since: string }
  | { status: 'ended' };

export type ClockRefusal =
  | 'already-started'
  | 'not-started'
  | 'already-on-break'
  | 'not-on-break'
  | 'already-ended'
  | 'end-while-on-break';

export type Transition = { ok: true; next: DayState } | { ok: false; reason: ClockRefusal };

/** The next state after an action at `at` (ISO instant), or the reason the move is impossible. */
export function applyClockAction(state: DayState, action: ClockAction, at: string): Transition {
  switch (action.kind) {
    case 'start':
      if (state.status === 'not-started') return { ok: true, next: { status: 'working' } };
      return { ok: false, reason: state.status === 'ended' ? 'already-ended' : 'already-started' };
    case 'end':
      if (state.status === 'working') return { ok: true, next: { status: 'ended' } };
      if (state.status === 'on-break') return { ok: false, reason: 'end-while-on-break' };
      return { ok: false, reason: state.status === 'ended' ? 'already-ended' : 'not-started' };
    case 'break-out':
      if (state.status === 'working') return { ok: true, next: { status: 'on-break', breakType: action.breakType, since: at } };
      if (state.status === 'on-break') return { ok: false, reason: 'already-on-break' };
      return { ok: false, reason: state.status === 'ended' ? 'already-ended' : 'not-started' };
    case 'back':
      if (state.status === 'on-break') return { ok: true, next: { status: 'working' } };
      return { ok: false, reason: state.status === 'ended' ? 'already-ended' : 'not-on-break' };
  }
}

/** Replays a day's accepted actions in order; refused ones are skipped as they were at the time. */
export function replayDay(actions: Array<{ action: ClockAction; at: string }>): DayState {
  let state: DayState = { status: 'not-started' };
  for (const { action, at } of actions) {
    const t = applyClockAction(state, action, at);
    if (t.ok) state = t.next;
  }
  return state;
}
