/**
 * The notifier use case: one table-stream record (a history event flagged `notify`, or an inbound message that
 * carries a reply) in, at most one SMS per recipient out, and a delivery record per recipient that says what
 * happened.
 *
 * Who gets it: recipients.ts. Each gets the text in their own language (message.ts); a number reached once for an
 * event is not texted again for it (`same-number`). How each SMS goes out exactly once: deliver-sms.ts. Which SMS
 * wait for a later change of the same report to go out as one: coalescing.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type { DeliveryMeta, DynamoDeliveryStore } from '../adapters/dynamodb/delivery-store';
import { INBOUND_ENTITY } from '../adapters/dynamodb/inbound-store';
import { fromEventItem } from '../adapters/dynamodb/report-items';
import { errorName, type SmsSender } from '../adapters/sns/sms-sender';
import type { Jurisdiction } from '../config/jurisdiction';
import type { HistoryEvent } from '../domain/report';
import type { CitizenSmsKind } from '../domain/sms/templates';
import { silentLog, type CountMetricsPort, type LogPort } from '../observability/ports';
import { openViewKey } from '../privacy/view-key';
import { holdUntil, supersedeEarlier, type Coalescing } from './coalescing';
import { createSmsDelivery, ref, type DeliveryStorePort as DeliveryWrites, type RecipientResult } from './deliver-sms';
import type { FirstContactGate } from './first-contact';
import { parseStoredReply } from './inbound-reply';
import { renderEventSms, smsKindFor } from './message';
import { recipientsOf, type Recipient, type RecipientLookup } from './recipients';
import { SMS_METRICS } from './sms-metrics';
import { matchesFilter, NOTIFY_STREAM_FILTER } from './stream-filter';
import { unmarshallImage, type StreamAttributeValue } from './stream-image';

export { ClaimHeldError, OutOfTimeError } from './delivery-errors';
export type { RecipientResult } from './deliver-sms';

export type DeliveryStorePort = DeliveryWrites & Pick<DynamoDeliveryStore, 'getReport'> & RecipientLookup;

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
  log?: LogPort;
  metrics?: CountMetricsPort;
  /**
   * the upload-token secrets, which open the sealed view key a confidential report's receipt event carries; asked
   * for only when such a receipt is sent (the read is cached per container), not when the function starts
   */
  viewKeySecrets?: () => Promise<readonly string[]>;
  /** the breaker for numbers never texted before; without it every SMS goes out at once */
  firstContact?: FirstContactGate;
  /** hold intermediate changes' SMS for a later change to supersede; without it every SMS goes out at once */
  coalescing?: Coalescing;
}

export interface HandleOptions {
  /** a drain: deliver only this recipient's SMS, which waited in the first-contact or the hold queue */
  drain?: { recipient: string };
}

export interface RecordResult {
  /** why nothing was due: the record is not an outbox event, or the event calls for no SMS */
  ignored?: 'not-outbox' | 'no-sms';
  reportId?: string;
  eventSeq?: number;
  kind?: CitizenSmsKind;
  recipients: RecipientResult[];
}

const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
const LEASE_MARGIN_MS = 5_000;

export function createNotifier(deps: NotifierDeps) {
  const now = deps.now ?? (() => new Date());
  const publishTimeoutMs = deps.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  const leaseMs = deps.leaseMs ?? publishTimeoutMs + LEASE_MARGIN_MS;
  if (leaseMs <= publishTimeoutMs) throw new Error('The claim lease must outlast the publish deadline');
  if (!Number.isInteger(deps.dailyCap) || deps.dailyCap < 1) throw new Error('The daily SMS cap must be a positive integer');
  const log = deps.log ?? silentLog;
  const { store, jurisdiction } = deps;
  const coalescing = deps.coalescing && deps.coalescing.windowMs > 0 ? deps.coalescing : undefined;
  const { deliver } = createSmsDelivery({
    store,
    sender: deps.sender,
    timeZone: jurisdiction.timeZone,
    dailyCap: deps.dailyCap,
    now,
    newToken: deps.newToken ?? randomUUID,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    publishTimeoutMs,
    leaseMs,
    log,
    ...(deps.metrics && { metrics: deps.metrics }),
    ...(deps.firstContact && { firstContact: deps.firstContact }),
    ...(coalescing && { coalescing }),
  });

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
    if (image.entity === INBOUND_ENTITY) return handleReply(image, context, options);
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
    const recipients = await recipientsOf(store, event, found, log);
    const draining = options.drain !== undefined;
    const dueAt = coalescing && !draining ? holdUntil(kind, event.at, coalescing.windowMs) : undefined;

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
        // this change carries the latest state: what is still held of earlier ones is not sent
        if (coalescing && !draining && event.type === 'status') await supersede(coalescing, meta);
        // every SMS to the reporter of a confidential report carries its key, or the link would open nothing (a
        // report filed before the report item kept the sealed key has it in its receipt's event alone)
        const sealed = recipient.role === 'reporter' ? (report.viewKeySealed ?? (kind === 'received' ? event.data?.viewKeySealed : undefined)) : undefined;
        const viewKey = sealed === undefined ? undefined : openViewKey(sealed, (await deps.viewKeySecrets?.()) ?? []);
        const rendered = renderEventSms(kind, event, report, recipient.language, jurisdiction, viewKey);
        results.push(await deliver(meta, recipient, rendered, { sameNumber, draining, ...(dueAt && { holdUntil: dueAt }) }, context));
      } catch (err) {
        // the other recipients still get their SMS now; this record is retried for the one that failed
        log.warn('SMS delivery to be retried', { ...ids, recipient: recipient.code, role: recipient.role, error: errorName(err) });
        firstError ??= err;
      }
    }
    if (firstError !== undefined) throw firstError;
    return { ...ids, kind, recipients: results };
  }

  async function supersede(c: Coalescing, meta: DeliveryMeta): Promise<void> {
    const superseded = await supersedeEarlier(c.store, meta, now());
    if (superseded === 0) return;
    deps.metrics?.addMetric(SMS_METRICS.superseded, 'Count', superseded);
    log.info('Held SMS superseded by a later change', { ...ref(meta), superseded });
  }

  /** The answer to an inbound message: one SMS to its sender, recorded in the message's own partition. */
  async function handleReply(image: Record<string, unknown>, context: Pick<Context, 'getRemainingTimeInMillis'> | undefined, options: HandleOptions): Promise<RecordResult> {
    const reply = parseStoredReply(image);
    if (!reply) {
      log.warn('Inbound message without a usable reply; nothing sent', { partition: String(image.pk) });
      return { ignored: 'no-sms', recipients: [] };
    }
    const reportId = typeof image.reportId === 'string' ? image.reportId : '-';
    const meta: DeliveryMeta = { reportId, eventSeq: 0, recipient: 'sender', role: 'sender', kind: reply.kind, language: reply.language, partition: reply.partition };
    const recipient: Recipient = { code: 'sender', role: 'sender', phone: reply.phone, language: reply.language, optOutExempt: reply.optOutExempt };
    // the deferral drain replays the message: it may take the deferred record
    return { reportId, eventSeq: 0, recipients: [await deliver(meta, recipient, reply, { sameNumber: false, draining: options.drain !== undefined }, context)] };
  }

  return { handleRecord };
}

export type Notifier = ReturnType<typeof createNotifier>;
