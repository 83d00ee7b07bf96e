export { adjustment } from './adjustment';
export { advanceRequest } from './advance-request';
export { breakWatch } from './break-watch';
export { correctionRequest } from './correction-request';
export { leaveRequest } from './leave-request';
export { punch } from './punch';
export { shiftReminders } from './shift-reminders';
export { shiftWatch } from './shift-watch';
export { dailyReport, monthlySummary } from './reports';
