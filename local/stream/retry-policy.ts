/**
 * Lambda's rules for a batch of stream records, without the stream: how a function's answer is read
 * (ReportBatchItemFailures), and what happens after a failure (bisect, bounded retries with backoff, record age,
 * the on-failure destination). The poller supplies the invocation and the bookkeeping as hooks.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { GivenUp } from './failure-destination';

export type InvokeResult = { ok: true; failedAt?: number } | { ok: false; error: string };

export interface RetryPolicy {
  /** MaximumRetryAttempts */
  readonly maxRetries: number;
  /** BisectBatchOnFunctionError */
  readonly bisect: boolean;
  /** MaximumRecordAgeInSeconds; none when undefined */
  readonly maxRecordAgeSeconds?: number;
  /** delay before retry n (0-based) */
  readonly retryDelayMs: (retry: number) => number;
}

export interface DeliveryHooks {
  invoke(records: DynamoDBRecord[]): Promise<InvokeResult>;
  /** every record up to and including this sequence number is done */
  advance(sequenceNumber: string | undefined): void;
  /** records given up on: to the on-failure destination, and done */
  giveUp(given: GivenUp): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** throws when the poller is stopping, so a batch is left where it is */
  checkStopped(): void;
  log(line: string): void;
  /** epoch milliseconds @default Date.now */
  now?(): number;
}

/**
 * Lambda's reading of a function's answer: no failures, everything is done; otherwise everything before the
 * lowest failed record is. An empty, null or unknown identifier fails the whole batch.
 */
export function readBatchResponse(response: DynamoDBBatchResponse | void | undefined, records: DynamoDBRecord[]): InvokeResult {
  const failed = response?.batchItemFailures ?? [];
  if (failed.length === 0) return { ok: true };
  const indexes = failed.map((f) => records.findIndex((r) => f.itemIdentifier && r.dynamodb?.SequenceNumber === f.itemIdentifier));
  if (indexes.some((i) => i < 0)) return { ok: false, error: 'invalid batchItemFailures' };
  return { ok: true, failedAt: Math.min(...indexes) };
}

/** Invokes with Lambda's retry, bisect and on-failure rules; resolves once every record is done or given up. */
export async function deliverBatch(batch: DynamoDBRecord[], policy: RetryPolicy, hooks: DeliveryHooks): Promise<void> {
  const now = hooks.now ?? Date.now;
  const queue: Array<{ records: DynamoDBRecord[]; retries: number }> = [{ records: batch, retries: 0 }];
  while (queue.length > 0) {
    hooks.checkStopped();
    const item = queue.shift()!;
    let records = item.records;
    if (policy.maxRecordAgeSeconds !== undefined) {
      const oldest = now() / 1000 - policy.maxRecordAgeSeconds;
      const expired = records.filter((r) => (r.dynamodb?.ApproximateCreationDateTime ?? Infinity) < oldest);
      if (expired.length > 0) {
        // never sent: too old already
        await hooks.giveUp({ records: expired, condition: 'RecordAgeExceeded', invokeCount: item.retries });
        records = records.filter((r) => !expired.includes(r));
        if (records.length === 0) continue;
      }
    }

    const result = await hooks.invoke(records);
    if (result.ok && result.failedAt === undefined) {
      hooks.advance(records.at(-1)?.dynamodb?.SequenceNumber);
      continue;
    }
    let remaining = records;
    if (result.ok) {
      // ReportBatchItemFailures: done up to the lowest failed record, which is the new checkpoint
      hooks.advance(result.failedAt! > 0 ? records[result.failedAt! - 1]!.dynamodb?.SequenceNumber : undefined);
      remaining = records.slice(result.failedAt);
    } else if (policy.bisect && records.length > 1) {
      // splitting does not count as a retry
      const half = Math.ceil(records.length / 2);
      hooks.log(`failed (${result.error}); bisecting ${records.length} records`);
      queue.unshift({ records: records.slice(0, half), retries: item.retries }, { records: records.slice(half), retries: item.retries });
      continue;
    }
    if (item.retries >= policy.maxRetries) {
      await hooks.giveUp({
        records: remaining,
        condition: 'RetryAttemptsExhausted',
        invokeCount: item.retries + 1,
        ...(!result.ok && { error: result.error }),
      });
      continue;
    }
    hooks.log(`${remaining.length} record(s) to retry (retry ${item.retries + 1} of ${policy.maxRetries})`);
    await hooks.sleep(policy.retryDelayMs(item.retries));
    queue.unshift({ records: remaining, retries: item.retries + 1 });
  }
}
