// Enum values → message keys.
import type { MessageKey } from './i18n';
import type { DayCode, PersonStatus, RequestKind, RequestState, SubscriptionState, ViolationKind } from './api/types';

export const STATUS_KEY: Record<PersonStatus, MessageKey> = {
  in: 'statusIn',
  late: 'statusLate',
  'on-break': 'statusOnBreak',
  left: 'statusLeft',
  absent: 'statusAbsent',
  'on-leave': 'statusOnLeave',
  'not-arrived': 'statusNotArrived',
  off: 'statusOff',
};

export const CODE_KEY: Record<DayCode, MessageKey> = {
  P: 'codeP', L: 'codeL', E: 'codeE', A: 'codeA', N: 'codeN', M: 'codeM', B: 'codeB', S: 'codeS',
  V: 'codeV', C: 'codeC', H: 'codeH', R: 'codeR', W: 'codeW', F: 'codeF', O: 'codeO', X: 'codeX',
};
export const DAY_CODES = Object.keys(CODE_KEY) as DayCode[];

export const KIND_KEY: Record<RequestKind, MessageKey> = { advance: 'kindAdvance', leave: 'kindLeave', correction: 'kindCorrection' };

export const LEAVE_KEY: Record<string, MessageKey> = { sick: 'leaveSick', personal: 'leavePersonal', comp: 'leaveComp' };

export const BREAK_KEY: Record<string, MessageKey> = { lunch: 'breakLunch', smoke: 'breakSmoke', short: 'breakShort', other: 'breakOther' };

export const ACTION_KEY: Record<string, MessageKey> = {
  start: 'actionStart', end: 'actionEnd', lunch: 'actionLunch', smoke: 'actionSmoke', break: 'actionBreak', back: 'actionBack',
};

export const PUNCH_KEY: Record<string, MessageKey> = { start: 'punchStart', end: 'punchEnd', 'break-out': 'punchBreakOut', back: 'punchBack' };

export const VIOLATION_KEY: Record<ViolationKind, MessageKey> = {
  late: 'violationLate',
  'early-leave': 'violationEarlyLeave',
  absence: 'violationAbsence',
  'no-show': 'violationNoShow',
  'break-overrun': 'violationBreakOverrun',
  'missing-clock-out': 'violationMissingClockOut',
  'unended-break': 'violationUnendedBreak',
};
export const VIOLATION_KINDS = Object.keys(VIOLATION_KEY) as ViolationKind[];

export const REQUEST_STATE_KEY: Record<RequestState, MessageKey> = {
  pending: 'statePending', approved: 'stateApproved', rejected: 'stateRejected', expired: 'stateExpired', withdrawn: 'stateWithdrawn',
};

export const SUBSCRIPTION_KEY: Record<SubscriptionState, MessageKey> = {
  trial: 'stateTrial', active: 'stateActive', suspended: 'stateSuspended', expired: 'stateExpired',
};

export const WEEKDAY_KEYS: MessageKey[] = ['weekMon', 'weekTue', 'weekWed', 'weekThu', 'weekFri', 'weekSat', 'weekSun'];

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

export const REQUEST_STATE_TAG: Record<RequestState, TagType> = { pending: 'warning', approved: 'success', rejected: 'danger', expired: 'info', withdrawn: 'info' };
export const SUBSCRIPTION_TAG: Record<SubscriptionState, TagType> = { trial: 'primary', active: 'success', suspended: 'warning', expired: 'danger' };

/** Looks a value up, falling back to the raw value for anything the panel does not know yet. */
export function labelOf(map: Record<string, MessageKey>, value: string | null | undefined, t: (key: MessageKey) => string): string {
  if (!value) return '—';
  const key = map[value];
  return key ? t(key) : value;
}
