// BioTime connection URLs carry passwords: stored encrypted with AES-256-GCM under
// SOURCE_SECRETS_KEY (32 bytes, hex or base64, kept outside the database), so a copy of the
// database reveals none of them. Nothing here logs or returns a URL in an error.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class SourceSecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceSecretsError';
  }
}

/** The key from its configured text: 64 hex digits or 44 base64 characters. */
export function parseSecretsKey(text: string | undefined): Buffer {
  if (!text) throw new SourceSecretsError('SOURCE_SECRETS_KEY is not set: registered BioTime sources cannot be stored or read');
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new SourceSecretsError('SOURCE_SECRETS_KEY must be 32 bytes (64 hex digits or 44 base64 characters)');
  return key;
}

/** iv (12 bytes) | tag (16) | ciphertext. */
export function sealSecret(plain: string, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openSecret(sealed: Buffer, key: Buffer): string {
  if (sealed.length < 29) throw new SourceSecretsError('a stored BioTime connection is damaged');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new SourceSecretsError('a stored BioTime connection cannot be read with this SOURCE_SECRETS_KEY');
  }
}

/** What an operator may see of a connection URL: host, port and database, never the user's password. */
export function connectionHint(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}
