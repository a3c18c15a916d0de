/** The origin-verify check of the HTTP frame: only requests that came through CloudFront pass, when it is on. */
import type { Context } from 'aws-lambda';
import middy from '@middy/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { problemMiddleware, type HttpEvent } from '../../shared/http/handler';
import { originVerifyMiddleware, ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify';
import { apiEvent } from '../support/api-events';
import { startSecretsManagerStandIn, type StandIn } from '../support/secrets-manager-stand-in';

// Secrets Manager's wire protocol on loopback: the frame reads the secret with a signed call, as on Lambda
let secrets: StandIn;
const saved = { ...process.env };
beforeAll(async () => {
  secrets = await startSecretsManagerStandIn();
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE123',
    AWS_SECRET_ACCESS_KEY: 'example-secret',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
  });
});
afterAll(async () => {
  process.env = { ...saved };
  await secrets.stop();
});
const ARN = 'arn:aws:secretsmanager:ap-southeast-3:111122223333:secret:origin-verify-AbCdEf';

function frame(env: NodeJS.ProcessEnv) {
  return middy<HttpEvent, any, Error, Context>()
    .use(problemMiddleware())
    .use(originVerifyMiddleware(env))
    .handler(async () => ({ statusCode: 200, body: 'ok' }));
}

const call = (env: NodeJS.ProcessEnv, headers: Record<string, string> = {}) =>
  frame(env)(apiEvent({ method: 'GET', target: '/v1/categories', headers }).event as HttpEvent, {} as Context);

describe('origin verify', () => {
  beforeEach(() => {
    secrets.requests.length = 0;
    secrets.secrets.set(ARN, JSON.stringify({ current: 'c'.repeat(40), previous: 'p'.repeat(40) }));
  });

  it('is off without the setting (the local stack): no header needed', async () => {
    expect((await call({})).statusCode).toBe(200);
    expect(secrets.requests).toHaveLength(0);
  });

  it('refuses a request without the header, or with a wrong one, as problem+json in the caller’s language', async () => {
    const env = { ORIGIN_VERIFY_ARN: ARN };
    const missing = await call(env);
    expect(missing.statusCode).toBe(403);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.parse(missing.body).detail).toMatch(/Akses langsung/);
    // read from Secrets Manager (the stand-in), once: the value is kept for a few minutes
    expect(secrets.requests).toHaveLength(1);
    const wrong = await call(env, { [ORIGIN_VERIFY_HEADER]: 'x'.repeat(40), 'accept-language': 'en' });
    expect(wrong.statusCode).toBe(403);
    expect(JSON.parse(wrong.body).detail).toMatch(/Direct access/);
  });

  it('accepts the current and, during a rotation, the previous value', async () => {
    const env = { ORIGIN_VERIFY_ARN: ARN };
    expect((await call(env, { [ORIGIN_VERIFY_HEADER]: 'c'.repeat(40) })).statusCode).toBe(200);
    expect((await call(env, { [ORIGIN_VERIFY_HEADER]: 'p'.repeat(40) })).statusCode).toBe(200);
  });
});
