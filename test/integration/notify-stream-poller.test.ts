/**
 * The local event source mapping on DynamoDB Local's stream: Lambda's event shape, the filter, partial batch
 * response, bisect, bounded retries, the on-failure destination, checkpoints across restarts, and a clean stop.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { jsonLinesFailureDestination, readFailureFile, startStreamPoller, type StreamPoller, type StreamPollerOptions } from '../../local/stream-poller';
import { NOTIFY_STREAM_FILTER } from '../../shared/notify/stream-filter';
import { createTestTables, type TestTables } from '../support/dynamo';

let tmp: string;
const pollers: StreamPoller[] = [];
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'si-centang-poller-'));
});
afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function until<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const outboxEvent = (id: string, extra: Record<string, unknown> = {}) => ({
  pk: `R#${id}`, sk: 'E#000001', entity: 'event', reportId: id, seq: 1, type: 'created', to: 'received', notify: true, ...extra,
});
const idOf = (r: DynamoDBRecord) => r.dynamodb?.NewImage?.reportId?.S;

async function start(tables: TestTables, opts: Partial<StreamPollerOptions> & Pick<StreamPollerOptions, 'handler'>) {
  const poller = await startStreamPoller({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: tables.main,
    filter: NOTIFY_STREAM_FILTER,
    retryDelayMs: () => 20,
    pollIntervalMs: 100,
    log: () => undefined,
    ...opts,
  });
  pollers.push(poller);
  return poller;
}

async function writeAll(tables: TestTables, items: Record<string, unknown>[]) {
  await tables.doc.send(new BatchWriteCommand({ RequestItems: { [tables.main]: items.map((Item) => ({ PutRequest: { Item } })) } }));
}

describe('stream poller: what the handler receives', () => {
  it('invokes with Lambda\'s DynamoDBStreamEvent shape, only for records the filter lets through', async () => {
    const tables = await createTestTables('poller-shape');
    const events: DynamoDBStreamEvent[] = [];
    const poller = await start(tables, { handler: async (e) => void events.push(e), region: 'ap-southeast-3' });

    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: { pk: 'R#X', sk: 'D#000001#X', entity: 'delivery', notify: true } }));
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('SHAPE-1', { notify: false }) }));
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('SHAPE-2', { blob: new Uint8Array([1, 2, 3]), data: { unit: 'bina-marga', n: 2 } }) }));

    await until(() => events.length > 0);
    await poller.drained();
    expect(events.flatMap((e) => e.Records).map(idOf)).toEqual(['SHAPE-2']);
    const record = events[0]!.Records[0]!;
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-southeast-3',
      eventSourceARN: poller.streamArn,
      dynamodb: {
        Keys: { pk: { S: 'R#SHAPE-2' }, sk: { S: 'E#000001' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(typeof record.eventID).toBe('string');
    expect(typeof record.dynamodb!.ApproximateCreationDateTime).toBe('number');
    expect(record.dynamodb!.SequenceNumber).toMatch(/^\d+$/);
    expect(record.dynamodb!.SizeBytes).toBeGreaterThan(0);
    expect(record.dynamodb!.NewImage).toMatchObject({
      notify: { BOOL: true },
      seq: { N: '1' },
      blob: { B: Buffer.from([1, 2, 3]).toString('base64') },
      data: { M: { unit: { S: 'bina-marga' }, n: { N: '2' } } },
    });
    expect(poller.streamArn).toMatch(/^arn:aws:dynamodb:.*:table\/.*-main\/stream\//);
  });

  it('hands the handler a context with the remaining time of its timeout', async () => {
    const tables = await createTestTables('poller-context');
    const remaining: number[] = [];
    await start(tables, { timeoutMs: 30_000, handler: async (_e, context) => void remaining.push(context.getRemainingTimeInMillis()) });
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('CTX-1') }));
    await until(() => remaining.length > 0);
    expect(remaining[0]).toBeGreaterThan(29_000);
    expect(remaining[0]).toBeLessThanOrEqual(30_000);
  });
});

describe('stream poller: failures, like a Lambda event source mapping', () => {
  it('retries from the lowest failed record of a partial batch response', async () => {
    const tables = await createTestTables('poller-partial');
    await writeAll(tables, ['P-1', 'P-2', 'P-3'].map((id) => outboxEvent(id)));
    const batches: string[][] = [];
    let failedOnce = false;
    // with a data dir and no checkpoint the poller starts at TRIM_HORIZON: all three come in one batch
    const poller = await start(tables, {
      dataDir: join(tmp, 'partial'),
      handler: async (e): Promise<DynamoDBBatchResponse> => {
        batches.push(e.Records.map((r) => idOf(r)!));
        const second = e.Records.find((r) => idOf(r) === 'P-2')!;
        if (!failedOnce) {
          failedOnce = true;
          return { batchItemFailures: [{ itemIdentifier: second.dynamodb!.SequenceNumber! }] };
        }
        return { batchItemFailures: [] };
      },
    });
    await until(() => batches.length >= 2);
    await poller.drained();
    expect(batches).toEqual([['P-1', 'P-2', 'P-3'], ['P-2', 'P-3']]);
    expect(poller.failures()).toEqual([]);
  });

  it('bisects a failing batch, retries a bounded number of times, then hands the culprit to onFailure', async () => {
    const tables = await createTestTables('poller-bisect');
    await writeAll(tables, ['B-1', 'B-2', 'B-3', 'B-4'].map((id) => outboxEvent(id)));
    const batches: string[][] = [];
    const file = join(tmp, 'bisect', 'failed-sms.jsonl');
    const poller = await start(tables, {
      dataDir: join(tmp, 'bisect'),
      maxRetries: 2,
      onFailure: jsonLinesFailureDestination(file),
      handler: async (e) => {
        const ids = e.Records.map((r) => idOf(r)!);
        batches.push(ids);
        if (ids.includes('B-3')) throw new Error('poison');
      },
    });
    await until(() => poller.failures().length > 0 && batches.at(-1)?.includes('B-4') && batches.at(-1)!.length === 1);
    await poller.drained();
    expect(batches).toEqual([['B-1', 'B-2', 'B-3', 'B-4'], ['B-1', 'B-2'], ['B-3', 'B-4'], ['B-3'], ['B-3'], ['B-3'], ['B-4']]);

    const [failure] = poller.failures();
    expect(poller.failures()).toHaveLength(1);
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: { batchSize: 1, streamArn: poller.streamArn },
      error: 'Error: poison',
    });
    expect(failure!.DDBStreamBatchInfo.startSequenceNumber).toBe(failure!.records[0]!.dynamodb!.SequenceNumber);
    expect(failure!.records.map(idOf)).toEqual(['B-3']);
    expect(readFailureFile(file).map((f) => f.records.map(idOf))).toEqual([['B-3']]);
  });

  it('without bisect, retries the whole batch and parks it whole', async () => {
    const tables = await createTestTables('poller-nobisect');
    await writeAll(tables, ['N-1', 'N-2'].map((id) => outboxEvent(id)));
    let calls = 0;
    const poller = await start(tables, {
      dataDir: join(tmp, 'nobisect'),
      bisectOnError: false,
      maxRetries: 1,
      handler: async () => {
        calls++;
        throw new Error('down');
      },
    });
    await until(() => poller.failures().length > 0);
    expect(calls).toBe(2);
    expect(poller.failures()[0]!.records.map(idOf)).toEqual(['N-1', 'N-2']);
  });

  it('treats an unknown item identifier and a timeout as failures of the whole invocation', async () => {
    const tables = await createTestTables('poller-invalid');
    await writeAll(tables, [outboxEvent('I-1')]);
    let calls = 0;
    const poller = await start(tables, {
      dataDir: join(tmp, 'invalid'),
      maxRetries: 1,
      timeoutMs: 200,
      handler: async () => {
        calls++;
        if (calls === 1) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
        return new Promise<never>(() => undefined); // never answers: the timeout fails it
      },
    });
    await until(() => poller.failures().length > 0);
    expect(calls).toBe(2);
    expect(poller.failures()[0]!.error).toMatch(/timed out/);
  });

  it('parks records older than the maximum record age without invoking', async () => {
    const tables = await createTestTables('poller-age');
    await writeAll(tables, [outboxEvent('AGE-1')]);
    let calls = 0;
    const poller = await start(tables, { dataDir: join(tmp, 'age'), maxRecordAgeSeconds: 0, handler: async () => void calls++ });
    await until(() => poller.failures().length > 0);
    expect(calls).toBe(0);
    expect(poller.failures()[0]!.requestContext.condition).toBe('RecordAgeExceeded');
  });
});

describe('stream poller: where it starts and stops', () => {
  it('in memory, starts at the end of the stream: what was written before start is not delivered', async () => {
    const tables = await createTestTables('poller-latest');
    await writeAll(tables, [outboxEvent('OLD-1')]);
    const seen: string[] = [];
    const poller = await start(tables, { handler: async (e) => void seen.push(...e.Records.map((r) => idOf(r)!)) });
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('NEW-1') }));
    await until(() => seen.length > 0);
    await poller.drained();
    expect(seen).toEqual(['NEW-1']);
  });

  it('with a data dir, resumes after its checkpoint: nothing lost while stopped, nothing replayed', async () => {
    const tables = await createTestTables('poller-checkpoint');
    const dataDir = join(tmp, 'checkpoint');
    const seen: string[] = [];
    const handler = async (e: DynamoDBStreamEvent) => void seen.push(...e.Records.map((r) => idOf(r)!));

    const first = await start(tables, { dataDir, handler });
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('C-1') }));
    await until(() => seen.includes('C-1'));
    await first.stop();

    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('C-2') }));
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: { pk: 'R#C-3', sk: 'R', entity: 'report' } }));

    const second = await start(tables, { dataDir, handler });
    await until(() => seen.includes('C-2'));
    await second.drained();
    expect(seen).toEqual(['C-1', 'C-2']);

    const checkpoint = JSON.parse(readFileSync(join(dataDir, `stream-checkpoint-${tables.main}.json`), 'utf8'));
    expect(checkpoint.streamArn).toBe(second.streamArn);
    const positions = Object.values(checkpoint.shards) as Array<{ lastSeq?: string }>;
    expect(positions.some((p) => p.lastSeq !== undefined)).toBe(true);
  });

  it('stops cleanly, even in the middle of a retry backoff', async () => {
    const tables = await createTestTables('poller-stop');
    let calls = 0;
    const poller = await start(tables, {
      retryDelayMs: () => 60_000,
      handler: async () => {
        calls++;
        throw new Error('down');
      },
    });
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('S-1') }));
    await until(() => calls > 0);
    const t0 = Date.now();
    await poller.stop();
    expect(Date.now() - t0).toBeLessThan(2_000);
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: outboxEvent('S-2') }));
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(1);
  });

  it('refuses a table without a stream', async () => {
    const tables = await createTestTables('poller-nostream');
    await expect(
      startStreamPoller({ dynamoEndpoint: inject('dynamoEndpoint'), tableName: tables.idempotency, handler: async () => undefined }),
    ).rejects.toThrow(/no stream/);
  });
});
