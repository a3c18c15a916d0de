/**
 * Requests must come through CloudFront (and so through its WAF), not straight to the execute-api URL. CloudFront
 * adds a secret header to every request it forwards; the HTTP frame refuses a request without it (403). The secret
 * rotates: it holds `{"current", "previous"}` while a new value rolls out to the distribution, and both are accepted
 * (re-read every few minutes, so a rotation needs no redeploy of the functions).
 *
 * On when ORIGIN_VERIFY_ARN names the secret (the API stack sets it once CloudFront fronts the API). The local stack
 * has no CloudFront and sets nothing, so it needs no header.
 */
import { timingSafeEqual } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { readSecret, rotatingValues } from '../config/secrets';
import type { HttpEvent } from './handler';
import { ProblemError } from './problem';

import { ORIGIN_VERIFY, ORIGIN_VERIFY_HEADER } from './origin-verify-names';

export { ORIGIN_VERIFY, ORIGIN_VERIFY_HEADER };
const REREAD_MS = 5 * 60_000;

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function originVerifyMiddleware(
  env: NodeJS.ProcessEnv = process.env,
): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context> {
  // off: a no-op (middy wants at least one phase)
  if (!env[`${ORIGIN_VERIFY}_ARN`]) return { before: () => undefined };
  return {
    before: async (request) => {
      const given = request.event.headers?.[ORIGIN_VERIFY_HEADER];
      const { current, previous } = rotatingValues(await readSecret({ name: ORIGIN_VERIFY }, { maxAgeMs: REREAD_MS, env }));
      const accepted = given !== undefined && [current, previous].some((value) => value !== undefined && same(given, value));
      if (!accepted) {
        throw new ProblemError(403, 'direct-access-refused', {
          id: 'Akses langsung ke API tidak diizinkan. Gunakan alamat layanan yang resmi.',
          en: 'Direct access to the API is not allowed. Use the service’s public address.',
        });
      }
    },
  };
}
