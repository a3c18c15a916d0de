/** The open-data files with presigned requests, against s3rver: read, missing, and written once only. */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3OpenDataObjects } from '../../shared/adapters/s3/signed-open-data-objects';
import { useSignedS3 } from '../support/signed-s3';

const bucket = 'signed-open-data';
const s3 = useSignedS3(bucket);
let objects: S3OpenDataObjects;
beforeAll(() => {
  objects = new S3OpenDataObjects(bucket);
});

describe('signed open-data objects', () => {
  it('a file not yet written reads as undefined', async () => {
    expect(await objects.get('open-data/2026-09/reports.csv')).toBeUndefined();
  });

  it('writes a file once with its content type, reads it back as text, and never replaces it', async () => {
    const key = 'open-data/2026-10/reports.csv';
    const csv = '\ufeffid,kecamatan\r\n7KQ4-M9XP,Cikande\r\n';
    expect(await objects.putOnce(key, csv, 'text/csv; charset=utf-8')).toBe(true);
    expect(await objects.get(key)).toBe(csv);
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(stored.ContentType).toBe('text/csv; charset=utf-8');
    expect(await objects.putOnce(key, 'other', 'text/csv; charset=utf-8')).toBe(false);
    expect(await objects.get(key)).toBe(csv);
  });

  it('a missing bucket is an error, not an empty file', async () => {
    await expect(new S3OpenDataObjects('no-such-bucket').get('open-data/2026-10/reports.csv')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
