/**
 * The staff routes of the API, with the official's access token. Changes carry the ETag read with the report
 * in If-Match, so a change made by someone else in between comes back as 412 instead of being overwritten.
 */
import { ApiError, query, request, type RequestOptions } from '../api';
import type { Status } from './moves';

export interface StaffListItem {
  id: string;
  status: Status;
  category: string;
  district: string;
  unit?: string;
  priority: string;
  createdAt: string;
  dueAt?: string;
  overdue: boolean;
  escalationLevel: number;
}

export interface PhotoView {
  id: string;
  kind: 'report' | 'completion';
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  createdAt: string;
}

export interface HistoryEntry {
  seq: number;
  type: 'created' | 'status' | 'note' | 'edit' | 'escalated' | 'photo';
  at: string;
  actor: { role: string; id?: string };
  from?: Status;
  to?: Status;
  note?: string;
  visibility: 'public' | 'internal';
  data?: Record<string, unknown>;
}

export interface StaffReport {
  id: string;
  version: number;
  status: Status;
  category: string;
  district: string;
  unit?: string;
  priority: string;
  description: string;
  publicDescription: string;
  location?: { lat: number; lon: number };
  address?: string;
  confidential: boolean;
  /** `contactHidden`: the reporter left a contact this official sees only through an explicit reveal */
  reporter: { anonymous: boolean; phone?: string; name?: string; language: string; contactHidden?: boolean };
  createdAt: string;
  dueAt?: string;
  expectedAt?: string;
  /** a duplicate's original report */
  duplicateOf?: string;
  /** the agency a referred report went to */
  agency?: string;
  overdue: boolean;
  escalationLevel: number;
  allowedMoves: Status[];
  photos: PhotoView[];
  history: HistoryEntry[];
}

/** A report as read, with the ETag that a change must send back. */
export interface Versioned {
  report: StaffReport;
  etag: string;
}

export interface QueueFilters {
  status?: string;
  unit?: string;
  district?: string;
}

export interface UploadGrant {
  photoId: string;
  url: string;
  fields: Record<string, string>;
  maxBytes: number;
}

/**
 * The API as the console calls it. A 401 anywhere (a move, a note, a photo, a contact reveal) means the session is
 * over: `onSignedOut` brings the sign-in page back instead of each form showing the API's words for developers.
 */
export function staffApi(token: () => string, onSignedOut: () => void = () => undefined) {
  const auth = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token()}`, ...extra });
  const send = <T,>(method: string, path: string, options?: RequestOptions) =>
    request<T>(method, path, options).catch((err: unknown) => {
      if (isSignedOut(err)) onSignedOut();
      throw err;
    });
  const versioned = async (answer: Promise<{ headers: Headers; body: StaffReport }>): Promise<Versioned> => {
    const { headers, body } = await answer;
    return { report: body, etag: headers.get('etag') ?? `"${body.version}"` };
  };
  return {
    queue(filters: QueueFilters, cursor?: string) {
      return send<{ items: StaffListItem[]; nextCursor: string | null }>('GET', `/v1/staff/reports${query({ ...filters, cursor, limit: 50 })}`, { headers: auth() }).then((a) => a.body);
    },
    /**
     * Officers and district staff get the contact only with `reveal`, and only that read is recorded by the API;
     * triage and admin get it (and every read is recorded) anyway.
     */
    report(id: string, options: { revealContact?: boolean } = {}) {
      const path = `/v1/staff/reports/${encodeURIComponent(id)}${query({ reveal: options.revealContact ? 'contact' : undefined })}`;
      return versioned(send<StaffReport>('GET', path, { headers: auth() }));
    },
    transition(id: string, etag: string, body: Record<string, string>) {
      return versioned(send<StaffReport>('POST', `/v1/staff/reports/${encodeURIComponent(id)}/transitions`, { headers: auth({ 'if-match': etag }), body }));
    },
    update(id: string, etag: string, body: { description?: string }) {
      return versioned(send<StaffReport>('PATCH', `/v1/staff/reports/${encodeURIComponent(id)}`, { headers: auth({ 'if-match': etag }), body }));
    },
    /** Notes need no If-Match (they change no field); the answer's ETag is the report's new version. */
    async note(id: string, text: string, visibility: 'public' | 'internal') {
      const { headers, body } = await send<HistoryEntry>('POST', `/v1/staff/reports/${encodeURIComponent(id)}/notes`, { headers: auth(), body: { text, visibility } });
      return { entry: body, etag: headers.get('etag') };
    },
    photoGrant(id: string, contentType: string) {
      return send<UploadGrant>('POST', `/v1/staff/reports/${encodeURIComponent(id)}/photos`, { headers: auth(), body: { contentType } }).then((a) => a.body);
    },
  };
}
export type StaffApi = ReturnType<typeof staffApi>;

/** Sends the file to S3 with the presigned POST: every policy field first, the file last, as S3 requires. */
export async function uploadToGrant(grant: UploadGrant, file: Blob): Promise<void> {
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append('file', file);
  const res = await fetch(grant.url, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`upload ${res.status}`);
}

export const isStale = (err: unknown): err is ApiError => err instanceof ApiError && err.status === 412;
export const isNotAllowed = (err: unknown): err is ApiError => err instanceof ApiError && err.status === 409;
export const isSignedOut = (err: unknown): err is ApiError => err instanceof ApiError && err.status === 401;
