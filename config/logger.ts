// Structured JSON logs (pino), one logger per process, named by process.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(processName: string, level: string = 'info'): Logger {
  return pino({
    name: processName,
    level,
    base: { process: processName },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Belt and braces: secrets are never logged on purpose, and these keys are scrubbed if they ever are.
    redact: {
      paths: ['token', 'botToken', 'BOT_TOKEN', 'password', '*.token', '*.password', 'config.BOT_TOKEN'],
      censor: '[redacted]',
    },
  });
}

/** Error details worth logging, with bot tokens and URL passwords masked. */
export function describeError(err: unknown): { message: string; type?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { message: maskSecrets(e.message), type: e.name };
}

export function maskSecrets(text: string): string {
  return text
    .replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '<bot-token>')
    .replace(/(\w+:\/\/[^:/\s]+:)[^@\s]+@/g, '$1<password>@');
}
