/**
 * s3rver for the adapters that talk to S3 with presigned requests instead of the SDK client: one bucket in a
 * temporary folder, the environment the adapters sign with (as on Lambda), and an SDK client that sees what they
 * wrote. Registers its own beforeAll/afterAll; read `client` inside the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { startS3, type LocalS3 } from '../../local/services/s3';

export function useSignedS3(bucket: string): { readonly client: S3Client } {
  const region = 'ap-southeast-3';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const saved = { ...process.env };
  let tmp: string;
  let s3: LocalS3 | undefined;
  const state: { client?: S3Client } = {};

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), `${bucket}-`));
    s3 = await startS3({ directory: join(tmp, 's3'), buckets: [bucket] });
    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
    });
    state.client = new S3Client({ endpoint: s3.endpoint, region, credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  });
  afterAll(async () => {
    process.env = { ...saved };
    state.client?.destroy();
    await s3?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  return {
    get client() {
      if (!state.client) throw new Error('useSignedS3: the client exists only inside the tests');
      return state.client;
    },
  };
}
