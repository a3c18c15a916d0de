/**
 * Presigned POST grants for photo uploads, signed here rather than with `@aws-sdk/s3-presigned-post`: that package
 * needs a whole S3 client (about 130 KB of every grant function's bundle) only to read its region and credentials
 * and to resolve the bucket's URL, while the grant itself is a policy document signed with the Signature V4 key.
 * The fields, the policy bytes and the signature are the ones the SDK produces for the same input and time
 * (test/unit/post-policy-signer.test.ts holds them side by side), so S3 sees nothing unusual.
 *
 * Presigned POST rather than a presigned PUT: only a POST policy can bound the size (content-length-range) and pin
 * the key, the Content-Type and the uploader metadata in one signature that S3 itself enforces before storing
 * anything. s3rver enforces none of it, so the processor checks size and type again on every upload, on AWS too.
 */
import { createScope, getSigningKey } from '@smithy/signature-v4';
import { ENV, optionalEnv, requireEnv } from '../../config/env';
import { envCredentials } from '../aws/env-credentials';
import { Sha256 } from '../aws/node-sha256';

export interface UploadGrantRequest {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
  /** stored as x-amz-meta-* on the object, pinned by the policy */
  metadata?: Record<string, string>;
}

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/** A policy condition, as S3 documents them: an exact field `{name: value}`, or an operator array. */
type Condition = Record<string, string> | ['eq' | 'starts-with', string, string] | ['content-length-range', number, number];

/** Signature V4 timestamps, second precision: `2026-11-27T03:04:05Z` and `20261127T030405Z`. */
const iso8601 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The URL a POST upload goes to: the bucket's virtual-hosted endpoint on AWS, or the path-style endpoint locally
 * (AWS_ENDPOINT_URL_S3 with S3_FORCE_PATH_STYLE=true, as the S3 client is configured there). A bucket name that is
 * no DNS label (dots break the TLS certificate) is addressed by path, as the SDK's endpoint rules do.
 */
export function uploadUrl(bucket: string, region: string): string {
  const custom = process.env.AWS_ENDPOINT_URL_S3;
  if (custom && optionalEnv(ENV.s3ForcePathStyle, 'false') === 'true') return `${custom.replace(/\/$/, '')}/${bucket}`;
  if (/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) return `https://${bucket}.s3.${region}.amazonaws.com/`;
  return `https://s3.${region}.amazonaws.com/${bucket}`;
}

/** Where the signing key comes from: the function's own role (environment) on Lambda and locally. */
type Credentials = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

export type UploadSigner = (request: UploadGrantRequest) => Promise<PresignedPost>;

export function presignedPostSigner(
  bucket: string,
  options: { now?: () => Date; credentials?: Credentials; region?: string } = {},
): UploadSigner {
  const region = options.region ?? requireEnv('AWS_REGION');
  const credentialsOf = options.credentials ?? envCredentials;
  const now = options.now ?? (() => new Date());
  return async (request) => {
    const at = now();
    const signingDate = iso8601(at).replace(/[-:]/g, '');
    const shortDate = signingDate.slice(0, 8);
    const credentials = await credentialsOf();
    const meta = Object.fromEntries(Object.entries(request.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k}`, v]));
    // field order is the SDK's: ours, then the bucket and the x-amz-* signing fields; key, Policy and signature last
    const fields: Record<string, string> = {
      'Content-Type': request.contentType,
      ...meta,
      bucket,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${credentials.accessKeyId}/${createScope(shortDate, region, 's3')}`,
      'X-Amz-Date': signingDate,
      ...(credentials.sessionToken && { 'X-Amz-Security-Token': credentials.sessionToken }),
    };
    const conditions: Condition[] = [
      ['content-length-range', 1, request.maxBytes],
      ['eq', '$Content-Type', request.contentType],
      ...Object.entries(meta).map(([k, v]): Condition => ['eq', `$${k}`, v]),
      // every field sent must be named by the policy, or S3 refuses the upload
      ...Object.entries(fields).map(([k, v]) => ({ [k]: v })),
      { key: request.key },
    ];
    const policy = Buffer.from(JSON.stringify({ expiration: iso8601(new Date(at.getTime() + request.expiresInSeconds * 1000)), conditions })).toString('base64');
    const signingKey = await getSigningKey(Sha256, credentials, shortDate, region, 's3');
    const hmac = new Sha256(signingKey);
    hmac.update(policy);
    const signature = Buffer.from(await hmac.digest()).toString('hex');
    return { url: uploadUrl(bucket, region), fields: { ...fields, key: request.key, Policy: policy, 'X-Amz-Signature': signature } };
  };
}
