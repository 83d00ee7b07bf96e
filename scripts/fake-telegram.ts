// Runs the in-repo fake Telegram Bot API as a process, so the product can be tried without
// Telegram. Play a user with HTTP calls, e.g.:
//   curl -d user_id=1001 -d first_name=Aida -d text=/start localhost:8081/control/message
//   curl 'localhost:8081/control/sent?chat_id=1001'
import { FakeTelegram } from '../test/support/fake-telegram/server';

async function main() {
  const token = process.env.BOT_TOKEN ?? process.env.TOKEN;
  if (!token) throw new Error('BOT_TOKEN must be set so the fake knows which token to accept');
  const port = Number(process.env.FAKE_TELEGRAM_PORT ?? 8081);
  // FAKE_TELEGRAM_HOST=0.0.0.0 where the bot runs elsewhere (another container).
  const host = process.env.FAKE_TELEGRAM_HOST ?? '127.0.0.1';
  const fake = new FakeTelegram({ token, port, host });
  await fake.start();
  console.log(`fake Bot API ready on ${fake.apiRoot}`);
  console.log(`  play a user:    curl -d user_id=1001 -d first_name=Aida -d text=/start ${fake.apiRoot}/control/message`);
  console.log(`  press a button: curl -d user_id=1001 -d message_id=2 -d data=month ${fake.apiRoot}/control/press`);
  console.log(`  read replies:   curl '${fake.apiRoot}/control/sent?chat_id=1001'`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`fake Bot API failed: ${(err as Error).message}`);
  process.exit(1);
});
