import { randomBytes } from 'node:crypto';
import { connectionHint, openSecret, parseSecretsKey, sealSecret, SourceSecretsError } from '../../services/source-secrets';

const URL_WITH_PASSWORD = 'postgres://biotime:Pa55-word@bt.site-two.example:6432/biotime';

describe('Sealed BioTime connections', () => {
  test('When a connection is sealed and opened with the same key, then it is the same URL, and the sealed bytes do not hold it', () => {
    const key = parseSecretsKey(randomBytes(32).toString('hex'));
    const sealed = sealSecret(URL_WITH_PASSWORD, key);
    expect(sealed.toString('latin1')).not.toContain('Pa55-word');
    expect(openSecret(sealed, key)).toBe(URL_WITH_PASSWORD);
    // A fresh nonce each time: the same URL never seals to the same bytes.
    expect(sealSecret(URL_WITH_PASSWORD, key).equals(sealed)).toBe(false);
  });

  test('When it is opened with another key or was altered, then it is refused without showing anything of it', () => {
    const key = parseSecretsKey(randomBytes(32).toString('base64'));
    const sealed = sealSecret(URL_WITH_PASSWORD, key);
    const other = parseSecretsKey(randomBytes(32).toString('hex'));
    expect(() => openSecret(sealed, other)).toThrow(SourceSecretsError);
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => openSecret(altered, key)).toThrow('cannot be read with this SOURCE_SECRETS_KEY');
  });

  test('When the key is missing or not 32 bytes, then it says so', () => {
    expect(() => parseSecretsKey(undefined)).toThrow('SOURCE_SECRETS_KEY is not set');
    expect(() => parseSecretsKey('abcd')).toThrow('must be 32 bytes');
  });

  test('When an operator is shown a connection, then it is host, port and database only', () => {
    expect(connectionHint(URL_WITH_PASSWORD)).toBe('bt.site-two.example:6432/biotime');
    expect(connectionHint('postgres://u:p@10.0.0.5/bt')).toBe('10.0.0.5:5432/bt');
  });
});
