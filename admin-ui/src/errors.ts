import { ApiError } from './api/client';
import { pairText, type MessageKey } from './i18n';
import { invalidInputText } from './input-problems';

const BY_CODE: Record<string, MessageKey> = {
  network: 'errorNetwork',
  unauthenticated: 'errorUnauthenticated',
  forbidden: 'errorForbidden',
  'no-longer-admin': 'errorNoLongerAdmin',
  'not-found': 'errorNotFound',
  csrf: 'errorCsrf',
  'too-many-attempts': 'errorTooMany',
  'already-decided': 'errorAlreadyDecided',
  'not-admin': 'errorNotAdmin',
  'not-ready': 'errorNotReady',
};

/** A bilingual sentence for any failure: the API's own `message` when it sent one. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const body = error.body;
    if (body.error === 'invalid-input') {
      return invalidInputText(body);
    }
    if (body.message && body.error !== 'bad-response') return body.message;
    if (body.error === 'internal') return pairText('errorInternal', { id: body.requestId ?? '—' }, '\n');
    const key = BY_CODE[body.error];
    if (key) return pairText(key, undefined, '\n');
    return pairText('errorGeneric', { status: error.status }, '\n');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isApiError(error: unknown, code?: string, status?: number): error is ApiError {
  if (!(error instanceof ApiError)) return false;
  if (code !== undefined && error.code !== code) return false;
  if (status !== undefined && error.status !== status) return false;
  return true;
}
