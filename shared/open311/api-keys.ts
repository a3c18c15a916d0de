/**
 * API keys of Open311 clients. A key is `o311_<id>_<secret>`: the id finds the record with one GetItem, and
 * only a SHA-256 of the whole key is stored (the secret is 256 random bits, so a fast hash is enough), so a
 * table dump reveals no usable key. Each key carries its own hourly quota. Keys listed in OPEN311_API_KEYS
 * are accepted too, for testing clients against `npm start`; deployments never set it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { optionalEnv } from '../config/env';

export interface Open311Key {
  id: string;
  name: string;
  requestsPerHour: number;
  createdAt: string;
  createdBy?: string;
  revokedAt?: string;
}

export interface StoredOpen311Key extends Open311Key {
  keyHash: string;
}

export interface Open311KeyStore {
  get(id: string): Promise<StoredOpen311Key | undefined>;
}

export const DEFAULT_REQUESTS_PER_HOUR = 600;

const KEY_FORMAT = /^o311_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export function newApiKey(): { id: string; key: string } {
  const id = randomBytes(8).toString('hex').slice(0, 12);
  return { id, key: `o311_${id}_${randomBytes(32).toString('base64url')}` };
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** Keys from the environment (local testing): each its own client with the default quota. */
export function envKeys(raw = optionalEnv('OPEN311_API_KEYS', '')): StoredOpen311Key[] {
  return raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((key, i) => ({ id: `env-${i + 1}`, name: `OPEN311_API_KEYS #${i + 1}`, requestsPerHour: DEFAULT_REQUESTS_PER_HOUR, createdAt: '1970-01-01T00:00:00.000Z', keyHash: hashKey(key) }));
}

/** The client a key belongs to, or undefined for a missing, unknown or revoked key. */
export async function verifyApiKey(key: string | undefined, store: Open311KeyStore, fromEnv: StoredOpen311Key[] = envKeys()): Promise<Open311Key | undefined> {
  if (!key) return undefined;
  const hash = hashKey(key);
  const local = fromEnv.find((k) => sameHash(k.keyHash, hash));
  if (local) return strip(local);
  const id = KEY_FORMAT.exec(key)?.[1];
  if (!id) return undefined;
  const stored = await store.get(id);
  if (!stored || stored.revokedAt || !sameHash(stored.keyHash, hash)) return undefined;
  return strip(stored);
}

function strip({ keyHash: _h, ...key }: StoredOpen311Key): Open311Key {
  return key;
}
