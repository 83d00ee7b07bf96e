import { ConfigError, createConfig, requireBotToken } from '../../config';

const SECRET_TOKEN = '987654321:AAbbCCddEEffGGhhIIjjKKllMMnn';

describe('Configuration', () => {
  test('When nothing is set, then local defaults apply', () => {
    const config = createConfig({});
    expect(config).toMatchObject({
      BIOTIME_TABLE: 'iclock_transaction',
      BIOTIME_IIN_COLUMN: 'emp_code',
      TEMPORAL_NAMESPACE: 'default',
      TENANT_TIMEZONE: 'Asia/Almaty',
    });
    expect(() => requireBotToken(config)).toThrow(/BOT_TOKEN: is required/);
  });

  test('When the seed names TOKEN and DATABASE_ATTENDANCE_URL are used, then they are accepted', () => {
    const config = createConfig({ TOKEN: SECRET_TOKEN, DATABASE_ATTENDANCE_URL: 'postgres://bt@db:5432/biotime' });
    expect(config.BOT_TOKEN).toBe(SECRET_TOKEN);
    expect(config.BIOTIME_DATABASE_URL).toBe('postgres://bt@db:5432/biotime');
  });

  test.each([
    ['BIOTIME_TABLE', 'checkinout'],
    ['BIOTIME_TIMEZONE', 'Mars/Olympus'],
    ['BIOTIME_IIN_COLUMN', 'ssn; drop table x'],
    ['TEMPORAL_ADDRESS', 'not an address'],
    ['REDIS_URL', 'localhost:6379'],
    ['TELEGRAM_MAX_MESSAGES_PER_SECOND', '-3'],
    ['BOT_WEBHOOK_URL', 'http://bot.example.com/hook'],
    ['BOT_WEBHOOK_SECRET', 'short'],
    ['SOURCE_SECRETS_KEY', 'not-32-bytes'],
    ['WORKER_MAX_CACHED_WORKFLOWS', '1'],
    ['WORKER_MAX_CACHED_WORKFLOWS', '50'],
    ['WORKER_TASK_QUEUES', 'attendance,outbound'],
    ['WORKER_TASK_QUEUES', ' , '],
  ])('When %s is %s, then start-up fails naming that variable', (name, value) => {
    expect(() => createConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => createConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  test("When the worker's workflow cache is left unset or holds at least its concurrent workflow tasks, then it is accepted", () => {
    expect(createConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(createConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(2000);
    expect(createConfig({ WORKER_MAX_CACHED_WORKFLOWS: '20', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(20);
  });

  test('When the worker is told which task queues to serve, then it serves those (both when unset)', () => {
    expect(createConfig({}).WORKER_TASK_QUEUES).toEqual(['attendance', 'telegram-outbound']);
    expect(createConfig({ WORKER_TASK_QUEUES: 'telegram-outbound' }).WORKER_TASK_QUEUES).toEqual(['telegram-outbound']);
    expect(createConfig({ WORKER_TASK_QUEUES: ' attendance , attendance ' }).WORKER_TASK_QUEUES).toEqual(['attendance']);
  });

  test('When a secret is malformed, then the error names the variable but never shows the value', () => {
    const badToken = 'secret-token-without-the-id-part-XYZ';
    const badUrl = 'mysql://admin:S3cretPassw0rd@db/app';
    let message = '';
    try {
      createConfig({ BOT_TOKEN: badToken, DATABASE_URL: badUrl });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/BOT_TOKEN:/);
    expect(message).toMatch(/DATABASE_URL:/);
    expect(message).not.toContain(badToken);
    expect(message).not.toContain('S3cretPassw0rd');
  });

  test('When the webhook address is set without its secret, then the bot refuses to start, naming BOT_WEBHOOK_SECRET', () => {
    const config = createConfig({ BOT_TOKEN: SECRET_TOKEN, BOT_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook' });
    expect(() => requireBotToken(config)).toThrow(/BOT_WEBHOOK_SECRET: is required with BOT_WEBHOOK_URL/);
    const complete = createConfig({ BOT_TOKEN: SECRET_TOKEN, BOT_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook', BOT_WEBHOOK_SECRET: 'a-long-enough-secret_42' });
    expect(requireBotToken(complete)).toBe(SECRET_TOKEN);
    expect(complete).toMatchObject({ BOT_WEBHOOK_PORT: 8088, BOT_WEBHOOK_HOST: '0.0.0.0' });
  });
});
