/** DELETE /v1/staff/open311-keys/{id}: an admin revokes a client's key; it stops working at once. */
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
  const id = req.path.id ?? '';
  const revoked = /^[a-z0-9]{12}$/.test(id) ? await store.revoke(id, new Date().toISOString()) : undefined;
  if (!revoked) throw new ProblemError(404, 'not-found', { id: 'Kunci API ini tidak ada', en: 'No such API key' });
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: revoked };
});
