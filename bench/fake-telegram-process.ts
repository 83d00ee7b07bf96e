// The fake Bot API in a process of its own, for benchmarks that must tell its stalls from the
// product's: `--telegram-process` in bench/morning-rush.ts. It reports what it received to the
// parent over IPC every 20 ms; the parent sets its limit and clears it.
import { FakeTelegram } from '../test/support/fake-telegram/server';

type Command = { type: 'limitBot'; limit: { messages: number; windowMs: number } } | { type: 'reset' } | { type: 'stop' };

async function main() {
  const fake = new FakeTelegram({ token: process.env.FAKE_TELEGRAM_TOKEN ?? '' });
  const apiRoot = await fake.start();
  let shipped = 0;
  let shippedChecks = 0;
  const ship = () => {
    const batch = fake.sent.slice(shipped).map((s) => ({ text: s.text, at: s.at }));
    shipped += batch.length;
    const checks = fake.botLimitLog.slice(shippedChecks);
    shippedChecks += checks.length;
    process.send!({ type: 'sent', batch, checks, floodRefusals: fake.floodRefusals });
  };
  const timer = setInterval(ship, 20);
  process.on('message', (command: Command) => {
    if (command.type === 'limitBot') {
      fake.limitBot(command.limit);
      shippedChecks = 0;
    }
    if (command.type === 'reset') {
      ship();
      fake.sent.splice(0, fake.sent.length);
      shipped = 0;
      process.send!({ type: 'reset-done' });
    }
    if (command.type === 'stop') {
      clearInterval(timer);
      ship();
      void fake.stop().then(() => process.exit(0));
    }
  });
  process.send!({ type: 'ready', apiRoot });
}

void main();
