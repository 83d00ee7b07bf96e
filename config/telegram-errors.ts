import { GrammyError } from 'grammy';

/**
 * The new id of a group Telegram upgraded to a supergroup, when that is why it refused a call
 * (400 "group chat was upgraded to a supergroup chat"); undefined otherwise.
 */
export function migratedTo(err: unknown): number | undefined {
  if (!(err instanceof GrammyError) || err.error_code !== 400) return undefined;
  const to = err.parameters.migrate_to_chat_id;
  return typeof to === 'number' && to !== 0 ? to : undefined;
}
