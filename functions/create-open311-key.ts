/** POST /v1/staff/open311-keys: an admin issues an API key to a named Open311 client (shown once). */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoOpen311KeyStore } from '../shared/adapters/dynamodb/open311-key-store';
import { staffIdentity } from '../shared/auth/staff-identity';
import { adminOnly } from '../shared/domain/errors';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { hashKey, newApiKey } from '../shared/open311/api-keys';
import { createOpen311KeyRequestSchema } from '../shared/open311/key-requests';

const store = new DynamoOpen311KeyStore(documentClient, requireEnv(ENV.tableName));

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  if (who.role !== 'admin') throw adminOnly();
  const body = parseOrThrow(createOpen311KeyRequestSchema, req.json(), req.lang);
  const { id, key } = newApiKey();
  const record = { id, name: body.name, requestsPerHour: body.requestsPerHour, createdAt: new Date().toISOString(), createdBy: who.sub };
  await store.put({ ...record, keyHash: hashKey(key) });
  return { status: 201, headers: { location: `/v1/staff/open311-keys/${id}`, 'cache-control': 'no-store' }, body: { ...record, key } };
}, [staffAuthentication()]);
