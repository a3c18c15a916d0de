/**
 * One S3 object request to a presigned URL (./get-url-signer.ts signs it as the SDK's presigner would), and S3's
 * error answer read as the SDK names it (the XML `Code`), for the adapters that do without the S3 client.
 */
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { withTransientRetry } from '../aws/transient-retry';

/** Long enough for one request, short enough that a URL in a log is useless soon after */
export const URL_SECONDS = 60;

export class S3RequestError extends Error {
  constructor(
    readonly operation: string,
    readonly statusCode: number,
    readonly code: string | undefined,
  ) {
    super(`S3 ${operation} answered ${statusCode}${code ? ` ${code}` : ''}`);
    this.name = code ?? `S3Http${statusCode}`;
  }
}

async function once(method: string, url: string, headers: Record<string, string>, body?: Buffer | string): Promise<IncomingMessage> {
  // plain HTTP only for a local S3 (AWS_ENDPOINT_URL_S3): a deployed function never loads it
  const request = url.startsWith('http:') ? (await import('node:http')).request : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, resolve);
    // a stalled connection fails the request rather than the whole invocation's time
    req.setTimeout(30_000, () => req.destroy(new Error(`S3 did not answer a ${method} within 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A 5xx answer, thrown so that it is tried again; the last one is handed to the caller as it came. */
class ServerAnswer extends Error {
  constructor(readonly res: IncomingMessage) {
    super(`S3 answered ${res.statusCode}`);
  }
}

/**
 * Sends one object request, retried as the SDK's standard retry would: a broken connection or a 5xx answer
 * (SlowDown included) is tried again, twice. Every operation here is idempotent (a GET, HEAD or DELETE, or a PUT
 * of the same bytes to the same key), so a retry never does a thing twice.
 */
export async function send(method: string, url: string, headers: Record<string, string>, body?: Buffer | string, backoffMs = 100): Promise<IncomingMessage> {
  let lastServerAnswer: IncomingMessage | undefined;
  try {
    return await withTransientRetry(
      async () => {
        lastServerAnswer?.resume(); // an answer not handed on is drained, so its connection is freed
        const res = await once(method, url, headers, body);
        if ((res.statusCode ?? 0) < 500) return res;
        lastServerAnswer = res;
        throw new ServerAnswer(res);
      },
      () => true,
      backoffMs,
    );
  } catch (err) {
    if (err instanceof ServerAnswer) return err.res;
    throw err;
  }
}

export async function text(res: IncomingMessage): Promise<string> {
  let out = '';
  res.setEncoding('utf8');
  for await (const chunk of res) out += chunk as string;
  return out;
}

export async function failure(operation: string, res: IncomingMessage): Promise<S3RequestError> {
  const code = /<Code>([^<]+)<\/Code>/.exec(await text(res))?.[1];
  return new S3RequestError(operation, res.statusCode ?? 0, code);
}

