export { breakWatch } from './break-watch';
export { punch } from './punch';
