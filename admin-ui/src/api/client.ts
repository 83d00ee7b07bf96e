import type { ErrorBody } from './types';

/** An answer other than 2xx, with the API's `{ error, ... }` body when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(body.message ?? body.error);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get code(): string {
    return this.body.error;
  }
}

export interface ApiHooks {
  /** 401: no or ended session. */
  onUnauthenticated(): void;
  /** 403 no-longer-admin: Telegram says the person is no longer a group admin; the session is gone. */
  onNoLongerAdmin(error: ApiError): void;
}

let csrfToken: string | null = null;
let hooks: ApiHooks | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function configureApi(h: ApiHooks): void {
  hooks = h;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not run the 401 redirect (the session probe on start handles it itself). */
  quiet401?: boolean;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: 'bad-response', message: text.slice(0, 200) };
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string';
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, { error: 'network' });
  }

  const body = await readBody(response);
  if (response.ok) return body as T;

  const error = new ApiError(response.status, isErrorBody(body) ? body : { error: `http-${response.status}` });
  if (response.status === 401 && !options.quiet401) hooks?.onUnauthenticated();
  if (response.status === 403 && error.code === 'no-longer-admin') hooks?.onNoLongerAdmin(error);
  throw error;
}

export const get = <T>(path: string, query?: Query, extra?: Omit<RequestOptions, 'query' | 'body'>) =>
  request<T>('GET', path, { ...extra, query });
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body });
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, { body });
export const patch = <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body });

/** A fresh id for one click of a decision or an adjustment; the same id is reused for its retries. */
export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Non-secure origins (plain http on a LAN address) have no randomUUID.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
