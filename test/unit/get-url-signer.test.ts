/** The view signer must produce exactly what the SDK's S3 presigner produces for the same request and time. */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { objectUrlSigner, presignedGetSigner } from '../../shared/adapters/s3/get-url-signer';

const credentials = { accessKeyId: 'AKIAEXAMPLE123', secretAccessKey: 'secret/with+chars=', sessionToken: 'token/with+chars=' };
const at = new Date('2026-11-27T03:04:05Z');
const saved = { ...process.env };

beforeEach(() => {
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
  });
  delete process.env.AWS_ENDPOINT_URL_S3;
  delete process.env.S3_FORCE_PATH_STYLE;
});
afterEach(() => {
  process.env = { ...saved };
});

const signature = (url: string) => new URL(url).searchParams.get('X-Amz-Signature');
const params = (url: string) => Object.fromEntries([...new URL(url).searchParams].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('presigned GET URLs for views', () => {
  it('match the SDK presigner on AWS (virtual-hosted style)', async () => {
    const key = 'public/7KQ4-M9XP/0123456789abcdef0123.jpg';
    const ours = await presignedGetSigner('si-centang-photos', 900, () => at)(key);
    const client = new S3Client({ region: 'ap-southeast-3', credentials });
    const sdk = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'si-centang-photos', Key: key }), { expiresIn: 900, signingDate: at });
    expect(new URL(ours).origin + new URL(ours).pathname).toBe(new URL(sdk).origin + new URL(sdk).pathname);
    expect(signature(ours)).toBe(signature(sdk));
    expect(params(ours)).toEqual(params(sdk));
    expect(new URL(ours).searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
  });

  it('match the SDK presigner against a local endpoint (path style)', async () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4569';
    process.env.S3_FORCE_PATH_STYLE = 'true';
    const key = 'public/ABCD-2345/thumb with space.jpg';
    const ours = await presignedGetSigner('local-bucket', 300, () => at)(key);
    const client = new S3Client({ region: 'ap-southeast-3', credentials, endpoint: 'http://127.0.0.1:4569', forcePathStyle: true });
    const sdk = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'local-bucket', Key: key }), { expiresIn: 300, signingDate: at });
    expect(ours.split('?')[0]).toBe(sdk.split('?')[0]);
    expect(signature(ours)).toBe(signature(sdk));
  });
});

describe('presigned object requests of the photo processor', () => {
  // the processor's client settings: checksums only where S3 requires them, so a PUT signs no body checksum
  const client = () => new S3Client({ region: 'ap-southeast-3', credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });

  it('PUT matches the SDK presigner for PutObject with the rendition headers', async () => {
    const key = 'public/7KQ4-M9XP/0123456789abcdef0123.jpg';
    const ours = await objectUrlSigner('si-centang-photos', () => at)({ method: 'PUT', id: 'PutObject' }, key, 60);
    const sdk = await getSignedUrl(
      client(),
      new PutObjectCommand({ Bucket: 'si-centang-photos', Key: key, ContentType: 'image/jpeg', CacheControl: 'private, max-age=86400, immutable' }),
      { expiresIn: 60, signingDate: at },
    );
    expect(ours.split('?')[0]).toBe(sdk.split('?')[0]);
    expect(params(ours)).toEqual(params(sdk));
    expect(new URL(ours).searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });

  it('DELETE matches the SDK presigner for DeleteObject, on AWS and path style locally', async () => {
    const key = 'uploads/ABCD-2345/report/0123456789abcdef0123';
    const ours = await objectUrlSigner('si-centang-photos', () => at)({ method: 'DELETE', id: 'DeleteObject' }, key, 60);
    const sdk = await getSignedUrl(client(), new DeleteObjectCommand({ Bucket: 'si-centang-photos', Key: key }), { expiresIn: 60, signingDate: at });
    expect(ours).toBe(sdk.split('?')[0] + '?' + new URLSearchParams(Object.entries(params(sdk))).toString());
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:4569';
    process.env.S3_FORCE_PATH_STYLE = 'true';
    const local = await objectUrlSigner('local-bucket', () => at)({ method: 'DELETE', id: 'DeleteObject' }, key, 60);
    const localSdk = await getSignedUrl(
      new S3Client({ region: 'ap-southeast-3', credentials, endpoint: 'http://127.0.0.1:4569', forcePathStyle: true }),
      new DeleteObjectCommand({ Bucket: 'local-bucket', Key: key }),
      { expiresIn: 60, signingDate: at },
    );
    expect(local.split('?')[0]).toBe(localSdk.split('?')[0]);
    expect(params(local)).toEqual(params(localSdk));
  });

  it('HEAD matches the SDK presigner for HeadObject (no operation named in the query)', async () => {
    const key = 'open-data/2026-10/reports.csv';
    const ours = await objectUrlSigner('si-centang-photos', () => at)({ method: 'HEAD' }, key, 60);
    const sdk = await getSignedUrl(client(), new HeadObjectCommand({ Bucket: 'si-centang-photos', Key: key }), { expiresIn: 60, signingDate: at });
    expect(ours.split('?')[0]).toBe(sdk.split('?')[0]);
    expect(params(ours)).toEqual(params(sdk));
  });
});
