export * from './iin';
export * from './messages';
export * from './punch';
export * from './temporal';
export * from './time';
export * from './biotime';
export * from './notifications';
