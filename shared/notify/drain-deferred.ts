/**
 * The deferral drain: sends SMS that the first-contact breaker queued, oldest first, through the same notifier
 * (so the same claim, cap, opt-out and exactly-once rules hold), until the breaker's budget is used up again.
 * Runs on a schedule; an SMS that waited past the maximum age is recorded as skipped instead of sent.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type { DeferredSms } from '../adapters/dynamodb/first-contact-store';
import type { DeliveryItem } from '../adapters/dynamodb/delivery-items';
import type { DeliveryMeta, DeliveryRef, FinalOutcome } from '../adapters/dynamodb/delivery-store';
import { errorName } from '../adapters/sns/sms-sender';
import type { LogPort } from '../observability/ports';
import type { Notifier } from './notifier';

export interface DeferredQueuePort {
  listDeferred(limit: number): Promise<DeferredSms[]>;
  removeDeferred(sk: string): Promise<void>;
  getRawEventItem(ref: DeliveryRef): Promise<Record<string, AttributeValue> | undefined>;
}

export interface DrainDeps {
  queue: DeferredQueuePort;
  deliveries: {
    get(ref: DeliveryRef): Promise<DeliveryItem | undefined>;
    recordUnclaimed(meta: DeliveryMeta, outcome: FinalOutcome, now: Date): Promise<boolean>;
  };
  notifier: Pick<Notifier, 'handleRecord'>;
  maxAgeMs: number;
  now?: () => Date;
  log?: Pick<LogPort, 'info' | 'warn'>;
}

export interface DrainResult {
  sent: number;
  expired: number;
  failed: number;
  /** set when SMS still wait after the run: the breaker's budget ran out again, or the run ran out of time */
  stillDeferred?: true;
}

const PAGE = 25;
/** leave the run this much of the invocation to finish the SMS in hand */
const SAFETY_MS = 15_000;

export async function drainDeferred(deps: DrainDeps, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<DrainResult> {
  const now = deps.now ?? (() => new Date());
  const result: DrainResult = { sent: 0, expired: 0, failed: 0 };
  const skippedThisRun = new Set<string>();
  for (;;) {
    const page = (await deps.queue.listDeferred(PAGE + skippedThisRun.size)).filter((d) => !skippedThisRun.has(d.sk));
    if (page.length === 0) return result;
    for (const item of page) {
      if (context && context.getRemainingTimeInMillis() < SAFETY_MS) return { ...result, stillDeferred: true };
      const eventImage = await deps.queue.getRawEventItem(item);
      const stored = await deps.deliveries.get(item);
      if (!eventImage || !stored || stored.status !== 'deferred') {
        // the event or the delivery went another way (sent by a retry, purged): nothing left to send
        await deps.queue.removeDeferred(item.sk);
        continue;
      }
      if (now().getTime() - Date.parse(item.deferredAt) > deps.maxAgeMs) {
        const meta: DeliveryMeta = { ...item, role: stored.role, kind: stored.kind, language: stored.language };
        await deps.deliveries.recordUnclaimed(meta, { status: 'skipped', reason: 'deferred-expired' }, now());
        await deps.queue.removeDeferred(item.sk);
        result.expired++;
        continue;
      }
      const record = { eventName: 'INSERT', dynamodb: { NewImage: eventImage } } as unknown as DynamoDBRecord;
      try {
        const handled = await deps.notifier.handleRecord(record, context, { drain: { recipient: item.recipient } });
        const outcome = handled.recipients.find((r) => r.recipient === item.recipient)?.outcome;
        if (outcome === 'deferred') return { ...result, stillDeferred: true };
        await deps.queue.removeDeferred(item.sk);
        if (outcome === 'sent') result.sent++;
      } catch (err) {
        // a transient failure: the SMS stays queued for the next run; the others still get their turn now
        deps.log?.warn('Deferred SMS not sent this run', { reportId: item.reportId, eventSeq: item.eventSeq, recipient: item.recipient, error: errorName(err) });
        skippedThisRun.add(item.sk);
        result.failed++;
      }
    }
  }
}
