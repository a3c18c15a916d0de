/**
 * The browser's client of the HTTP API (same origin, so no CORS): JSON in and out, the user's language in
 * Accept-Language, and refusals as RFC 9457 problems with their per-field `errors` kept for the form.
 */
import { lang } from './i18n/index';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The API answered, and refused: `problem` says why, in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly headers: Headers,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** The problem's message for one field (`reporter.phone`), if it named that field. */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

/** No answer at all (offline, DNS, connection dropped): the request may or may not have reached the server. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network', { cause });
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang(), ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      ...(options.signal && { signal: options.signal }),
      credentials: 'same-origin',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError(err);
  }
  const text = await res.text().catch(() => '');
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const problem: Problem =
      body && typeof body === 'object' && 'title' in body ? (body as Problem) : { title: res.statusText || String(res.status), status: res.status };
    throw new ApiError(res.status, problem, res.headers);
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

export const get = <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options).then((a) => a.body);
export const post = <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }).then((a) => a.body);

/** Query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
