/** Lambda's stream-batch rules as the local poller applies them: answer reading, bisect, retries, record age. */
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { GivenUp } from '../../local/stream/failure-destination';
import { deliverBatch, readBatchResponse, type InvokeResult, type RetryPolicy } from '../../local/stream/retry-policy';

const record = (seq: number, createdSeconds = 1_000): DynamoDBRecord => ({
  eventID: `e${seq}`,
  dynamodb: { SequenceNumber: String(seq).padStart(4, '0'), ApproximateCreationDateTime: createdSeconds },
});
const seqs = (records: DynamoDBRecord[]) => records.map((r) => Number(r.dynamodb!.SequenceNumber));

/** Runs a batch with `answer` deciding each invocation; returns what was invoked, advanced to and given up. */
async function run(batch: DynamoDBRecord[], answer: (records: number[]) => InvokeResult, policy: Partial<RetryPolicy> = {}, nowMs = 1_000_000) {
  const invoked: number[][] = [];
  const advanced: number[] = [];
  const givenUp: (Omit<GivenUp, 'records'> & { records: number[] })[] = [];
  const slept: number[] = [];
  await deliverBatch(
    batch,
    { maxRetries: 2, bisect: true, retryDelayMs: (n) => 100 * (n + 1), ...policy },
    {
      invoke: async (records) => {
        invoked.push(seqs(records));
        return answer(seqs(records));
      },
      advance: (seq) => {
        if (seq !== undefined) advanced.push(Number(seq));
      },
      giveUp: async (given) => {
        givenUp.push({ ...given, records: seqs(given.records) });
      },
      sleep: async (ms) => {
        slept.push(ms);
      },
      checkStopped: () => undefined,
      log: () => undefined,
      now: () => nowMs,
    },
  );
  return { invoked, advanced, givenUp, slept };
}

describe('reading the function’s answer', () => {
  const records = [record(1), record(2), record(3)];
  it('no failures: the whole batch is done', () => {
    expect(readBatchResponse(undefined, records)).toEqual({ ok: true });
    expect(readBatchResponse({ batchItemFailures: [] }, records)).toEqual({ ok: true });
  });
  it('failures: done up to the lowest failed record', () => {
    expect(readBatchResponse({ batchItemFailures: [{ itemIdentifier: '0003' }, { itemIdentifier: '0002' }] }, records)).toEqual({ ok: true, failedAt: 1 });
  });
  it('an empty or unknown identifier fails the whole batch', () => {
    expect(readBatchResponse({ batchItemFailures: [{ itemIdentifier: '' }] }, records)).toEqual({ ok: false, error: 'invalid batchItemFailures' });
    expect(readBatchResponse({ batchItemFailures: [{ itemIdentifier: '0009' }] }, records).ok).toBe(false);
  });
});

describe('delivering a batch', () => {
  it('a batch that succeeds is invoked once and done up to its last record', async () => {
    const r = await run([record(1), record(2)], () => ({ ok: true }));
    expect(r.invoked).toEqual([[1, 2]]);
    expect(r.advanced).toEqual([2]);
    expect(r.givenUp).toEqual([]);
  });

  it('a partial failure is done before the failed record, and retried from it with backoff', async () => {
    let first = true;
    const r = await run([record(1), record(2), record(3)], () => {
      if (!first) return { ok: true };
      first = false;
      return { ok: true, failedAt: 1 };
    });
    expect(r.invoked).toEqual([[1, 2, 3], [2, 3]]);
    expect(r.advanced).toEqual([1, 3]);
    expect(r.slept).toEqual([100]);
  });

  it('bisects an erroring batch down to the culprit without counting splits as retries, then gives up on it alone', async () => {
    const r = await run([record(1), record(2), record(3), record(4)], (records) => (records.includes(3) ? { ok: false, error: 'Boom' } : { ok: true }));
    expect(r.invoked).toEqual([[1, 2, 3, 4], [1, 2], [3, 4], [3], [3], [3], [4]]);
    expect(r.givenUp).toEqual([{ records: [3], condition: 'RetryAttemptsExhausted', invokeCount: 3, error: 'Boom' }]);
    expect(r.advanced).toEqual([2, 4]);
    expect(r.slept).toEqual([100, 200]);
  });

  it('without bisect, retries the whole batch and gives it up whole', async () => {
    const r = await run([record(1), record(2)], () => ({ ok: false, error: 'Boom' }), { bisect: false, maxRetries: 1 });
    expect(r.invoked).toEqual([[1, 2], [1, 2]]);
    expect(r.givenUp).toEqual([{ records: [1, 2], condition: 'RetryAttemptsExhausted', invokeCount: 2, error: 'Boom' }]);
  });

  it('records older than the maximum age are given up without being sent; the rest are sent', async () => {
    const r = await run([record(1, 100), record(2, 990)], () => ({ ok: true }), { maxRecordAgeSeconds: 60 });
    expect(r.givenUp).toEqual([{ records: [1], condition: 'RecordAgeExceeded', invokeCount: 0 }]);
    expect(r.invoked).toEqual([[2]]);
  });

  it('stops between invocations when the poller is stopping', async () => {
    let stop = false;
    const invoked: number[][] = [];
    const delivery = deliverBatch([record(1), record(2)], { maxRetries: 3, bisect: true, retryDelayMs: () => 0 }, {
      invoke: async (records) => {
        invoked.push(seqs(records));
        stop = true;
        return { ok: false, error: 'Boom' };
      },
      advance: () => undefined,
      giveUp: async () => undefined,
      sleep: async () => undefined,
      checkStopped: () => {
        if (stop) throw new Error('stopped');
      },
      log: () => undefined,
    });
    await expect(delivery).rejects.toThrow('stopped');
    expect(invoked).toEqual([[1, 2]]);
  });
});
