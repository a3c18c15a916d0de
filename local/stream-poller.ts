/**
 * The local stand-in for a Lambda event source mapping on a DynamoDB stream: reads DynamoDB Local's stream and
 * invokes a handler with the exact DynamoDBStreamEvent Lambda would send, applying the same event filter, and
 * treating the answer the way Lambda does:
 *
 * - records that do not match `filter` are dropped (and counted as processed), like Lambda event filtering;
 * - `{ batchItemFailures }` (ReportBatchItemFailures): everything before the lowest failed sequence number is done,
 *   the rest is retried; an identifier that is empty or not in the batch fails the whole batch;
 * - a thrown error (function error, or a timeout): with `bisectOnError` the batch is split in two and each half
 *   retried (splitting does not count as a retry); a single record is retried;
 * - at most `maxRetries` retries (MaximumRetryAttempts) with backoff, and records older than `maxRecordAgeSeconds`
 *   (MaximumRecordAgeInSeconds) are not sent at all; either way the records go to `onFailure`, the local on-failure
 *   destination, with the same batch info Lambda sends to SQS plus the records themselves.
 *
 * Shards are read in order (a child only after its parent is finished), new shards are found while running. Where
 * to start: with a `dataDir`, the last processed sequence number per shard is kept in a checkpoint file, so a restart
 * resumes AFTER_SEQUENCE_NUMBER and neither loses what was written while stopped nor replays what was done; shards
 * with no checkpoint start at TRIM_HORIZON. Without a `dataDir` (tests), shards that exist at start begin at LATEST,
 * pinned before `startStreamPoller` resolves, and shards that appear later at TRIM_HORIZON.
 */
import { lambdaContext } from './http-adapter';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type AttributeValue as SdkAttributeValue,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesFilter, type FilterPattern } from '../shared/notify/stream-filter';
import type { StreamHandler } from '../shared/notify/stream-handler';

export type { StreamHandler };

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** What Lambda sends to an on-failure destination for a stream, plus (locally only) the records and last error. */
export interface StreamFailure {
  requestContext: { requestId: string; functionArn: string; condition: FailureCondition; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  records: DynamoDBRecord[];
  error?: string;
}

export interface StreamPollerOptions {
  dynamoEndpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Lambda event-filter pattern (shared/notify/stream-filter.ts); none passes everything */
  filter?: FilterPattern;
  /** BatchSize; default 10 */
  batchSize?: number;
  /** MaximumRetryAttempts; default 3 */
  maxRetries?: number;
  /** BisectBatchOnFunctionError; default true */
  bisectOnError?: boolean;
  /** MaximumRecordAgeInSeconds; default none */
  maxRecordAgeSeconds?: number;
  /** delay before retry n (0-based); default 200 ms doubling, at most 2 s */
  retryDelayMs?: (retry: number) => number;
  /** GetRecords interval; default 250 ms */
  pollIntervalMs?: number;
  /** the function timeout the handler sees in its context; an invocation running longer counts as failed */
  timeoutMs?: number;
  functionName?: string;
  /** awsRegion in the records (DynamoDB Local says "ddblocal"); default AWS_REGION or ap-southeast-3 */
  region?: string;
  /** folder for the checkpoint file; none keeps positions in memory */
  dataDir?: string;
  /** the on-failure destination; the poller also keeps failures in memory (`failures()`) */
  onFailure?: (failure: StreamFailure) => void | Promise<void>;
  log?: (line: string) => void;
}

export interface StreamPoller {
  streamArn: string;
  /** every failure handed to onFailure since start */
  failures(): StreamFailure[];
  /** resolves after the next complete pass over all shards that found nothing new (the poller has caught up) */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

interface ShardState {
  id: string;
  parentId?: string;
  iterator?: string;
  /** last sequence number fully handled (processed, filtered out or handed to onFailure) */
  lastSeq?: string;
  start: 'LATEST' | 'TRIM_HORIZON';
  done: boolean;
}

interface Checkpoint {
  streamArn: string;
  shards: Record<string, { lastSeq?: string; done?: boolean }>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const SHARD_REFRESH_MS = 1_000;
const MAX_READS_PER_SHARD_PER_PASS = 20;

class Stopped extends Error {}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const batchSize = options.batchSize ?? 10;
  const maxRetries = options.maxRetries ?? 3;
  const bisect = options.bisectOnError ?? true;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retryDelay = options.retryDelayMs ?? ((n: number) => Math.min(200 * 2 ** n, 2_000));
  const functionName = options.functionName ?? 'notify-citizen';
  const region = options.region ?? process.env.AWS_REGION ?? 'ap-southeast-3';
  const functionArn = `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
  const log = options.log ?? ((line: string) => console.log(line));
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');

  const clientConfig = { endpoint: options.dynamoEndpoint, region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);

  const table = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamo.destroy();
  const latestArn = table.Table?.LatestStreamArn;
  if (!latestArn || table.Table?.StreamSpecification?.StreamEnabled !== true) {
    streams.destroy();
    throw new Error(`Table ${options.tableName} has no stream enabled`);
  }
  const streamArn: string = latestArn;

  const checkpointFile = options.dataDir ? join(options.dataDir, `stream-checkpoint-${options.tableName}.json`) : undefined;
  const saved = checkpointFile ? loadCheckpoint(checkpointFile, streamArn) : undefined;
  const shards = new Map<string, ShardState>();
  const failures: StreamFailure[] = [];
  let stopping = false;
  let wake: (() => void) | undefined;
  let drainWaiters: Array<() => void> = [];
  let lastRefresh = 0;

  function saveCheckpoint() {
    if (!checkpointFile) return;
    const data: Checkpoint = { streamArn, shards: {} };
    for (const s of shards.values()) {
      if (s.lastSeq !== undefined || s.done) data.shards[s.id] = { ...(s.lastSeq !== undefined && { lastSeq: s.lastSeq }), ...(s.done && { done: true }) };
    }
    mkdirSync(dirname(checkpointFile), { recursive: true });
    // write then rename: a crash mid-write leaves the previous checkpoint, never half of one
    const tmp = `${checkpointFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 1));
    renameSync(tmp, checkpointFile);
  }

  async function listShards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      all.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  async function refreshShards(initial: boolean) {
    lastRefresh = Date.now();
    const listed = await listShards();
    for (const shard of listed) {
      const id = shard.ShardId;
      if (!id || shards.has(id)) continue;
      const memo = saved?.shards[id];
      const state: ShardState = {
        id,
        ...(shard.ParentShardId && { parentId: shard.ParentShardId }),
        ...(memo?.lastSeq !== undefined && { lastSeq: memo.lastSeq }),
        // only in memory mode, and only for what exists at start, is "from now on" right
        start: initial && !checkpointFile ? 'LATEST' : 'TRIM_HORIZON',
        done: memo?.done === true,
      };
      shards.set(id, state);
      // pin LATEST now: records written after start must be seen even if the first read comes later
      if (!state.done && state.start === 'LATEST' && state.lastSeq === undefined) await positionIterator(state);
    }
    // forget finished shards the stream no longer lists (trimmed after 24 hours)
    const live = new Set(listed.map((s) => s.ShardId));
    for (const [id, s] of shards) if (s.done && !live.has(id)) shards.delete(id);
  }

  async function positionIterator(state: ShardState) {
    const type: ShardIteratorType = state.lastSeq !== undefined ? 'AFTER_SEQUENCE_NUMBER' : state.start;
    const out = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: state.id,
        ShardIteratorType: type,
        ...(state.lastSeq !== undefined && { SequenceNumber: state.lastSeq }),
      }),
    );
    state.iterator = out.ShardIterator;
    if (state.iterator === undefined) state.done = true;
  }

  const readyToRead = (s: ShardState) => !s.done && (s.parentId === undefined || !shards.has(s.parentId) || shards.get(s.parentId)!.done);

  /** One pass over all shards; true when any record was read. */
  async function pass(): Promise<boolean> {
    if (Date.now() - lastRefresh >= SHARD_REFRESH_MS) await refreshShards(false);
    let readAny = false;
    for (const state of [...shards.values()]) {
      if (stopping) throw new Stopped();
      if (!readyToRead(state)) continue;
      for (let i = 0; i < MAX_READS_PER_SHARD_PER_PASS && !state.done; i++) {
        if (state.iterator === undefined) await positionIterator(state);
        if (state.iterator === undefined) break;
        let out;
        try {
          out = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
        } catch (err) {
          const name = (err as Error).name;
          if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
            // DynamoDB Local trims an iterator taken at LATEST on an empty shard once any table is written; starting
            // at LATEST again would skip the first record. Nothing was read yet: take the shard from its start
            // (delivery records make anything seen twice harmless).
            if (state.lastSeq === undefined) state.start = 'TRIM_HORIZON';
            state.iterator = undefined;
            continue;
          }
          throw err;
        }
        const records = (out.Records ?? []).map((r) => toLambdaRecord(r, streamArn, region));
        if (records.length > 0) {
          readAny = true;
          await handleRecords(state, records);
        }
        state.iterator = out.NextShardIterator;
        if (state.iterator === undefined) {
          state.done = true;
          saveCheckpoint();
          // its children may start now
          lastRefresh = 0;
        }
        if (records.length === 0) break;
      }
    }
    return readAny;
  }

  function advance(state: ShardState, seq: string | undefined) {
    if (seq === undefined) return;
    state.lastSeq = seq;
    saveCheckpoint();
  }

  async function handleRecords(state: ShardState, records: DynamoDBRecord[]) {
    let chunk: DynamoDBRecord[] = [];
    for (const record of records) {
      if (options.filter && !matchesFilter(options.filter, record)) {
        if (chunk.length === 0) advance(state, record.dynamodb?.SequenceNumber);
        continue;
      }
      chunk.push(record);
      if (chunk.length === batchSize) {
        await deliver(state, chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await deliver(state, chunk);
    advance(state, records.at(-1)?.dynamodb?.SequenceNumber);
  }

  /** Invokes with Lambda's retry, bisect and on-failure rules; returns once every record is done or given up. */
  async function deliver(state: ShardState, batch: DynamoDBRecord[]) {
    const queue: Array<{ records: DynamoDBRecord[]; retries: number }> = [{ records: batch, retries: 0 }];
    while (queue.length > 0) {
      if (stopping) throw new Stopped();
      const item = queue.shift()!;
      let records = item.records;
      if (options.maxRecordAgeSeconds !== undefined) {
        const oldest = Date.now() / 1000 - options.maxRecordAgeSeconds;
        const expired = records.filter((r) => (r.dynamodb?.ApproximateCreationDateTime ?? Infinity) < oldest);
        if (expired.length > 0) {
          await fail(state, expired, 'RecordAgeExceeded', item.retries, undefined);
          records = records.filter((r) => !expired.includes(r));
          if (records.length === 0) continue;
        }
      }

      const result = await invoke(records);
      if (result.ok && result.failedAt === undefined) {
        advance(state, records.at(-1)?.dynamodb?.SequenceNumber);
        continue;
      }
      let remaining = records;
      if (result.ok) {
        // ReportBatchItemFailures: done up to the lowest failed record, which is the new checkpoint
        advance(state, result.failedAt! > 0 ? records[result.failedAt! - 1]!.dynamodb?.SequenceNumber : undefined);
        remaining = records.slice(result.failedAt);
      } else if (bisect && records.length > 1) {
        const half = Math.ceil(records.length / 2);
        log(`[stream] ${functionName} failed (${result.error}); bisecting ${records.length} records`);
        queue.unshift({ records: records.slice(0, half), retries: item.retries }, { records: records.slice(half), retries: item.retries });
        continue;
      }
      if (item.retries >= maxRetries) {
        await fail(state, remaining, 'RetryAttemptsExhausted', item.retries + 1, result.ok ? undefined : result.error);
        continue;
      }
      log(`[stream] ${functionName}: ${remaining.length} record(s) to retry (retry ${item.retries + 1} of ${maxRetries})`);
      await sleepUnlessStopped(retryDelay(item.retries));
      queue.unshift({ records: remaining, retries: item.retries + 1 });
    }
  }

  async function fail(state: ShardState, records: DynamoDBRecord[], condition: FailureCondition, invokeCount: number, error: string | undefined) {
    const first = records[0]!.dynamodb!;
    const last = records.at(-1)!.dynamodb!;
    const iso = (s: number | undefined) => new Date((s ?? 0) * 1000).toISOString();
    const failure: StreamFailure = {
      requestContext: { requestId: randomUUID(), functionArn, condition, approximateInvokeCount: invokeCount },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(error !== undefined && { functionError: 'Unhandled' }) },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: state.id,
        startSequenceNumber: first.SequenceNumber ?? '',
        endSequenceNumber: last.SequenceNumber ?? '',
        approximateArrivalOfFirstRecord: iso(first.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: iso(last.ApproximateCreationDateTime),
        batchSize: records.length,
        streamArn,
      },
      records,
      ...(error !== undefined && { error }),
    };
    failures.push(failure);
    log(`[stream] ${functionName}: gave up on ${records.length} record(s) (${condition}); sent to the on-failure destination`);
    await options.onFailure?.(failure);
    advance(state, last.SequenceNumber);
  }

  type InvokeResult = { ok: true; failedAt?: number } | { ok: false; error: string };

  async function invoke(records: DynamoDBRecord[]): Promise<InvokeResult> {
    // a JSON round trip, as over the wire: the handler gets its own copy and nothing but JSON
    const event = JSON.parse(JSON.stringify({ Records: records })) as DynamoDBStreamEvent;
    const context = lambdaContext(functionName, timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      const response = await Promise.race([
        options.handler(event, context),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Task timed out after ${timeoutMs / 1000} seconds`)), timeoutMs);
        }),
      ]);
      const failed = response?.batchItemFailures ?? [];
      if (failed.length === 0) return { ok: true };
      const indexes = failed.map((f) => records.findIndex((r) => f.itemIdentifier && r.dynamodb?.SequenceNumber === f.itemIdentifier));
      // Lambda: an empty, null or unknown identifier fails the whole batch
      if (indexes.some((i) => i < 0)) return { ok: false, error: 'invalid batchItemFailures' };
      return { ok: true, failedAt: Math.min(...indexes) };
    } catch (err) {
      return { ok: false, error: (err as Error)?.name ? `${(err as Error).name}: ${(err as Error).message}` : String(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  function sleepUnlessStopped(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  }

  await refreshShards(true);

  const loop = (async () => {
    while (!stopping) {
      let readAny = true;
      try {
        readAny = await pass();
      } catch (err) {
        if (err instanceof Stopped) break;
        log(`[stream] polling ${options.tableName} failed: ${(err as Error).name}: ${(err as Error).message}`);
      }
      if (!readAny) {
        const waiters = drainWaiters;
        drainWaiters = [];
        for (const w of waiters) w();
      }
      if (!stopping) await sleepUnlessStopped(pollIntervalMs);
    }
  })();

  return {
    streamArn,
    failures: () => [...failures],
    drained: () => new Promise<void>((resolve) => drainWaiters.push(resolve)),
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      for (const w of drainWaiters) w();
      drainWaiters = [];
      streams.destroy();
    },
  };
}

function loadCheckpoint(file: string, streamArn: string): Checkpoint | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    // another stream (the table was re-created): its positions mean nothing here
    return data.streamArn === streamArn && typeof data.shards === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}

/** A record from the DynamoDB Streams API in the shape Lambda delivers: epoch seconds, binary as base64. */
export function toLambdaRecord(record: SdkRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const image = (img: Record<string, SdkAttributeValue> | undefined) =>
    img === undefined ? undefined : Object.fromEntries(Object.entries(img).map(([k, v]) => [k, attributeToJson(v)]));
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(created !== undefined && { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) }),
      ...(d.Keys && { Keys: image(d.Keys) }),
      ...(d.NewImage && { NewImage: image(d.NewImage) }),
      ...(d.OldImage && { OldImage: image(d.OldImage) }),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    ...(record.userIdentity && { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }),
    eventSourceARN: streamArn,
  } as DynamoDBRecord;
}

type JsonAttribute = Record<string, unknown>;

function attributeToJson(value: SdkAttributeValue): JsonAttribute {
  const v = value as unknown as Record<string, unknown>;
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: v.NULL };
  if (v.B !== undefined) return { B: Buffer.from(v.B as Uint8Array).toString('base64') };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.BS !== undefined) return { BS: (v.BS as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')) };
  if (v.L !== undefined) return { L: (v.L as SdkAttributeValue[]).map(attributeToJson) };
  if (v.M !== undefined) {
    return { M: Object.fromEntries(Object.entries(v.M as Record<string, SdkAttributeValue>).map(([k, x]) => [k, attributeToJson(x)])) };
  }
  throw new TypeError(`Unknown attribute value: ${Object.keys(v).join(', ')}`);
}

/**
 * The local on-failure destination: failures appended to a JSON-lines file (e.g. `<dataDir>/failed-sms.jsonl`),
 * one per line, for a developer to read and redrive by hand.
 */
export function jsonLinesFailureDestination(file: string): (failure: StreamFailure) => void {
  return (failure) => {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(failure)}\n`);
  };
}

/** Reads a failure file back (torn last lines skipped). */
export function readFailureFile(file: string): StreamFailure[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as StreamFailure];
      } catch {
        return [];
      }
    });
}
