/**
 * An admin manages the API keys of Open311 clients: issue one (the key is shown once and stored only as a hash),
 * list them (never the keys), revoke one (it stops working at once). Anyone else is refused before the request
 * is read.
 */
import type { StaffIdentity } from '../../auth/staff-identity';
import { adminOnly, NotFoundError } from '../../domain/errors';
import { hashKey, newApiKey, type Open311Key, type StoredOpen311Key } from '../../open311/api-keys';

export interface Open311KeysDeps {
  store: {
    put(key: StoredOpen311Key): Promise<void>;
    list(): Promise<Open311Key[]>;
    revoke(id: string, at: string): Promise<Open311Key | undefined>;
  };
  now: () => Date;
}

const KEY_ID = /^[a-z0-9]{12}$/;

export function mayManageOpen311Keys(who: StaffIdentity): void {
  if (who.role !== 'admin') throw adminOnly();
}

export async function issueOpen311Key(who: StaffIdentity, request: { name: string; requestsPerHour: number }, deps: Open311KeysDeps) {
  mayManageOpen311Keys(who);
  const { id, key } = newApiKey();
  const record: Open311Key = { id, name: request.name, requestsPerHour: request.requestsPerHour, createdAt: deps.now().toISOString(), createdBy: who.sub };
  await deps.store.put({ ...record, keyHash: hashKey(key) });
  return { ...record, key };
}

export async function listOpen311Keys(who: StaffIdentity, deps: Pick<Open311KeysDeps, 'store'>) {
  mayManageOpen311Keys(who);
  return deps.store.list();
}

export async function revokeOpen311Key(who: StaffIdentity, rawId: string | undefined, deps: Open311KeysDeps) {
  mayManageOpen311Keys(who);
  const id = rawId ?? '';
  const revoked = KEY_ID.test(id) ? await deps.store.revoke(id, deps.now().toISOString()) : undefined;
  if (!revoked) throw new NotFoundError('not-found', { id: 'Kunci API ini tidak ada', en: 'No such API key' });
  return revoked;
}
