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
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoClientConfig } from '../shared/adapters/dynamodb/client-config';
import { matchesFilter, type FilterPattern } from '../shared/notify/stream-filter';
import type { StreamHandler } from '../shared/notify/stream-handler';
import { lambdaContext } from './http-adapter';
import { checkpointFileOf, loadCheckpoint, saveCheckpoint } from './stream/checkpoint';
import { streamFailure, type GivenUp, type StreamFailure } from './stream/failure-destination';
import { deliverBatch, readBatchResponse, type InvokeResult, type RetryPolicy } from './stream/retry-policy';
import { ShardReader, type ShardState } from './stream/shard-reader';

// the pieces, importable from here as before
export { jsonLinesFailureDestination, readFailureFile, type FailureCondition, type StreamFailure } from './stream/failure-destination';
export { toLambdaRecord } from './stream/lambda-records';

export type { StreamHandler };

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

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const MAX_READS_PER_SHARD_PER_PASS = 20;

class Stopped extends Error {}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const batchSize = options.batchSize ?? 10;
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? 3,
    bisect: options.bisectOnError ?? true,
    ...(options.maxRecordAgeSeconds !== undefined && { maxRecordAgeSeconds: options.maxRecordAgeSeconds }),
    retryDelayMs: options.retryDelayMs ?? ((n: number) => Math.min(200 * 2 ** n, 2_000)),
  };
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const functionName = options.functionName ?? 'notify-citizen';
  const region = options.region ?? process.env.AWS_REGION ?? 'ap-southeast-3';
  const functionArn = `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
  const log = options.log ?? ((line: string) => console.log(line));
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');

  // the functions' timeouts: a read that hangs is retried on the next pass instead of stopping the poller for ever
  const clientConfig = { ...dynamoClientConfig(), endpoint: options.dynamoEndpoint, region, credentials: LOCAL_CREDENTIALS };
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

  const checkpointFile = options.dataDir ? checkpointFileOf(options.dataDir, options.tableName) : undefined;
  const saved = checkpointFile ? loadCheckpoint(checkpointFile, streamArn) : undefined;
  const reader = new ShardReader({ streams, streamArn, region, ...(saved && { saved }), startAtLatest: !checkpointFile });
  const failures: StreamFailure[] = [];
  let stopping = false;
  let wake: (() => void) | undefined;
  let drainWaiters: Array<() => void> = [];

  const checkpoint = () => {
    if (checkpointFile) saveCheckpoint(checkpointFile, streamArn, reader.shards.values());
  };

  /** One pass over all shards; true when any record was read. */
  async function pass(): Promise<boolean> {
    await reader.refresh();
    let readAny = false;
    for (const state of [...reader.shards.values()]) {
      if (stopping) throw new Stopped();
      if (!reader.ready(state)) continue;
      for (let i = 0; i < MAX_READS_PER_SHARD_PER_PASS && !state.done; i++) {
        const read = await reader.read(state);
        if (read === 'nothing') break;
        if (read === 'reposition') continue;
        if (read.records.length > 0) {
          readAny = true;
          await handleRecords(state, read.records);
        }
        if (reader.moveOn(state, read.next)) checkpoint();
        if (read.records.length === 0) break;
      }
    }
    return readAny;
  }

  function advance(state: ShardState, seq: string | undefined) {
    if (seq === undefined) return;
    state.lastSeq = seq;
    checkpoint();
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

  function deliver(state: ShardState, batch: DynamoDBRecord[]): Promise<void> {
    return deliverBatch(batch, policy, {
      invoke,
      advance: (seq) => advance(state, seq),
      giveUp: (given) => giveUp(state, given),
      sleep: sleepUnlessStopped,
      checkStopped: () => {
        if (stopping) throw new Stopped();
      },
      log: (line) => log(`[stream] ${functionName}: ${line}`),
    });
  }

  async function giveUp(state: ShardState, given: GivenUp) {
    const failure = streamFailure(given, { shardId: state.id, streamArn, functionArn });
    failures.push(failure);
    log(`[stream] ${functionName}: gave up on ${given.records.length} record(s) (${given.condition}); sent to the on-failure destination`);
    await options.onFailure?.(failure);
    advance(state, given.records.at(-1)!.dynamodb!.SequenceNumber);
  }

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
      return readBatchResponse(response, records);
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

  await reader.refresh(true);

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
