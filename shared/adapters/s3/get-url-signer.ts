/**
 * Presigned GET URLs for photo views, signed with Signature V4 directly. The public and staff views are the
 * hottest read paths; the full S3 client and its presigner would add about 130 KB to each of their bundles
 * for this one signature, which is all the presigner does. Upload grants sign their POST policy the same way
 * (./post-policy-signer.ts); only the processor and the open-data functions keep the S3 client.
 *
 * A URL signed with a Lambda role's temporary credentials stops working when they expire, even before
 * `expiresInSeconds`: one more reason to keep view URLs short-lived.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { ENV, optionalEnv, requireEnv } from '../../config/env';
import { VIEW_URL_SECONDS } from '../../photos/photo';
import type { UrlSigner } from '../../photos/views';
import { envCredentials } from '../aws/env-credentials';
import { Sha256 } from '../aws/node-sha256';

/** Where the bucket's objects live: the standard endpoint, or AWS_ENDPOINT_URL_S3 (path style) locally. */
function objectLocation(bucket: string, key: string, region: string): URL {
  const path = key.split('/').map(encodeURIComponent).join('/');
  const custom = process.env.AWS_ENDPOINT_URL_S3;
  if (custom && optionalEnv(ENV.s3ForcePathStyle, 'false') === 'true') return new URL(`${custom.replace(/\/$/, '')}/${bucket}/${path}`);
  return new URL(`https://${bucket}.s3.${region}.amazonaws.com/${path}`);
}

/** What S3 is asked to do with one object: the method and the `x-id` the SDK names the operation with. */
export type ObjectOperation =
  | { method: 'GET'; id: 'GetObject' }
  | { method: 'PUT'; id: 'PutObject' }
  | { method: 'DELETE'; id: 'DeleteObject' }
  // the SDK names no HeadObject in the query
  | { method: 'HEAD'; id?: undefined };

/**
 * Presigns one object operation as the SDK's presigner does for the same command (host the only signed header,
 * the payload unsigned): the URL is the whole credential, and headers sent with it (Content-Type, Cache-Control)
 * are stored as given.
 */
export function objectUrlSigner(bucket: string, now: () => Date = () => new Date()) {
  const region = requireEnv('AWS_REGION');
  const signer = new SignatureV4({ service: 's3', region, credentials: envCredentials, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  return async (op: ObjectOperation, key: string, expiresInSeconds: number): Promise<string> => {
    const url = objectLocation(bucket, key, region);
    const signed = await signer.presign(
      {
        method: op.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port && { port: Number(url.port) }),
        path: url.pathname,
        // the same request the SDK's presigner signs for the command, so S3 sees nothing unusual
        query: op.id ? { 'x-id': op.id } : {},
        headers: {
          host: url.host,
          'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
          ...(op.method === 'GET' && { 'x-amz-checksum-mode': 'ENABLED' }),
        },
      },
      { expiresIn: expiresInSeconds, signingDate: now() },
    );
    const query = new URLSearchParams(Object.entries(signed.query as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1))).toString();
    return `${url.origin}${url.pathname}?${query}`;
  };
}

export function presignedGetSigner(bucket: string, expiresInSeconds = VIEW_URL_SECONDS, now: () => Date = () => new Date()): UrlSigner {
  const sign = objectUrlSigner(bucket, now);
  return (key) => sign({ method: 'GET', id: 'GetObject' }, key, expiresInSeconds);
}
