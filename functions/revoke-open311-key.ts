/** DELETE /v1/staff/open311-keys/{id}: an admin revokes a client's key; it stops working at once. */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoOpen311KeyStore } from '../shared/adapters/dynamodb/open311-key-store';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { revokeOpen311Key } from '../shared/use-cases/staff/open311-keys';

const deps = { store: new DynamoOpen311KeyStore(documentClient, requireEnv(ENV.tableName)), now: () => new Date() };

export const handler = httpHandler(async (req) => {
  const revoked = await revokeOpen311Key(staffIdentity(req.event), req.path.id, deps);
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: revoked };
}, [staffAuthentication()]);
