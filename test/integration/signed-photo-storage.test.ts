/**
 * The processor's object reads, writes and deletes with presigned requests, against s3rver: what the SDK client
 * then sees in the bucket, and the bounded read's outcomes (missing, too large by its stated length, ok).
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3PhotoStorage } from '../../shared/adapters/s3/signed-photo-storage';
import { useSignedS3 } from '../support/signed-s3';

const bucket = 'signed-storage';
const s3 = useSignedS3(bucket);
let storage: S3PhotoStorage;
beforeAll(() => {
  storage = new S3PhotoStorage(bucket);
});

describe('signed photo storage', () => {
  it('writes an object with its type and cache policy, as the SDK then reads it', async () => {
    const data = Buffer.from('rendition bytes \u00e9');
    await storage.write('public/ABCD-2345/rendition one.jpg', data, 'image/jpeg');
    const out = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'public/ABCD-2345/rendition one.jpg' }));
    expect(Buffer.from(await out.Body!.transformToByteArray())).toEqual(data);
    expect(out.ContentType).toBe('image/jpeg');
    expect(out.CacheControl).toBe('private, max-age=86400, immutable');
  });

  it('reads an upload with its metadata and ETag, as the SDK wrote it', async () => {
    const put = await s3.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'uploads/ABCD-2345/report/aaaa', Body: Buffer.from('jpeg!'), ContentType: 'image/jpeg', Metadata: { uploader: 'officer:o-9' } }),
    );
    const read = await storage.read('uploads/ABCD-2345/report/aaaa', 1024);
    expect(read).toEqual({ status: 'ok', bytes: Buffer.from('jpeg!'), metadata: { uploader: 'officer:o-9' }, etag: put.ETag });
  });

  it('does not read past the limit, and says how large the object is', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/ABCD-2345/report/big', Body: Buffer.alloc(2048, 1), Metadata: { uploader: 'citizen' } }));
    const read = await storage.read('uploads/ABCD-2345/report/big', 1024);
    expect(read).toMatchObject({ status: 'too-large', size: 2048, metadata: { uploader: 'citizen' } });
  });

  it('answers missing for a key that is not there', async () => {
    expect(await storage.read('uploads/ABCD-2345/report/none', 1024)).toEqual({ status: 'missing' });
  });

  it('deletes an object, and deleting it again is no error', async () => {
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/ABCD-2345/report/gone', Body: Buffer.from('x') }));
    await storage.delete('uploads/ABCD-2345/report/gone');
    await expect(s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'uploads/ABCD-2345/report/gone' }))).rejects.toMatchObject({ name: 'NotFound' });
    await storage.delete('uploads/ABCD-2345/report/gone');
  });

  it('throws with S3\u2019s status and code when the bucket refuses', async () => {
    const elsewhere = new S3PhotoStorage('no-such-bucket');
    await expect(elsewhere.write('public/x.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toMatchObject({ name: 'NoSuchBucket', statusCode: 404 });
    await expect(elsewhere.read('uploads/x', 1024)).rejects.toMatchObject({ name: 'NoSuchBucket', statusCode: 404 });
  });
});
