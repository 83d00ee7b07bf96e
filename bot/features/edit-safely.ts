import { GrammyError } from 'grammy';

/** Telegram refuses an edit that changes nothing (a double press); that is not an error for us. */
export async function ignoreUnmodified(edit: Promise<unknown>): Promise<void> {
  try {
    await edit;
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 400 && /not modified/i.test(err.description)) return;
    throw err;
  }
}
