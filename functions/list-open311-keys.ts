/** GET /v1/staff/open311-keys: the Open311 clients and their keys' state (never the keys). Admin only. */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoOpen311KeyStore } from '../shared/adapters/dynamodb/open311-key-store';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { ProblemError } from '../shared/http/problem';

const store = new DynamoOpen311KeyStore(documentClient, requireEnv(ENV.tableName));

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  if (who.role !== 'admin') throw new ProblemError(403, 'admin-only', { id: 'Hanya admin', en: 'Admins only' });
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: { items: await store.list() } };
});
