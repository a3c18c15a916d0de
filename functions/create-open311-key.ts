/** POST /v1/staff/open311-keys: an admin issues an API key to a named Open311 client (shown once). */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoOpen311KeyStore } from '../shared/adapters/dynamodb/open311-key-store';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { createOpen311KeyRequestSchema } from '../shared/open311/key-requests';
import { issueOpen311Key, mayManageOpen311Keys } from '../shared/use-cases/staff/open311-keys';

const deps = { store: new DynamoOpen311KeyStore(documentClient, requireEnv(ENV.tableName)), now: () => new Date() };

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  // refused before the body is read: a bad body from a non-admin is still a 403
  mayManageOpen311Keys(who);
  const body = parseOrThrow(createOpen311KeyRequestSchema, req.json(), req.lang);
  const issued = await issueOpen311Key(who, body, deps);
  return { status: 201, headers: { location: `/v1/staff/open311-keys/${issued.id}`, 'cache-control': 'no-store' }, body: issued };
}, [staffAuthentication()]);
