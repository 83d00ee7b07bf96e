// Structured JSON logs (pino), one logger per process, named by process. Nothing secret and no
// IIN reaches a log line: tokens and URL passwords are masked, and so is every IIN in any string.
import pino, { type Logger } from 'pino';
import { maskIinsIn } from '../domain/iin';

export type { Logger };

/** Every string inside a log object, with IINs and secrets masked. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) return describeError(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

export function createLogger(processName: string, level: string = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: processName,
    level,
    base: { process: processName },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Belt and braces: secrets are never logged on purpose, and these keys are scrubbed if they ever are.
    redact: {
      paths: ['token', 'botToken', 'BOT_TOKEN', 'BOT_WEBHOOK_SECRET', 'SOURCE_SECRETS_KEY', 'secret', 'url', 'connection', '*.url', '*.connection', '*.secret', 'password', '*.token', '*.password', 'config.BOT_TOKEN', 'config.BOT_WEBHOOK_SECRET'],
      censor: '[redacted]',
    },
    formatters: { log: (object) => scrub(object) as Record<string, unknown> },
    hooks: {
      // The message itself is masked too (the formatter sees only the object).
      logMethod(args, method) {
        return method.apply(this, args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Error details worth logging (the stack included), with bot tokens, URL passwords and IINs masked. */
export function describeError(err: unknown): { message: string; type?: string; stack?: string; code?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return {
    message: maskSecrets(e.message),
    type: e.name,
    ...(e.stack ? { stack: maskSecrets(e.stack) } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export function maskSecrets(text: string): string {
  return maskIinsIn(
    text.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '<bot-token>').replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, '$1<password>@'),
  );
}
