/**
 * The local stand-ins, each against the real AWS SDK client that the functions use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { createBucket, createTables, tableDescriptionFor } from '../../local/bootstrap';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/services/dynamodb-local';
import { startS3, type LocalS3, type S3ObjectCreated } from '../../local/services/s3';
import { createSmsSink, type SmsSink } from '../../local/services/sms-sink';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../../shared/table/definition';
import { createTestTables } from '../support/dynamo';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'ap-southeast-3';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'si-centang-local-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('tableDescriptionFor', () => {
  it('declares each key attribute once, as a string, and every index with a lean projection (no ALL, no contact data)', () => {
    const input = tableDescriptionFor(MAIN_TABLE, 'reports');
    const names = input.AttributeDefinitions!.map((a) => a.AttributeName);
    expect(new Set(names).size).toBe(names.length);
    expect(input.AttributeDefinitions!.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(input.GlobalSecondaryIndexes).toHaveLength(MAIN_TABLE.indexes.length);
    expect(input.GlobalSecondaryIndexes!.every((i) => i.Projection?.ProjectionType !== 'ALL')).toBe(true);
    const projected = input.GlobalSecondaryIndexes!.flatMap((i) => i.Projection?.NonKeyAttributes ?? []);
    // DynamoDB's limit on INCLUDE attributes over all of a table's indexes
    expect(projected.length).toBeLessThanOrEqual(100);
    for (const personal of ['reporter', 'phone', 'name', 'email', 'reporterKey', 'description']) expect(projected).not.toContain(personal);
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });

    const idempotency = tableDescriptionFor(IDEMPOTENCY_TABLE, 'idem');
    expect(idempotency.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(idempotency).not.toHaveProperty('GlobalSecondaryIndexes');
    expect(idempotency).not.toHaveProperty('StreamSpecification');
  });
});

describe('DynamoDB Local, in memory, with the bootstrap tables', () => {
  let dynamo: DynamoDbLocal;
  let client: DynamoDBClient;
  const names = { main: 'Reports', idempotency: 'Idempotency' };

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal({});
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
    await createTables(client, names);
  });
  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  it('has the main table with its 12 GSIs and a NEW_AND_OLD_IMAGES stream', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: names.main }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      MAIN_TABLE.indexes.map((i) => i.name).sort(),
    );
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toBeTruthy();
  });

  it('has TTL on both tables', async () => {
    for (const [table, attribute] of [
      [names.main, 'expiresAt'],
      [names.idempotency, 'expiration'],
    ] as const) {
      const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: attribute });
    }
  });

  it('creates tables idempotently', async () => {
    await createTables(client, names);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining([names.main, names.idempotency]));
  });

  it('is gone after stop()', async () => {
    const other = await startDynamoDbLocal({});
    await other.stop();
    const probe = new DynamoDBClient({ endpoint: other.endpoint, region, credentials, maxAttempts: 1 });
    await expect(probe.send(new ListTablesCommand({}))).rejects.toThrow();
    probe.destroy();
  });
});

describe('DynamoDB Local with a data directory', () => {
  it('keeps tables across a restart', async () => {
    const dataDir = join(tmp, 'dynamodb');
    const names = { main: 'Reports', idempotency: 'Idempotency' };

    const first = await startDynamoDbLocal({ dataDir });
    const c1 = new DynamoDBClient({ endpoint: first.endpoint, region, credentials });
    await createTables(c1, names);
    c1.destroy();
    await first.stop();

    const second = await startDynamoDbLocal({ dataDir });
    // a different key and region: -sharedDb serves everyone the same tables. (DynamoDB Local >= 1.23
    // rejects key ids that are not letters and digits only, e.g. `someone-else`, as UnrecognizedClient.)
    const c2 = new DynamoDBClient({
      endpoint: second.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'someoneElse', secretAccessKey: 'x' },
    });
    try {
      await createTables(c2, names); // again, on the persisted file: must not fail
      const { TableNames } = await c2.send(new ListTablesCommand({}));
      expect(TableNames).toEqual(expect.arrayContaining([names.main, names.idempotency]));
    } finally {
      c2.destroy();
      await second.stop();
    }
    // two JVM starts and a disk-backed table with 13 indexes: near 30 s on a busy 2-core machine
  }, 90_000);
});

describe('test support: the run-wide DynamoDB Local', () => {
  it('is provided to test files and makes unique tables there', async () => {
    expect(inject('dynamoEndpoint')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.TEST_DYNAMODB_ENDPOINT).toBe(inject('dynamoEndpoint'));

    const a = await createTestTables('local-services');
    const b = await createTestTables('local-services');
    expect(a.main).not.toBe(b.main);

    await a.doc.send(new PutCommand({ TableName: a.main, Item: { pk: 'R#1', sk: 'R', title: 'Jalan rusak' } }));
    const { Item } = await a.doc.send(new GetCommand({ TableName: a.main, Key: { pk: 'R#1', sk: 'R' } }));
    expect(Item?.title).toBe('Jalan rusak');
    const other = await b.doc.send(new GetCommand({ TableName: b.main, Key: { pk: 'R#1', sk: 'R' } }));
    expect(other.Item).toBeUndefined();
    a.client.destroy();
    b.client.destroy();
  });
});

describe('s3rver', () => {
  const bucket = 'si-centang-photos';
  let s3: LocalS3;
  let client: S3Client;
  const created: S3ObjectCreated[] = [];

  beforeAll(async () => {
    s3 = await startS3({ directory: join(tmp, 's3'), buckets: [bucket] });
    s3.onObjectCreated((e) => created.push(e));
    client = new S3Client({
      endpoint: s3.endpoint,
      region,
      // any key id: startS3 lets s3rver accept more than its built-in S3RVER
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
  });

  it('round-trips PutObject and GetObject and reports the object as created', async () => {
    const key = 'uploads/SC-123/foto jalan.jpg';
    const put = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'not really a jpeg', ContentType: 'image/jpeg' }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await got.Body?.transformToString()).toBe('not really a jpeg');
    expect(got.ContentType).toBe('image/jpeg');

    await expect.poll(() => created.find((e) => e.key === key)).toEqual({
      bucket,
      key,
      size: 17,
      eTag: put.ETag?.replaceAll('"', ''),
    });
  });

  it('stores a streamed body as sent (needs checksums WHEN_REQUIRED)', async () => {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'stream.txt', Body: Readable.from([Buffer.from('hello')]), ContentLength: 5 }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'stream.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
  });

  it('creates buckets idempotently', async () => {
    await createBucket(client, 'si-centang-other');
    await createBucket(client, 'si-centang-other');
    await createBucket(client, bucket);
  });
});

describe('SMS sink behind the real SNS client', () => {
  let server: Server;
  let sink: SmsSink;
  let sns: SNSClient;
  const logLines: string[] = [];
  const outboxFile = () => join(tmp, 'sms', 'outbox.jsonl');

  beforeAll(async () => {
    sink = createSmsSink({ outboxFile: outboxFile(), log: (line) => logLines.push(line) });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => sink.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sns = new SNSClient({ endpoint: `http://127.0.0.1:${port}`, region, credentials });
  });
  afterAll(async () => {
    sns?.destroy();
    await new Promise((resolve) => server?.close(resolve));
  });

  const publish = (message: string) =>
    sns.send(
      new PublishCommand({
        PhoneNumber: '+6281234567890',
        Message: message,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );

  it('records a Publish with the full number in the outbox and only the masked one in the log', async () => {
    sink.clear();
    logLines.length = 0;
    const result = await publish('Laporan SC-123 diterima & "diproses" +1');

    expect(sink.outbox()).toEqual([
      {
        phoneNumber: '+6281234567890',
        message: 'Laporan SC-123 diterima & "diproses" +1',
        attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional' },
        messageId: result.MessageId,
        sentAt: expect.any(String),
      },
    ]);
    expect(logLines).toEqual(['[sms] +62812****7890 ← "Laporan SC-123 diterima & \\"diproses\\" +1"']);
    expect(logLines.join('\n')).not.toContain('81234567890');
  });

  it('failNext(2): the SDK retries past both failures and delivers exactly one message', async () => {
    sink.clear();
    sink.failNext(2);
    const result = await publish('retry me');
    expect(result.$metadata.attempts).toBe(3);
    expect(sink.outbox().map((m) => m.message)).toEqual(['retry me']);
  });

  it('failNext(3): the SDK gives up after its 3 attempts and throws InternalError', async () => {
    sink.clear();
    sink.failNext(3);
    const error = await publish('lost').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InternalErrorException', $fault: 'server', $metadata: { attempts: 3 } });
    expect(sink.outbox()).toEqual([]);
  });

  it('failAlways(number): Publish to that number throws at once, without retries', async () => {
    sink.clear();
    sink.failAlways('+6281234567890');
    try {
      const error = await publish('never').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InvalidParameterException', $fault: 'client', $metadata: { attempts: 1 } });
      expect(sink.outbox()).toEqual([]);
    } finally {
      sink.failAlways(null);
    }
    await publish('works again');
    expect(sink.outbox()).toHaveLength(1);
  });

  it('keeps the outbox in its file across a restart', async () => {
    sink.clear();
    await publish('first');
    await publish('second');
    const restarted = createSmsSink({ outboxFile: outboxFile(), log: () => {} });
    expect(restarted.outbox().map((m) => m.message)).toEqual(['first', 'second']);
  });
});
