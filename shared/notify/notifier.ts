/**
 * The notifier use case: one table-stream record (a history event flagged `notify`) in, at most one SMS per
 * recipient out, and a delivery record per recipient that says what happened.
 *
 * Recipients: the report's reporter; for status changes also the reporter of every follower (a report marked as a
 * duplicate of this one), looked up by report code so no number is ever copied between reports, and every number that
 * follows the report by phone (follower-items.ts). Each gets the text in their own language; a number reached once
 * for an event is not texted again for it (`same-number`).
 *
 * Exactly once, as near as SMS allows. SNS has no idempotency key for SMS, so "exactly once" is built from a
 * conditional claim per (event, recipient), in the report's partition (see delivery-items.ts):
 *
 *   read the delivery record → final? done (a replayed or retried record sends nothing)
 *   opt-out check                       → skipped, recorded (conditional put: first writer wins)
 *   too little invocation time left for a whole Publish? throw: retried fresh, so a timeout never cuts one short
 *   daily cap: atomic counter per number and day → skipped, recorded; given back if the SMS surely did not go out
 *   claim: status `sending`, lease, token (conditional: never written, or released)
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
import { randomUUID } from 'node:crypto';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type { DeliveryItem, DeliveryReason, RecipientRole } from '../adapters/dynamodb/delivery-items';
import { FINAL_STATUSES } from '../adapters/dynamodb/delivery-items';
import type { DeliveryMeta, DeliveryRef, DeliveryStore, FinalOutcome } from '../adapters/dynamodb/delivery-store';
import { fromEventItem } from '../adapters/dynamodb/report-items';
import { followerRecipient } from '../adapters/dynamodb/follower-items';
import { TransientSmsError, errorName, type SmsSender } from '../adapters/sns/sms-sender';
import type { Jurisdiction } from '../config/jurisdiction';
import type { HistoryEvent } from '../domain/report';
import type { CitizenSmsKind } from '../domain/sms/templates';
import { REPLY_KINDS, type ReplyKind } from '../domain/sms/reply-templates';
import { smsSegments } from '../domain/sms/segments';
import { INBOUND_ENTITY } from '../adapters/dynamodb/inbound-store';
import { dayIn } from '../domain/status-machine';
import { renderEventSms, smsKindFor, type RenderedSms } from './message';
import { openViewKey } from '../privacy/view-key';
import { matchesFilter, NOTIFY_STREAM_FILTER } from './stream-filter';
import { SMS_DEFERRED_METRIC, type FirstContactGate } from './first-contact';
import { unmarshallImage, type StreamAttributeValue } from './stream-image';

export const SMS_METRICS = { sent: 'SmsSent', failed: 'SmsFailed', skipped: 'SmsSkipped', segments: 'SmsSegments' } as const;

export interface NotifierLog {
  debug(message: string, extra: Record<string, unknown>): void;
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface NotifierMetrics {
  /** count metrics only; the Powertools Metrics instance fits (unit 'Count') */
  addMetric(name: string, unit: 'Count', value: number): void;
}

export type DeliveryStorePort = Pick<
  DeliveryStore,
  'get' | 'claim' | 'finish' | 'release' | 'abandon' | 'recordUnclaimed' | 'countDailySms' | 'uncountDailySms' | 'getReport'
> &
  // optional so a store that knows no phone followers (older fakes, other deployments) still fits
  Partial<Pick<DeliveryStore, 'listPhoneFollowers'>>;

export interface NotifierDeps {
  store: DeliveryStorePort;
  sender: SmsSender;
  jurisdiction: Jurisdiction;
  /** SMS per number per day (jurisdiction time zone); beyond it messages are skipped and recorded */
  dailyCap: number;
  now?: () => Date;
  newToken?: () => string;
  sleep?: (ms: number) => Promise<void>;
  /** Publish is cut short after this long (the SDK's own retries included) */
  publishTimeoutMs?: number;
  /** how long a claim protects an SMS in flight; must exceed the publish deadline */
  leaseMs?: number;
  log?: NotifierLog;
  metrics?: NotifierMetrics;
  /** the upload-token secrets, which open the sealed view key a confidential report's receipt event carries */
  viewKeySecrets?: readonly string[];
  /** the breaker for numbers never texted before; without it every SMS goes out at once */
  firstContact?: FirstContactGate;
}

export interface HandleOptions {
  /** the deferral drain: deliver only this recipient's SMS, which is waiting in the first-contact queue */
  drain?: { recipient: string };
}

export interface RecipientResult {
  recipient: string;
  role: RecipientRole;
  outcome: 'sent' | 'skipped' | 'failed' | 'already-done' | 'deferred';
  reason?: DeliveryReason;
}

export interface RecordResult {
  /** why nothing was due: the record is not an outbox event, or the event calls for no SMS */
  ignored?: 'not-outbox' | 'no-sms';
  reportId?: string;
  eventSeq?: number;
  kind?: CitizenSmsKind;
  recipients: RecipientResult[];
}

/** A claim held by an invocation that may still be running; the record is retried once its lease has run out. */
export class ClaimHeldError extends Error {
  override readonly name = 'ClaimHeldError';
}

/** Too little of the invocation is left to finish a Publish: a timeout mid-call would leave its outcome unknown. */
export class OutOfTimeError extends Error {
  override readonly name = 'OutOfTimeError';
}

interface Recipient {
  code: string;
  role: RecipientRole;
  phone?: string;
  language: string;
  /** the report was filed anonymously: nothing staff see may link its number to another report */
  anonymous?: boolean;
  /** the confirmation of an opt-out goes to the number that has just opted out */
  optOutExempt?: boolean;
}

const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
const LEASE_MARGIN_MS = 5_000;
const COUNTER_TTL_SECONDS = 2 * 24 * 3600;
/** without a Lambda context (tests, scripts) assume this much time is left */
const DEFAULT_REMAINING_MS = 60_000;
const SAFETY_MS = 2_000;

const silentLog: NotifierLog = { debug() {}, info() {}, warn() {}, error() {} };

export function createNotifier(deps: NotifierDeps) {
  const now = deps.now ?? (() => new Date());
  const newToken = deps.newToken ?? randomUUID;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const publishTimeoutMs = deps.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  const leaseMs = deps.leaseMs ?? publishTimeoutMs + LEASE_MARGIN_MS;
  if (leaseMs <= publishTimeoutMs) throw new Error('The claim lease must outlast the publish deadline');
  if (!Number.isInteger(deps.dailyCap) || deps.dailyCap < 1) throw new Error('The daily SMS cap must be a positive integer');
  const log = deps.log ?? silentLog;
  const count = (name: string, value = 1) => deps.metrics?.addMetric(name, 'Count', value);
  const { store, sender, jurisdiction } = deps;

  async function handleRecord(
    record: DynamoDBRecord,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
    options: HandleOptions = {},
  ): Promise<RecordResult> {
    // The event source mapping filters already; checking again keeps a misconfigured mapping harmless.
    if (!matchesFilter(NOTIFY_STREAM_FILTER, record) || !record.dynamodb?.NewImage) {
      return { ignored: 'not-outbox', recipients: [] };
    }
    const image = unmarshallImage(record.dynamodb.NewImage as Record<string, StreamAttributeValue>);
    if (image.entity === INBOUND_ENTITY) return handleReply(image, context);
    const event = fromEventItem(image) as HistoryEvent;
    const kind = smsKindFor(event);
    const ids = { reportId: event.reportId, eventSeq: event.seq };
    if (kind === undefined) {
      log.debug('No citizen SMS for this event', { ...ids, type: event.type, to: event.to });
      return { ignored: 'no-sms', ...ids, recipients: [] };
    }
    const found = await store.getReport(event.reportId);
    // The event was committed in one transaction with its report, so this is a bug or a deleted report: retry,
    // then the on-failure queue, where an operator sees it.
    if (!found) throw new Error(`Report ${event.reportId} of event ${event.seq} not found`);
    const { report } = found;

    const recipients: Recipient[] = [
      { code: report.id, role: 'reporter', phone: report.reporter?.phone, language: report.reporter?.language, anonymous: report.reporter?.anonymous },
    ];
    if (event.type === 'status') {
      for (const code of new Set(found.followers)) {
        if (code === report.id) continue;
        const follower = await store.getReport(code);
        if (!follower) {
          log.warn('Follower report not found; skipped', { ...ids, follower: code });
          continue;
        }
        recipients.push({
          code,
          role: 'follower',
          phone: follower.report.reporter?.phone,
          language: follower.report.reporter?.language,
          anonymous: follower.report.reporter?.anonymous,
        });
      }
    }
    // numbers that follow the report by phone; their records are named by a key of the number, never the number
    if (event.type === 'status' && store.listPhoneFollowers) {
      for (const f of await store.listPhoneFollowers(report.id)) {
        recipients.push({ code: followerRecipient(f.phone), role: 'follower', phone: f.phone, language: f.language });
      }
    }

    const results: RecipientResult[] = [];
    const phonesDone = new Set<string>();
    let firstError: unknown;
    for (const recipient of recipients) {
      if (options.drain && recipient.code !== options.drain.recipient) continue;
      const meta: DeliveryMeta = { ...ids, recipient: recipient.code, role: recipient.role, kind, language: recipient.language };
      try {
        // One SMS per number is enough, but a "same-number" skip would tell staff that two reports share a number:
        // where either report is anonymous, each gets its own SMS, exactly as if the numbers differed.
        const sameNumber = recipient.phone !== undefined && !recipient.anonymous && phonesDone.has(recipient.phone);
        if (recipient.phone !== undefined && !recipient.anonymous) phonesDone.add(recipient.phone);
        // only the reporter's own receipt carries the key of a confidential report
        const viewKey = kind === 'received' && recipient.role === 'reporter' ? openViewKey(event.data?.viewKeySealed, deps.viewKeySecrets ?? []) : undefined;
        const rendered = renderEventSms(kind, event, report, recipient.language, jurisdiction, viewKey);
        results.push(await deliver(meta, recipient, rendered, sameNumber, context, options.drain !== undefined));
      } catch (err) {
        // the other recipients still get their SMS now; this record is retried for the one that failed
        log.warn('SMS delivery to be retried', { ...ids, recipient: recipient.code, role: recipient.role, error: errorName(err) });
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
    return { ...ids, kind, recipients: results };
  }

  /** The answer to an inbound message: one SMS to its sender, recorded in the message's own partition. */
  async function handleReply(image: Record<string, unknown>, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<RecordResult> {
    const reply = parseStoredReply(image);
    if (!reply) {
      log.warn('Inbound message without a usable reply; nothing sent', { partition: String(image.pk) });
      return { ignored: 'no-sms', recipients: [] };
    }
    const reportId = typeof image.reportId === 'string' ? image.reportId : '-';
    const meta: DeliveryMeta = { reportId, eventSeq: 0, recipient: 'sender', role: 'sender', kind: reply.kind, language: reply.language, partition: reply.partition };
    const recipient: Recipient = { code: 'sender', role: 'sender', phone: reply.phone, language: reply.language, optOutExempt: reply.optOutExempt };
    return { reportId, eventSeq: 0, recipients: [await deliver(meta, recipient, reply, false, context)] };
  }

  async function deliver(
    meta: DeliveryMeta,
    recipient: Recipient,
    sms: Pick<RenderedSms, 'text' | 'segments' | 'encoding'>,
    sameNumber: boolean,
    context: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
    draining = false,
  ): Promise<RecipientResult> {
    const base = { recipient: meta.recipient, role: meta.role };
    const existing = await store.get(meta);
    // a deferred SMS is the drain's to send; a replayed stream record leaves it in the queue
    if (existing?.status === 'deferred' && !draining) return { ...base, outcome: 'deferred', reason: 'deferred' };
    if (existing && existing.status !== 'pending' && existing.status !== 'deferred') return settleExisting(meta, existing, context);

    // no number: a report relayed by an Open311 client without one, or one whose contact was removed; nothing failed
    if (recipient.phone === undefined) return recordUnclaimed(meta, { status: 'skipped', reason: 'no-phone' }, context);
    // the reporter filed a duplicate of their own report: one SMS per number is enough
    if (sameNumber) return recordUnclaimed(meta, { status: 'skipped', reason: 'same-number' }, context);
    if (!recipient.optOutExempt && (await sender.isOptedOut(recipient.phone))) return recordUnclaimed(meta, { status: 'skipped', reason: 'opted-out' }, context);
    if (deps.firstContact && !(await admitted(deps.firstContact, recipient.phone, draining))) return defer(deps.firstContact, meta, context);

    // Start no Publish that the function timeout could cut short: retry the record in a fresh invocation instead.
    const remaining = context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
    if (remaining < publishTimeoutMs + SAFETY_MS) throw new OutOfTimeError(`Only ${remaining} ms left for delivery ${describe(meta)}`);

    const at = now();
    const phone = recipient.phone;
    const day = dayIn(at, jurisdiction.timeZone);
    const counted = await store.countDailySms(phone, day, deps.dailyCap, Math.floor(at.getTime() / 1000) + COUNTER_TTL_SECONDS);
    if (!counted) return recordUnclaimed(meta, { status: 'skipped', reason: 'daily-cap' }, context);
    // The count is taken before the claim, so a crash in between over-counts by one (the safe side). A message
    // that certainly did not go out gives its count back, so retries of a failing publish do not eat the cap.
    const uncount = () =>
      store.uncountDailySms(phone, day).catch((err: unknown) => {
        log.warn('Could not give back a daily SMS count', { ...ref(meta), error: errorName(err) });
        return false;
      });

    const token = newToken();
    const claimedAt = now();
    if (!(await store.claim(meta, token, new Date(claimedAt.getTime() + leaseMs), claimedAt))) {
      await uncount();
      const current = await store.get(meta);
      if (current && current.status !== 'pending') return settleExisting(meta, current, context);
      throw new ClaimHeldError(`Delivery ${describe(meta)} could not be claimed`);
    }

    // The deadline starts at the claim, so the call ends (one way or another) before the lease does.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), publishTimeoutMs);
    let outcome: Awaited<ReturnType<SmsSender['publish']>>;
    try {
      outcome = await sender.publish(recipient.phone, sms.text, { abortSignal: deadline.signal });
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
        await deps.firstContact?.store
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

  /** Known numbers pass; a new number takes budget, behind any queue unless it is the queue being drained. */
  async function admitted(gate: FirstContactGate, phone: string, draining: boolean): Promise<boolean> {
    if (await gate.store.isKnown(phone)) return true;
    if (!draining && (await gate.store.hasBacklog())) return false;
    return gate.store.admit(now(), gate.budget);
  }

  async function defer(
    gate: FirstContactGate,
    meta: DeliveryMeta,
    context: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
  ): Promise<RecipientResult> {
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

  async function recordUnclaimed(
    meta: DeliveryMeta,
    outcome: FinalOutcome & { status: 'skipped' | 'failed' },
    context: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
  ): Promise<RecipientResult> {
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
  async function settleExisting(
    meta: DeliveryMeta,
    existing: DeliveryItem,
    context: Pick<Context, 'getRemainingTimeInMillis'> | undefined,
  ): Promise<RecipientResult> {
    const base = { recipient: meta.recipient, role: meta.role };
    let current: DeliveryItem | undefined = existing;
    for (let round = 0; round < 2 && current?.status === 'sending'; round++) {
      const leaseLeft = current.leaseUntil === undefined ? 0 : Date.parse(current.leaseUntil) - now().getTime();
      if (leaseLeft > 0) {
        const remaining = context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
        if (leaseLeft + SAFETY_MS > remaining) throw new ClaimHeldError(`Delivery ${describe(meta)} is claimed until ${current.leaseUntil}`);
        await sleep(leaseLeft + 50);
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

  return { handleRecord };
}

export type Notifier = ReturnType<typeof createNotifier>;

/** The reply an inbound message record carries (see inbound-store.ts), or undefined when it is not whole. */
function parseStoredReply(image: Record<string, unknown>) {
  const r = image.reply as Record<string, unknown> | undefined;
  if (typeof image.pk !== 'string' || typeof image.phone !== 'string' || !r || typeof r.text !== 'string' || typeof r.kind !== 'string') return undefined;
  if (!(REPLY_KINDS as readonly string[]).includes(r.kind)) return undefined;
  const size = smsSegments(r.text);
  return {
    partition: image.pk,
    phone: image.phone,
    kind: r.kind as ReplyKind,
    text: r.text,
    language: typeof r.language === 'string' ? r.language : 'id',
    segments: size.segments,
    encoding: size.encoding,
    optOutExempt: r.optOutExempt === true,
  };
}

const ref = (r: DeliveryRef) => ({ reportId: r.reportId, eventSeq: r.eventSeq, recipient: r.recipient });
const describe = (r: DeliveryRef) => `${r.reportId}#${r.eventSeq}→${r.recipient}`;
