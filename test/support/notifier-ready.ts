/**
 * Waits until the stack's stream poller has delivered one SMS, so the tests' own first report is not the first
 * record of the table's stream.
 *
 * Why: the local poller (memory mode) pins a LATEST iterator on the new table's empty shard. DynamoDB Local answers
 * the next GetRecords with TrimmedDataAccessException once a record arrives if any other table was written in
 * between (its stream sequence numbers are global: the idempotency table, or another test file's tables), and the
 * poller then re-pins LATEST, past that first record: its SMS is never sent. Reported with the proposed fix for
 * local/stream-poller.ts (start from TRIM_HORIZON when nothing has been read yet); until then a warm-up report
 * absorbs it.
 */
import type { LocalStack } from '../../local/stack';
import { client, validReport } from './local-stack';

export async function notifierReady(stack: LocalStack, phone = '081100000000', attempts = 4): Promise<void> {
  const call = client(stack.url);
  const e164 = `+62${phone.slice(1)}`;
  for (let i = 0; i < attempts; i++) {
    const r = await call('POST', '/v1/reports', validReport({ district: 'anyar', reporter: { phone } }));
    if (r.status !== 201) throw new Error(`warm-up report refused: ${r.status} ${JSON.stringify(r.body)}`);
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      if (stack.sms.outbox().some((m) => m.phoneNumber === e164)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('the notifier delivered no warm-up SMS');
}
