/** The origin-verify check of the HTTP frame: only requests that came through CloudFront pass, when it is on. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import middy from '@middy/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { problemMiddleware, type HttpEvent } from '../../shared/http/handler';
import { originVerifyMiddleware, ORIGIN_VERIFY_HEADER } from '../../shared/http/origin-verify';
import { apiEvent } from '../support/api-events';

const secrets = mockClient(SecretsManagerClient);
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
    secrets.reset();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ current: 'c'.repeat(40), previous: 'p'.repeat(40) }) });
  });

  it('is off without the setting (the local stack): no header needed', async () => {
    expect((await call({})).statusCode).toBe(200);
    expect(secrets.calls()).toHaveLength(0);
  });

  it('refuses a request without the header, or with a wrong one, as problem+json in the caller’s language', async () => {
    const env = { ORIGIN_VERIFY_ARN: ARN };
    const missing = await call(env);
    expect(missing.statusCode).toBe(403);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.parse(missing.body).detail).toMatch(/Akses langsung/);
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
