/** GET /v1/staff/open311-keys: the Open311 clients and their keys' state (never the keys). Admin only. */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoOpen311KeyStore } from '../shared/adapters/dynamodb/open311-key-store';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { listOpen311Keys } from '../shared/use-cases/staff/open311-keys';

const deps = { store: new DynamoOpen311KeyStore(documentClient, requireEnv(ENV.tableName)) };

export const handler = httpHandler(async (req) => {
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: { items: await listOpen311Keys(staffIdentity(req.event), deps) } };
}, [staffAuthentication()]);
