/**
 * A test stack whose signing key the test can use: `signClaims` makes tokens the local JWT authorizer accepts
 * but `stack.token()` will not make (ID tokens, no groups, no sub, odd claim shapes). The stack keeps its key,
 * upload-token secret and SMS outbox in a temporary data folder, removed on stop.
 */
import { observeAnswer } from './openapi-contract';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { inject } from 'vitest';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, loadOrCreateKeys } from '../../local/auth';
import { startLocalStack, type LocalStack } from '../../local/stack';

export interface KeyedStack {
  stack: LocalStack;
  dataDir: string;
  /** signs any claims with the stack's own key; iss, exp, iat and sub default to a valid access token's */
  signClaims(claims: Record<string, unknown>, options?: { expiresIn?: number; issuer?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startKeyedTestStack(
  options: { log?: (line: string) => void; perPhonePerDay?: number; perIpPerHour?: number } = {},
): Promise<KeyedStack> {
  process.env.QUOTA_REPORTS_PER_PHONE_PER_DAY = String(options.perPhonePerDay ?? 100_000);
  process.env.QUOTA_WRITES_PER_IP_PER_HOUR = String(options.perIpPerHour ?? 100_000);
  const id = `e2e-${randomUUID().slice(0, 8)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'si-centang-keyed-'));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    names: { main: `${id}-main`, idempotency: `${id}-idempotency`, bucket: id },
    log: options.log ?? (() => undefined),
    escalationIntervalMs: false,
    observeAnswers: observeAnswer,
  });
  const keys = await loadOrCreateKeys(join(dataDir, 'jwt'));
  const key = await importJWK(keys.privateJwk, 'ES256');
  return {
    stack,
    dataDir,
    async signClaims(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ client_id: LOCAL_CLIENT_ID, iat: now, exp: now + (opts.expiresIn ?? 3600), ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: String(keys.privateJwk.kid ?? 'local-1') })
        .setIssuer(opts.issuer ?? LOCAL_ISSUER)
        .sign(key);
    },
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
