export { adjustment } from './adjustment';
export { breakWatch } from './break-watch';
export { punch } from './punch';
export { shiftReminders } from './shift-reminders';
export { shiftWatch } from './shift-watch';
