import { Writable } from 'node:stream';
import { createLogger, describeError } from '../../../config/logger';

const IIN = '791028302728';
const TOKEN = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnn';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
  return { log: createLogger('test', 'debug', stream), text: () => lines.join('') };
}

describe('Logs', () => {
  test('When an IIN appears anywhere in a log line, then it is masked; other numbers are kept', () => {
    const { log, text } = capture();
    log.info({ employeeCode: IIN, nested: { note: `registered ${IIN}` }, list: [IIN], chatId: -1001234567890, amount: 123456789012 }, `lookup for ${IIN}`);
    expect(text()).not.toContain(IIN);
    expect(text()).toContain('••••••••2728');
    expect(text()).toContain('-1001234567890');
    expect(text()).toContain('123456789012');
  });

  test('When an error is logged, then its stack is kept and the secrets and IINs in it are masked', () => {
    const err = Object.assign(new Error(`duplicate key: Key (tenant_id, iin)=(1, ${IIN}) already exists; fetch https://api.telegram.org/bot${TOKEN}/sendMessage`), { code: '23505' });
    const described = describeError(err);
    expect(described.stack).toContain('logger.test.ts');
    expect(described.code).toBe('23505');
    const all = JSON.stringify(described);
    expect(all).not.toContain(IIN);
    expect(all).not.toContain(TOKEN);
    const { log, text } = capture();
    log.error({ err: described }, 'update failed');
    expect(text()).toContain('"stack"');
    expect(text()).not.toContain(IIN);
  });
});
