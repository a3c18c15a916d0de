/**
 * One SMS to one recipient, exactly once as near as SMS allows. SNS has no idempotency key for SMS, so "exactly
 * once" is built from a conditional claim per (event, recipient), in the report's partition (see delivery-items.ts):
 *
 *   read the delivery record → final? done (a replayed or retried record sends nothing)
 *   held for coalescing (coalescing.ts) → held, recorded with its queue item; the drain sends it when due
 *   opt-out check                       → skipped, recorded (conditional put: first writer wins)
 *   too little invocation time left for a whole Publish? throw: retried fresh, so a timeout never cuts one short
 *   daily cap: atomic counter per number and day → skipped, recorded; given back if the SMS surely did not go out
 *   claim: status `sending`, lease, token (conditional: never written, released, deferred or held)
 *   Publish (cut short at the publish deadline, well inside the lease)
 *   finish: `sent` + message id | `failed` (permanent) | `skipped` (opted out)  — conditional on the token
 *   transient error (throttled, 5xx, network): release the claim to `pending`, throw → the stream retries
 *
 * The trade-off is at-most-once over at-least-once: if the process dies after the claim and before `finish`
 * (between Publish and the write, or a Lambda timeout mid-Publish), nobody knows whether SNS sent it. The claim is
 * then left `sending`; whoever meets it after its lease ran out (the retried record, after waiting for the lease if
 * the invocation has time) closes it as failed, reason `outcome-unknown`, and does NOT send again. A citizen may thus
 * miss one update in that narrow window (staff see it in the history and the SmsFailed metric), but never gets two.
 * A crash anywhere before the claim (lookups, opt-out check, counter) is simply retried, as nothing was sent.
 * Below this layer the SDK itself retries a timed-out HTTP call, which SNS may already have acted on: no client can
 * rule that out without an idempotency key SNS does not offer.
 */
import type { Context } from 'aws-lambda';
import type { DeliveryItem, DeliveryReason, RecipientRole } from '../adapters/dynamodb/delivery-items';
import { FINAL_STATUSES } from '../adapters/dynamodb/delivery-items';
import type { DeliveryMeta, DeliveryRef, DynamoDeliveryStore, FinalOutcome } from '../adapters/dynamodb/delivery-store';
import { TransientSmsError, errorName, type SmsSender } from '../adapters/sns/sms-sender';
import { dayIn } from '../domain/status-machine';
import type { CountMetricsPort, LogPort } from '../observability/ports';
import type { Coalescing } from './coalescing';
import { ClaimHeldError, OutOfTimeError } from './delivery-errors';
import { SMS_DEFERRED_METRIC, type FirstContactGate } from './first-contact';
import type { RenderedSms } from './message';
import type { Recipient } from './recipients';
import { SMS_METRICS } from './sms-metrics';

export type DeliveryStorePort = Pick<
  DynamoDeliveryStore,
  'get' | 'claim' | 'finish' | 'release' | 'abandon' | 'recordUnclaimed' | 'countDailySms' | 'uncountDailySms'
>;

export interface RecipientResult {
  recipient: string;
  role: RecipientRole;
  outcome: 'sent' | 'skipped' | 'failed' | 'already-done' | 'deferred' | 'held';
  reason?: DeliveryReason;
}

export interface DeliveryContext {
  store: DeliveryStorePort;
  sender: SmsSender;
  timeZone: string;
  dailyCap: number;
  now: () => Date;
  newToken: () => string;
  sleep: (ms: number) => Promise<void>;
  publishTimeoutMs: number;
  leaseMs: number;
  log: LogPort;
  metrics?: CountMetricsPort;
  firstContact?: FirstContactGate;
  coalescing?: Coalescing;
}

export interface DeliverOptions {
  /** the same number already got this event's SMS as another recipient */
  sameNumber: boolean;
  /** a drain sends what waited (deferred or held): it may take those records, and nothing is held again */
  draining: boolean;
  /** hold the SMS until then for coalescing, unless it is already due */
  holdUntil?: Date;
}

type Remaining = Pick<Context, 'getRemainingTimeInMillis'> | undefined;
type SmsText = Pick<RenderedSms, 'text' | 'segments' | 'encoding'>;

const COUNTER_TTL_SECONDS = 2 * 24 * 3600;
/** without a Lambda context (tests, scripts) assume this much time is left */
const DEFAULT_REMAINING_MS = 60_000;
const SAFETY_MS = 2_000;

export const ref = (r: DeliveryRef) => ({ reportId: r.reportId, eventSeq: r.eventSeq, recipient: r.recipient });
const describe = (r: DeliveryRef) => `${r.reportId}#${r.eventSeq}→${r.recipient}`;

export function createSmsDelivery(ctx: DeliveryContext) {
  const { store, sender, now, log } = ctx;
  const count = (name: string, value = 1) => ctx.metrics?.addMetric(name, 'Count', value);

  async function deliver(meta: DeliveryMeta, recipient: Recipient, sms: SmsText, options: DeliverOptions, context: Remaining): Promise<RecipientResult> {
    const base = { recipient: meta.recipient, role: meta.role };
    const { draining } = options;
    const existing = await store.get(meta);
    // a deferred or held SMS is a drain's to send; a replayed stream record leaves it waiting
    if (existing?.status === 'deferred' && !draining) return { ...base, outcome: 'deferred', reason: 'deferred' };
    if (existing?.status === 'held' && !draining) return { ...base, outcome: 'held', reason: 'coalescing' };
    if (existing && !['pending', 'deferred', 'held'].includes(existing.status)) return settleExisting(meta, existing, context);

    // no number: a report relayed by an Open311 client without one, or one whose contact was removed; nothing failed
    if (recipient.phone === undefined) return recordUnclaimed(meta, { status: 'skipped', reason: 'no-phone' }, context);
    // the reporter filed a duplicate of their own report: one SMS per number is enough
    if (options.sameNumber) return recordUnclaimed(meta, { status: 'skipped', reason: 'same-number' }, context);
    if (!draining && existing === undefined && ctx.coalescing && options.holdUntil && options.holdUntil.getTime() > now().getTime()) {
      return hold(ctx.coalescing, meta, options.holdUntil, context);
    }
    if (!recipient.optOutExempt && (await sender.isOptedOut(recipient.phone))) return recordUnclaimed(meta, { status: 'skipped', reason: 'opted-out' }, context);
    if (ctx.firstContact && !(await admitted(ctx.firstContact, recipient.phone, draining))) return defer(ctx.firstContact, meta, context);

    // Start no Publish that the function timeout could cut short: retry the record in a fresh invocation instead.
    const remaining = context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
    if (remaining < ctx.publishTimeoutMs + SAFETY_MS) throw new OutOfTimeError(`Only ${remaining} ms left for delivery ${describe(meta)}`);

    const at = now();
    const phone = recipient.phone;
    const day = dayIn(at, ctx.timeZone);
    const counted = await store.countDailySms(phone, day, ctx.dailyCap, Math.floor(at.getTime() / 1000) + COUNTER_TTL_SECONDS);
    if (!counted) return recordUnclaimed(meta, { status: 'skipped', reason: 'daily-cap' }, context);
    // The count is taken before the claim, so a crash in between over-counts by one (the safe side). A message
    // that certainly did not go out gives its count back, so retries of a failing publish do not eat the cap.
    const uncount = () =>
      store.uncountDailySms(phone, day).catch((err: unknown) => {
        log.warn('Could not give back a daily SMS count', { ...ref(meta), error: errorName(err) });
        return false;
      });

    const token = ctx.newToken();
    const claimedAt = now();
    if (!(await store.claim(meta, token, new Date(claimedAt.getTime() + ctx.leaseMs), claimedAt))) {
      await uncount();
      const current = await store.get(meta);
      if (current && current.status !== 'pending') return settleExisting(meta, current, context);
      throw new ClaimHeldError(`Delivery ${describe(meta)} could not be claimed`);
    }

    // The deadline starts at the claim, so the call ends (one way or another) before the lease does.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), ctx.publishTimeoutMs);
    let outcome: Awaited<ReturnType<SmsSender['publish']>>;
    try {
      outcome = await sender.publish(phone, sms.text, { abortSignal: deadline.signal });
    } catch (err) {
      const name = err instanceof TransientSmsError ? err.errorName : errorName(err);
      // nothing was sent: give the claim back so the retried record can take it
      await store.release(meta, token, name, now()).catch((releaseErr: unknown) =>
        log.error('Could not release the SMS claim; it will be closed as outcome-unknown', { ...ref(meta), error: errorName(releaseErr) }),
      );
      await uncount();
      throw err;
    } finally {
      clearTimeout(timer);
    }

    switch (outcome.status) {
      case 'sent':
        count(SMS_METRICS.sent);
        count(SMS_METRICS.segments, sms.segments);
        await finish(meta, token, { status: 'sent', messageId: outcome.messageId, segments: sms.segments, encoding: sms.encoding });
        await ctx.firstContact?.store
          .markKnown(phone, now())
          .catch((err: unknown) => log.warn('Could not record the number as texted', { ...ref(meta), error: errorName(err) }));
        log.info('SMS sent', { ...ref(meta), role: meta.role, kind: meta.kind, segments: sms.segments });
        return { ...base, outcome: 'sent' };
      case 'opted-out':
        count(SMS_METRICS.skipped);
        await uncount();
        await finish(meta, token, { status: 'skipped', reason: 'opted-out' });
        log.info('SMS skipped', { ...ref(meta), reason: 'opted-out' });
        return { ...base, outcome: 'skipped', reason: 'opted-out' };
      case 'rejected':
        count(SMS_METRICS.failed);
        await uncount();
        await finish(meta, token, { status: 'failed', reason: outcome.error });
        log.warn('SMS rejected by SNS; not retried', { ...ref(meta), reason: outcome.error });
        return { ...base, outcome: 'failed', reason: outcome.error };
      case 'unknown':
        count(SMS_METRICS.failed);
        await finish(meta, token, { status: 'failed', reason: 'outcome-unknown' });
        log.error('Publish cut short by its deadline; outcome unknown, not sent again', { ...ref(meta), error: outcome.error });
        return { ...base, outcome: 'failed', reason: 'outcome-unknown' };
    }
  }

  /** The SMS waits out the coalescing window, recorded and queued together. */
  async function hold(coalescing: Coalescing, meta: DeliveryMeta, until: Date, context: Remaining): Promise<RecipientResult> {
    const result = { recipient: meta.recipient, role: meta.role, outcome: 'held' as const, reason: 'coalescing' as const };
    if (await coalescing.store.hold(meta, until, now())) {
      count(SMS_METRICS.held);
      log.info('SMS held for the coalescing window', { ...ref(meta), role: meta.role, kind: meta.kind, dueAt: until.toISOString() });
      return result;
    }
    // recorded by someone else meanwhile: their record stands
    const current = await store.get(meta);
    if (current?.status === 'held') return result;
    if (current && !['pending', 'deferred'].includes(current.status)) return settleExisting(meta, current, context);
    throw new ClaimHeldError(`Delivery ${describe(meta)} changed while being held`);
  }

  /** Known numbers pass; a new number takes budget, behind any queue unless it is the queue being drained. */
  async function admitted(gate: FirstContactGate, phone: string, draining: boolean): Promise<boolean> {
    if (await gate.store.isKnown(phone)) return true;
    if (!draining && (await gate.store.hasBacklog())) return false;
    return gate.store.admit(now(), gate.budget);
  }

  async function defer(gate: FirstContactGate, meta: DeliveryMeta, context: Remaining): Promise<RecipientResult> {
    const result = { recipient: meta.recipient, role: meta.role, outcome: 'deferred' as const, reason: 'deferred' as const };
    if (await gate.store.defer(meta, now())) {
      count(SMS_DEFERRED_METRIC);
      log.warn('SMS to a new number deferred: the first-contact budget is used up', { ...ref(meta), role: meta.role, kind: meta.kind });
      return result;
    }
    // already deferred (the drain found the budget still used up), or recorded by someone else meanwhile
    const current = await store.get(meta);
    if (current?.status === 'deferred') return result;
    if (current && current.status !== 'pending') return settleExisting(meta, current, context);
    throw new ClaimHeldError(`Delivery ${describe(meta)} changed while being deferred`);
  }

  /** Records the outcome of our claim. A failed write after a sent SMS must not cause a resend, so it is logged, not thrown. */
  async function finish(meta: DeliveryMeta, token: string, outcome: FinalOutcome): Promise<void> {
    try {
      if (!(await store.finish(meta, token, outcome, now()))) {
        log.warn('Delivery record changed under our claim; outcome not recorded', { ...ref(meta), status: outcome.status });
      }
    } catch (err) {
      log.error('Could not record the SMS outcome; the claim will read as outcome-unknown', { ...ref(meta), status: outcome.status, error: errorName(err) });
    }
  }

  async function recordUnclaimed(meta: DeliveryMeta, outcome: FinalOutcome & { status: 'skipped' | 'failed' }, context: Remaining): Promise<RecipientResult> {
    if (!(await store.recordUnclaimed(meta, outcome, now()))) {
      // someone else got there first: their record stands
      const current = await store.get(meta);
      if (current && current.status !== 'pending') return settleExisting(meta, current, context);
      throw new ClaimHeldError(`Delivery ${describe(meta)} changed while being recorded`);
    }
    count(outcome.status === 'skipped' ? SMS_METRICS.skipped : SMS_METRICS.failed);
    log.info(outcome.status === 'skipped' ? 'SMS skipped' : 'SMS failed', { ...ref(meta), role: meta.role, reason: outcome.reason });
    return { recipient: meta.recipient, role: meta.role, outcome: outcome.status, ...(outcome.reason && { reason: outcome.reason }) };
  }

  /**
   * A delivery someone already handled, or is handling. Final: nothing to do. Claimed and in its lease: the holder
   * is most likely a crashed invocation (Lambda never runs two batches of one shard at once), so wait for the lease
   * to run out when there is time, then close the claim as outcome-unknown; without the time, retry later.
   */
  async function settleExisting(meta: DeliveryMeta, existing: DeliveryItem, context: Remaining): Promise<RecipientResult> {
    const base = { recipient: meta.recipient, role: meta.role };
    let current: DeliveryItem | undefined = existing;
    for (let round = 0; round < 2 && current?.status === 'sending'; round++) {
      const leaseLeft = current.leaseUntil === undefined ? 0 : Date.parse(current.leaseUntil) - now().getTime();
      if (leaseLeft > 0) {
        const remaining = context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
        if (leaseLeft + SAFETY_MS > remaining) throw new ClaimHeldError(`Delivery ${describe(meta)} is claimed until ${current.leaseUntil}`);
        await ctx.sleep(leaseLeft + 50);
        current = await store.get(meta);
        continue;
      }
      if (current.claimToken !== undefined && (await store.abandon(meta, current.claimToken, now()))) {
        count(SMS_METRICS.failed);
        log.error('SMS claim abandoned by a crashed notifier; outcome unknown, not sent again', { ...ref(meta) });
        return { ...base, outcome: 'failed', reason: 'outcome-unknown' };
      }
      current = await store.get(meta);
    }
    if (current === undefined || current.status === 'pending' || current.status === 'sending') {
      throw new ClaimHeldError(`Delivery ${describe(meta)} is not settled yet`);
    }
    if (!FINAL_STATUSES.has(current.status)) throw new ClaimHeldError(`Delivery ${describe(meta)} has unknown status ${String(current.status)}`);
    log.debug('SMS already handled', { ...ref(meta), status: current.status });
    return { ...base, outcome: 'already-done', ...(current.reason !== undefined && { reason: current.reason }) };
  }

  return { deliver };
}

export type SmsDelivery = ReturnType<typeof createSmsDelivery>;
