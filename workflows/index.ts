export { punch } from './punch';
