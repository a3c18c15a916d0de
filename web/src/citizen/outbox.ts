/**
 * Reports on their way to the API. A report is stored on the device first, with its Idempotency-Key, and then
 * sent; without a signal it waits and goes out by itself when the connection returns (or the app is next
 * opened). Every retry carries the same key, so the API creates the report once even when an earlier try
 * reached it and only the answer was lost. Photos follow the report, one presigned upload each.
 */
import { ApiError, NetworkError, post, type Problem } from '../api';
import { saveDraft, type Draft } from './draft';
import { load, loadPrefixed, remove, save } from './store';
import { uploadPhoto, type UploadGrant } from './upload';
import { viewKeyOf } from './track-link';

export interface ReportPayload {
  category: string;
  district: string;
  description: string;
  address?: string;
  location?: { lat: number; lon: number };
  reporter: { phone: string; name?: string; anonymous: boolean; language: 'id' | 'en' };
  confidential: boolean;
}

export interface Created {
  id: string;
  status: string;
  createdAt: string;
  dueAt?: string;
  trackUrl: string;
  uploadToken: string;
}

interface Queued {
  key: string;
  queuedAt: string;
  payload: ReportPayload;
  photos: Blob[];
  /** the form as it was, to give back if the API refuses the report */
  draft: Draft;
  created?: Created;
  photosDone: number;
  photosFailed: number;
}

export type OutboxState =
  | { state: 'sending' }
  | { state: 'waiting' }
  | { state: 'uploading'; photo: number; total: number; loaded: number; size: number }
  | { state: 'sent'; created: Created; photosFailed: number }
  | { state: 'refused'; problem: Problem };

type Listener = (key: string, state: OutboxState) => void;
const listeners = new Set<Listener>();
export function onOutbox(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const emit = (key: string, state: OutboxState) => listeners.forEach((l) => l(key, state));

const OUTBOX = 'outbox:';
const SENT = 'sent';
const RETRY_MS = 15_000;
/** a 409 means the first try is still running on the server: its answer is ready to replay in a moment */
const IN_PROGRESS_RETRY_MS = 2_000;

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function enqueue(payload: ReportPayload, draft: Draft, key = newIdempotencyKey()): Promise<string> {
  const item: Queued = { key, queuedAt: new Date().toISOString(), payload, photos: draft.photos, draft, photosDone: 0, photosFailed: 0 };
  await save(OUTBOX + key, item);
  void flush();
  return key;
}

export const pendingCount = async () => (await loadPrefixed<Queued>(OUTBOX)).length;

/**
 * Codes this device sent, newest first, so a report that went out while the page was closed is not lost; a
 * confidential one with the view key its tracking page needs (the phone that sent it may open it).
 */
export const sentReports = async () => (await load<SentReport[]>(SENT)) ?? [];

export interface SentReport {
  id: string;
  at: string;
  /** a confidential report's view key */
  key?: string;
  dueAt?: string;
  /** photos the API refused (a limit, an expired grant) */
  photosFailed?: number;
}

let running: Promise<void> | undefined;
let again = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * Sends what waits, oldest first; stops at the first item that still has no connection. Called while a pass
 * runs (a new report, the connection back), it runs one more pass after it, so nothing waits for the timer.
 */
export function flush(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        const items = (await loadPrefixed<Queued>(OUTBOX)).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
        for (const item of items) {
          const outcome = await sendOne(item);
          if (outcome !== 'done') return retryLater(outcome === 'in-progress' ? IN_PROGRESS_RETRY_MS : RETRY_MS);
        }
      } while (again);
    } finally {
      running = undefined;
    }
  })();
  return running;
}

function retryLater(ms: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void flush(), ms);
}

/** Worth trying again later: no answer, a server fault, too many requests, or the first try still running. */
const transient = (err: unknown) => err instanceof NetworkError || (err instanceof ApiError && (err.status >= 500 || err.status === 429 || err.status === 409));

type Outcome = 'done' | 'waiting' | 'in-progress';

async function sendOne(item: Queued): Promise<Outcome> {
  emit(item.key, { state: 'sending' });
  if (!item.created) {
    try {
      item.created = await post<Created>('/v1/reports', item.payload, { headers: { 'idempotency-key': item.key } });
      await save(OUTBOX + item.key, item);
    } catch (err) {
      if (transient(err)) {
        emit(item.key, { state: 'waiting' });
        return err instanceof ApiError && err.status === 409 ? 'in-progress' : 'waiting';
      }
      if (!(err instanceof ApiError)) throw err;
      // refused as written: the form comes back with the API's words next to the fields
      await saveDraft({ ...item.draft, problem: err.problem });
      await remove(OUTBOX + item.key);
      emit(item.key, { state: 'refused', problem: err.problem });
      return 'done';
    }
  }
  const { id, uploadToken } = item.created;
  for (let i = item.photosDone; i < item.photos.length; i++) {
    const photo = item.photos[i]!;
    emit(item.key, { state: 'uploading', photo: i + 1, total: item.photos.length, loaded: 0, size: photo.size });
    try {
      const grant = await post<UploadGrant>(`/v1/reports/${encodeURIComponent(id)}/photos`, { contentType: 'image/jpeg' }, { headers: { 'x-upload-token': uploadToken } });
      await uploadPhoto(grant, photo, (loaded, size) => emit(item.key, { state: 'uploading', photo: i + 1, total: item.photos.length, loaded, size }));
    } catch (err) {
      if (transient(err)) {
        emit(item.key, { state: 'waiting' });
        return 'waiting';
      }
      // a refused photo (limit reached, token expired) must not hold the report back
      item.photosFailed++;
    }
    item.photosDone = i + 1;
    await save(OUTBOX + item.key, item);
  }
  await remove(OUTBOX + item.key);
  const key = viewKeyOf(item.created.trackUrl);
  const sent: SentReport = { id, at: new Date().toISOString(), ...(key && { key }), ...(item.created.dueAt && { dueAt: item.created.dueAt }), photosFailed: item.photosFailed };
  await save(SENT, [sent, ...(await sentReports()).filter((s) => s.id !== id)].slice(0, 10));
  emit(item.key, { state: 'sent', created: item.created, photosFailed: item.photosFailed });
  return 'done';
}

let started = false;
/** Sends waiting reports now and whenever the connection comes back. */
export function startOutbox(): void {
  if (started) return;
  started = true;
  addEventListener('online', () => void flush());
  void flush();
}
