/** DELETE /v1/staff/open311-keys/{id}: an admin revokes a client's key; it stops working at once. */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoOpen311KeyStore } from '../shared/adapters/dynamodb/open311-key-store';
import { staffIdentity } from '../shared/auth/staff-identity';
import { adminOnly, NotFoundError } from '../shared/domain/errors';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';

const store = new DynamoOpen311KeyStore(documentClient, requireEnv(ENV.tableName));

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  if (who.role !== 'admin') throw adminOnly();
  const id = req.path.id ?? '';
  const revoked = /^[a-z0-9]{12}$/.test(id) ? await store.revoke(id, new Date().toISOString()) : undefined;
  if (!revoked) throw new NotFoundError('not-found', { id: 'Kunci API ini tidak ada', en: 'No such API key' });
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: revoked };
}, [staffAuthentication()]);
