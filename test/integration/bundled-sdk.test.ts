/**
 * The function bundles stand in for parts of the SDK and of Node they do not use (the aliases in
 * infra/constructs/bundling-settings.ts: credentials from the environment, no event-stream codec, no endpoint
 * discovery, web streams on demand). Tests run the functions unbundled, so this one builds a bundle with those
 * settings and runs the SDK calls the functions make through it, against DynamoDB Local and s3rver.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { esbuildOptions, resolveSettings, ROOT } from '../../bench/esbuild-settings';
import { createTestTables, type TestTables } from '../support/dynamo';
import { useSignedS3 } from '../support/signed-s3';

const ENTRY = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export async function roundTrip({ dynamoEndpoint, table, s3Endpoint, bucket }) {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint }));
  await doc.send(new PutCommand({ TableName: table, Item: { pk: 'BUNDLE#1', sk: 'A', n: 1 } }));
  let refused;
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: 'BUNDLE#1', sk: 'A' }, ConditionExpression: 'attribute_not_exists(pk)' } }] }));
  } catch (err) {
    refused = { name: err.name, reasons: err.CancellationReasons?.map((r) => r.Code) };
  }
  const item = (await doc.send(new GetCommand({ TableName: table, Key: { pk: 'BUNDLE#1', sk: 'A' } }))).Item;
  const s3 = new S3Client({ endpoint: s3Endpoint, forcePathStyle: true });
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bundle.txt', Body: 'hello from a bundle' }));
  const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'bundle.txt' }))).Body.transformToString();
  return { item, refused, body };
}
`;

const BUCKET = 'bundled-sdk';
// s3rver and the environment the bundle's clients sign with, for the file
useSignedS3(BUCKET);
let tables: TestTables;
let dir: string;
let bundle: string;

beforeAll(async () => {
  tables = await createTestTables('bundled-sdk');
  dir = mkdtempSync(join(tmpdir(), 'bundled-sdk-'));
  writeFileSync(join(dir, 'entry.mjs'), ENTRY);
  bundle = join(dir, 'entry.bundle.mjs');
  const { settings } = await resolveSettings();
  await build({ ...esbuildOptions(settings, join(dir, 'entry.mjs'), bundle), nodePaths: [join(ROOT, 'node_modules')], sourcemap: false });
});

afterAll(() => {
  tables?.client.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('a bundle built with the functions’ settings', () => {
  it('reads and writes DynamoDB and S3, and gets DynamoDB’s refusals with their reasons', async () => {
    const { roundTrip } = (await import(pathToFileURL(bundle).href)) as { roundTrip: (c: Record<string, string>) => Promise<unknown> };
    const result = await roundTrip({ dynamoEndpoint: inject('dynamoEndpoint'), table: tables.main, s3Endpoint: process.env.AWS_ENDPOINT_URL_S3!, bucket: BUCKET });
    expect(result).toEqual({
      item: { pk: 'BUNDLE#1', sk: 'A', n: 1 },
      refused: { name: 'TransactionCanceledException', reasons: ['ConditionalCheckFailed'] },
      body: 'hello from a bundle',
    });
  });
});
