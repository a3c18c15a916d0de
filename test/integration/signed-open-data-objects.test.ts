/** The open-data files with presigned requests, against s3rver: read, missing, and written once only. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type LocalS3 } from '../../local/services/s3';
import { S3OpenDataObjects } from '../../shared/adapters/s3/signed-open-data-objects';

const bucket = 'signed-open-data';
const region = 'ap-southeast-3';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const saved = { ...process.env };
let tmp: string;
let s3: LocalS3;
let client: S3Client;
let objects: S3OpenDataObjects;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'signed-open-data-'));
  s3 = await startS3({ directory: join(tmp, 's3'), buckets: [bucket] });
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
  });
  client = new S3Client({ endpoint: s3.endpoint, region, credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  objects = new S3OpenDataObjects(bucket);
});
afterAll(async () => {
  process.env = { ...saved };
  client?.destroy();
  await s3?.stop();
  rmSync(tmp, { recursive: true, force: true });
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
    const stored = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(stored.ContentType).toBe('text/csv; charset=utf-8');
    expect(await objects.putOnce(key, 'other', 'text/csv; charset=utf-8')).toBe(false);
    expect(await objects.get(key)).toBe(csv);
  });

  it('a missing bucket is an error, not an empty file', async () => {
    await expect(new S3OpenDataObjects('no-such-bucket').get('open-data/2026-10/reports.csv')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
