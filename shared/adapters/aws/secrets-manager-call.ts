/**
 * Secrets Manager's GetSecretValue as one Signature V4-signed HTTPS call, without the SDK client. The secret is read
 * by the HTTP frame of every API function (the CloudFront origin header) and by a few others; the client brings the
 * SDK's whole runtime (about 150 KB of each bundle) to functions that use no other AWS service, for a single JSON
 * request. Signing uses the SDK's own signer (@smithy/signature-v4); the request is the one the client sends
 * (awsJson1_1: POST /, X-Amz-Target, the JSON body), and an error answer becomes an Error named by its `__type`,
 * as the client names its exceptions. Throttling, server errors and broken connections are retried twice.
 *
 * The endpoint is the regional one, or AWS_ENDPOINT_URL_SECRETS_MANAGER as the SDK also honours it.
 */
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { envCredentials } from './env-credentials';
import { Sha256 } from './node-sha256';
import { withTransientRetry } from './transient-retry';

const TIMEOUT_MS = 5_000;

export class SecretsManagerError extends Error {
  constructor(
    name: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = name;
  }
}

interface Answer {
  status: number;
  body: string;
}

async function send(url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  // plain HTTP only for a local stand-in (AWS_ENDPOINT_URL_SECRETS_MANAGER): a deployed function never loads it
  const request = url.protocol === 'http:' ? (await import('node:http')).request : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`Secrets Manager did not answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const retryable = (e: SecretsManagerError) => e.statusCode >= 500 || e.statusCode === 429 || /Throttling/.test(e.name);

function errorOf(a: Answer): SecretsManagerError {
  let parsed: { __type?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(a.body) as typeof parsed;
  } catch {
    // not JSON (a proxy's page): the status says enough
  }
  const name = (parsed.__type ?? `HTTP${a.status}`).split('#').pop()!;
  return new SecretsManagerError(name, parsed.message ?? parsed.Message ?? `Secrets Manager answered ${a.status}`, a.status);
}

export interface SecretsManagerCallOptions {
  env?: NodeJS.ProcessEnv;
  /** the signing time; the clock by default */
  now?: () => Date;
  /** pause before a retry, in ms (tests make it 0) */
  backoffMs?: number;
}

/** The SecretString of a secret (by ARN or name), as GetSecretValue returns it; undefined for a binary secret. */
export async function getSecretString(secretId: string, options: SecretsManagerCallOptions = {}): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const region = env.AWS_REGION ?? /^arn:aws[\w-]*:secretsmanager:([\w-]+):/.exec(secretId)?.[1];
  if (!region) throw new Error('Missing required environment variable AWS_REGION');
  const url = new URL(env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? `https://secretsmanager.${region}.amazonaws.com/`);
  const signer = new SignatureV4({ service: 'secretsmanager', region, credentials: envCredentials, sha256: Sha256 });
  const body = JSON.stringify({ SecretId: secretId });
  const answer = await withTransientRetry(
    async () => {
      const signed = await signer.sign(
        {
          method: 'POST',
          protocol: url.protocol,
          hostname: url.hostname,
          ...(url.port && { port: Number(url.port) }),
          path: url.pathname,
          query: {},
          headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
          body,
        },
        { signingDate: (options.now ?? (() => new Date()))() },
      );
      const a = await send(url, { ...(signed.headers as Record<string, string>), 'content-length': String(Buffer.byteLength(body)) }, body);
      if (a.status !== 200) throw errorOf(a);
      return a;
    },
    // a broken connection is a plain Error; an answer is retried when it is throttling or a server error
    (err) => !(err instanceof SecretsManagerError) || retryable(err),
    options.backoffMs,
  );
  return (JSON.parse(answer.body) as { SecretString?: string }).SecretString;
}
