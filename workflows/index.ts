export { adjustment } from './adjustment';
export { advanceRequest } from './advance-request';
export { breakWatch } from './break-watch';
export { punch } from './punch';
export { shiftReminders } from './shift-reminders';
export { shiftWatch } from './shift-watch';
