/**
 * Reads a DynamoDB stream shard by shard, as Lambda's event source mapping does: a child shard only after its
 * parent is finished, new shards found while running, each shard from its checkpoint (AFTER_SEQUENCE_NUMBER) or
 * from where the poller was told to start.
 */
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Checkpoint } from './checkpoint';
import { toLambdaRecord } from './lambda-records';

export interface ShardState {
  id: string;
  parentId?: string;
  iterator?: string;
  /** last sequence number fully handled (processed, filtered out or handed to onFailure) */
  lastSeq?: string;
  start: 'LATEST' | 'TRIM_HORIZON';
  done: boolean;
}

const SHARD_REFRESH_MS = 1_000;

export interface ShardReaderOptions {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  /** positions saved by an earlier run */
  saved?: Checkpoint;
  /**
   * Shards that exist at start begin at LATEST (a poller without a checkpoint file: tests); otherwise every shard
   * without a saved position begins at TRIM_HORIZON.
   */
  startAtLatest: boolean;
}

/** What one read of a shard gave: its records, and the iterator to read on with (none: the shard is finished). */
export type ShardRead = { records: DynamoDBRecord[]; next: string | undefined } | 'nothing' | 'reposition';

export class ShardReader {
  readonly shards = new Map<string, ShardState>();
  private lastRefresh = 0;

  constructor(private readonly options: ShardReaderOptions) {}

  /** Finds new shards (at once when `initial`, else at most once a second) and forgets finished, trimmed ones. */
  async refresh(initial = false): Promise<void> {
    if (!initial && Date.now() - this.lastRefresh < SHARD_REFRESH_MS) return;
    this.lastRefresh = Date.now();
    const listed = await this.listShards();
    for (const shard of listed) {
      const id = shard.ShardId;
      if (!id || this.shards.has(id)) continue;
      const memo = this.options.saved?.shards[id];
      const state: ShardState = {
        id,
        ...(shard.ParentShardId && { parentId: shard.ParentShardId }),
        ...(memo?.lastSeq !== undefined && { lastSeq: memo.lastSeq }),
        // only without a checkpoint file, and only for what exists at start, is "from now on" right
        start: initial && this.options.startAtLatest ? 'LATEST' : 'TRIM_HORIZON',
        done: memo?.done === true,
      };
      this.shards.set(id, state);
      // pin LATEST now: records written after start must be seen even if the first read comes later
      if (!state.done && state.start === 'LATEST' && state.lastSeq === undefined) await this.position(state);
    }
    // forget finished shards the stream no longer lists (trimmed after 24 hours)
    const live = new Set(listed.map((s) => s.ShardId));
    for (const [id, s] of this.shards) if (s.done && !live.has(id)) this.shards.delete(id);
  }

  /** A shard can be read when it is not finished and its parent (if still known) is. */
  ready(state: ShardState): boolean {
    return !state.done && (state.parentId === undefined || !this.shards.has(state.parentId) || this.shards.get(state.parentId)!.done);
  }

  /** Reads the shard once from where it stands. */
  async read(state: ShardState): Promise<ShardRead> {
    if (state.iterator === undefined) await this.position(state);
    if (state.iterator === undefined) return 'nothing';
    try {
      const out = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
      return { records: (out.Records ?? []).map((r) => toLambdaRecord(r, this.options.streamArn, this.options.region)), next: out.NextShardIterator };
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw err;
      // DynamoDB Local trims an iterator taken at LATEST on an empty shard once any table is written; starting
      // at LATEST again would skip the first record. Nothing was read yet: take the shard from its start
      // (delivery records make anything seen twice harmless).
      if (state.lastSeq === undefined) state.start = 'TRIM_HORIZON';
      state.iterator = undefined;
      return 'reposition';
    }
  }

  /** Moves the shard on after its records were handled; true when that finished the shard. */
  moveOn(state: ShardState, next: string | undefined): boolean {
    state.iterator = next;
    if (next !== undefined) return false;
    state.done = true;
    // its children may start now
    this.lastRefresh = 0;
    return true;
  }

  private async listShards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.options.streams.send(new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: start }));
      all.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  private async position(state: ShardState): Promise<void> {
    const type: ShardIteratorType = state.lastSeq !== undefined ? 'AFTER_SEQUENCE_NUMBER' : state.start;
    const out = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: state.id,
        ShardIteratorType: type,
        ...(state.lastSeq !== undefined && { SequenceNumber: state.lastSeq }),
      }),
    );
    state.iterator = out.ShardIterator;
    if (state.iterator === undefined) state.done = true;
  }
}
