/** The POST grant signer must produce exactly what `@aws-sdk/s3-presigned-post` produces for the same input and time. */
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presignedPostSigner, type UploadGrantRequest } from '../../shared/adapters/s3/post-policy-signer';

const credentials = { accessKeyId: 'AKIAEXAMPLE123', secretAccessKey: 'secret/with+chars=', sessionToken: 'token/with+chars=' };
const region = 'ap-southeast-3';
const at = new Date('2026-11-27T03:04:05.678Z');
const saved = { ...process.env };

beforeEach(() => {
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
  });
  delete process.env.AWS_ENDPOINT_URL_S3;
  delete process.env.S3_FORCE_PATH_STYLE;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at);
});
afterEach(() => {
  vi.useRealTimers();
  process.env = { ...saved };
});

const grant: UploadGrantRequest = {
  key: 'uploads/7KQ4-M9XP/report/0123456789abcdef0123',
  contentType: 'image/jpeg',
  maxBytes: 10 * 1024 * 1024,
  expiresInSeconds: 600,
  metadata: { uploader: 'officer:o-9' },
};

/** The call S3PhotoStorage made with the SDK before the grants signed their own policy. */
async function sdkPost(client: S3Client, bucket: string, request: UploadGrantRequest) {
  const meta = Object.fromEntries(Object.entries(request.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k}`, v]));
  return createPresignedPost(client, {
    Bucket: bucket,
    Key: request.key,
    Conditions: [
      ['content-length-range', 1, request.maxBytes],
      ['eq', '$Content-Type', request.contentType],
      ...Object.entries(meta).map(([k, v]) => ['eq', `$${k}`, v] as ['eq', string, string]),
    ],
    Fields: { 'Content-Type': request.contentType, ...meta },
    Expires: request.expiresInSeconds,
  });
}

const policyOf = (fields: Record<string, string>) => JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };

describe('presigned POST grants', () => {
  it('match the SDK field for field on AWS (virtual-hosted style), session token included', async () => {
    const ours = await presignedPostSigner('si-centang-photos')(grant);
    const sdk = await sdkPost(new S3Client({ region, credentials }), 'si-centang-photos', grant);
    expect(ours.url).toBe(sdk.url);
    expect(Object.keys(ours.fields)).toEqual(Object.keys(sdk.fields));
    expect(ours.fields).toEqual(sdk.fields);
    expect(ours.fields['X-Amz-Security-Token']).toBe(credentials.sessionToken);
    expect(policyOf(ours.fields).expiration).toBe('2026-11-27T03:14:05Z');
  });

  it('match the SDK without a session token and without metadata', async () => {
    delete process.env.AWS_SESSION_TOKEN;
    const plain = { ...grant, contentType: 'image/png', metadata: undefined };
    const ours = await presignedPostSigner('si-centang-photos')(plain);
    const { sessionToken: _none, ...longTerm } = credentials;
    const sdk = await sdkPost(new S3Client({ region, credentials: longTerm }), 'si-centang-photos', plain);
    expect(ours).toEqual(sdk);
    expect(ours.fields).not.toHaveProperty('X-Amz-Security-Token');
  });

  it('match the SDK against a local endpoint (path style)', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4569';
    process.env.S3_FORCE_PATH_STYLE = 'true';
    const ours = await presignedPostSigner('local-bucket')(grant);
    const sdk = await sdkPost(new S3Client({ region, credentials, endpoint: 'http://127.0.0.1:4569', forcePathStyle: true }), 'local-bucket', grant);
    expect(ours).toEqual(sdk);
  });

  it('address a bucket whose name has a dot by path, as the SDK does', async () => {
    const ours = await presignedPostSigner('photos.si-centang.example')(grant);
    const sdk = await sdkPost(new S3Client({ region, credentials }), 'photos.si-centang.example', grant);
    expect(ours).toEqual(sdk);
  });

  it('pin the key, type, uploader and size in the signed policy, expiring with the grant', async () => {
    const ours = await presignedPostSigner('si-centang-photos', { now: () => at })(grant);
    const policy = policyOf(ours.fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, grant.maxBytes],
        ['eq', '$Content-Type', 'image/jpeg'],
        ['eq', '$x-amz-meta-uploader', 'officer:o-9'],
        { key: grant.key },
        { bucket: 'si-centang-photos' },
      ]),
    );
    // a different secret gives a different signature: the signature depends on the key, not only on the policy
    const other = await presignedPostSigner('si-centang-photos', {
      now: () => at,
      credentials: async () => ({ ...credentials, secretAccessKey: 'another-secret' }),
    })(grant);
    expect(other.fields.Policy).toBe(ours.fields.Policy);
    expect(other.fields['X-Amz-Signature']).not.toBe(ours.fields['X-Amz-Signature']);
    expect(ours.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });
});
