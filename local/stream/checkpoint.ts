/**
 * Where a local stream poller resumes: the last fully handled sequence number of each shard (and which shards are
 * finished), in a JSON file per table, so a restart neither loses what was written while stopped nor replays what
 * was done.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ShardPosition {
  /** last sequence number fully handled (processed, filtered out or handed to the on-failure destination) */
  lastSeq?: string;
  done?: boolean;
}

export interface Checkpoint {
  streamArn: string;
  shards: Record<string, ShardPosition>;
}

export const checkpointFileOf = (dataDir: string, tableName: string): string => join(dataDir, `stream-checkpoint-${tableName}.json`);

/** The saved positions, if they belong to this stream (a re-created table has a new stream: old positions mean nothing). */
export function loadCheckpoint(file: string, streamArn: string): Checkpoint | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    return data.streamArn === streamArn && typeof data.shards === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}

export function saveCheckpoint(file: string, streamArn: string, shards: Iterable<{ id: string } & ShardPosition>): void {
  const data: Checkpoint = { streamArn, shards: {} };
  for (const s of shards) {
    if (s.lastSeq !== undefined || s.done) data.shards[s.id] = { ...(s.lastSeq !== undefined && { lastSeq: s.lastSeq }), ...(s.done && { done: true }) };
  }
  mkdirSync(dirname(file), { recursive: true });
  // write then rename: a crash mid-write leaves the previous checkpoint, never half of one
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 1));
  renameSync(tmp, file);
}
