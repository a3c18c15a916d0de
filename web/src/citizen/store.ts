/**
 * The device's own storage (IndexedDB through idb-keyval): the form draft, reports waiting for a signal, and
 * the last known lists. IndexedDB keeps photo Blobs as they are, and survives a reload and a closed tab.
 */
import { createStore, del, entries, get, set } from 'idb-keyval';

const db = createStore('si-centang', 'kv');

export const load = <T>(key: string): Promise<T | undefined> => get<T>(key, db).catch(() => undefined);
export const save = (key: string, value: unknown): Promise<void> => set(key, value, db).catch(() => undefined);
export const remove = (key: string): Promise<void> => del(key, db).catch(() => undefined);
export async function loadPrefixed<T>(prefix: string): Promise<T[]> {
  const all = await entries<string, T>(db).catch(() => [] as Array<[string, T]>);
  return all.filter(([k]) => typeof k === 'string' && k.startsWith(prefix)).map(([, v]) => v);
}
