/**
 * The hold drain: sends the SMS whose coalescing window has ended without a later change (see coalescing.ts),
 * oldest first, through the same notifier, so the same claim, cap, opt-out and exactly-once rules hold. Runs on the
 * schedule of the first-contact drain, in the same function.
 *
 * A queue item is removed once its SMS has an outcome (sent, skipped, failed, deferred to the first-contact queue)
 * or went another way (superseded, sent by a retry). A transient failure leaves it, with the record `pending`, for
 * the next run; a claim left by a crashed run is settled by the notifier's lease rules (outcome-unknown, not resent).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type { DeliveryItem } from '../adapters/dynamodb/delivery-items';
import type { DeliveryMeta, DeliveryRef, FinalOutcome } from '../adapters/dynamodb/delivery-store';
import type { HeldSms } from '../adapters/dynamodb/held-sms-store';
import { errorName } from '../adapters/sns/sms-sender';
import type { LogPort } from '../observability/ports';
import type { Notifier } from './notifier';

export interface HeldQueuePort {
  listDue(now: Date, limit: number): Promise<HeldSms[]>;
  removeHeld(sk: string): Promise<void>;
  getRawEventItem(ref: DeliveryRef): Promise<Record<string, AttributeValue> | undefined>;
}

export interface HeldDrainDeps {
  queue: HeldQueuePort;
  deliveries: {
    get(ref: DeliveryRef): Promise<DeliveryItem | undefined>;
    recordUnclaimed(meta: DeliveryMeta, outcome: FinalOutcome, now: Date): Promise<boolean>;
  };
  notifier: Pick<Notifier, 'handleRecord'>;
  now?: () => Date;
  log?: Pick<LogPort, 'warn'>;
}

export interface HeldDrainResult {
  sent: number;
  /** superseded, sent by someone else, skipped or deferred: removed from the queue without an SMS from this run */
  settled: number;
  failed: number;
  /** set when due SMS still wait after the run: it ran out of time */
  stillDue?: true;
}

const PAGE = 25;
/** leave the run this much of the invocation to finish the SMS in hand */
const SAFETY_MS = 15_000;
/** a record in one of these may still need this queue item */
const WAITING = new Set(['held', 'pending', 'sending']);

export async function drainHeld(deps: HeldDrainDeps, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<HeldDrainResult> {
  const now = deps.now ?? (() => new Date());
  const result: HeldDrainResult = { sent: 0, settled: 0, failed: 0 };
  const failedThisRun = new Set<string>();
  for (;;) {
    const page = (await deps.queue.listDue(now(), PAGE + failedThisRun.size)).filter((h) => !failedThisRun.has(h.sk));
    if (page.length === 0) return result;
    for (const item of page) {
      if (context && context.getRemainingTimeInMillis() < SAFETY_MS) return { ...result, stillDue: true };
      const stored = await deps.deliveries.get(item);
      const eventImage = stored && WAITING.has(stored.status) ? await deps.queue.getRawEventItem(item) : undefined;
      if (!eventImage) {
        // superseded, sent, or purged with its report: nothing left to send
        await deps.queue.removeHeld(item.sk);
        result.settled++;
        continue;
      }
      const record = { eventName: 'INSERT', dynamodb: { NewImage: eventImage } } as unknown as DynamoDBRecord;
      try {
        const handled = await deps.notifier.handleRecord(record, context, { drain: { recipient: item.recipient } });
        const outcome = handled.recipients.find((r) => r.recipient === item.recipient)?.outcome;
        if (outcome === undefined) {
          // no longer a recipient (a number stopped following the report): close the record, nothing to send
          const meta: DeliveryMeta = { ...item, role: stored!.role, kind: stored!.kind, language: stored!.language };
          await deps.deliveries.recordUnclaimed(meta, { status: 'skipped', reason: 'no-recipient' }, now());
        }
        await deps.queue.removeHeld(item.sk);
        if (outcome === 'sent') result.sent++;
        else result.settled++;
      } catch (err) {
        // a transient failure: the SMS stays queued for the next run; the others still get their turn now
        deps.log?.warn('Held SMS not sent this run', { reportId: item.reportId, eventSeq: item.eventSeq, recipient: item.recipient, error: errorName(err) });
        failedThisRun.add(item.sk);
        result.failed++;
      }
    }
  }
}
