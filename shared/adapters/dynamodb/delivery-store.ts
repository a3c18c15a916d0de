/**
 * The notifier's secondary adapter to the single table: delivery records (claim, finish, release), the per-number
 * daily counter, and the report lookups the notifier needs. Every write that decides "who sends" is conditional;
 * a lost race shows up as `false`, never as an exception.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Report } from '../../domain/report';
import {
  DELIVERY_ENTITY,
  deliveryKeyOf,
  smsCapKey,
  type DeliveryItem,
  type DeliveryReason,
  type RecipientRole,
} from './delivery-items';
import type { CitizenSmsKind } from '../../domain/sms/templates';
import type { ReplyKind } from '../../domain/sms/reply-templates';
import { fromReportItem, REPORT_SK, reportPk } from './report-items';
import { listPhoneFollowers, type PhoneFollower } from './follower-items';
import { joinContact } from './contact-items';

export interface DeliveryRef {
  reportId: string;
  eventSeq: number;
  recipient: string;
  /** where the record lives when it is not the report's partition (a reply to an inbound message) */
  partition?: string;
}

export interface DeliveryMeta extends DeliveryRef {
  role: RecipientRole;
  kind: CitizenSmsKind | ReplyKind;
  language: string;
}

export interface FinalOutcome {
  status: 'sent' | 'skipped' | 'failed';
  reason?: DeliveryReason;
  messageId?: string;
  segments?: number;
  encoding?: string;
}

export interface ReportForNotification {
  report: Report;
  /** codes of reports marked as duplicates of this one, whose reporters follow it */
  followers: string[];
}

export const isConditionalCheckFailed = (err: unknown): boolean =>
  (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/** Claimable: never written, released by a transient error, waiting in the first-contact queue or held for coalescing. */
const CLAIMABLE = 'attribute_not_exists(pk) OR #status IN (:pending, :deferred, :held)';

export class DynamoDeliveryStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(ref: DeliveryRef): Promise<DeliveryItem | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: deliveryKeyOf(ref), ConsistentRead: true }),
    );
    return out.Item as DeliveryItem | undefined;
  }

  /** Takes the right to publish this SMS until `leaseUntil`. False when someone else holds or finished it. */
  async claim(meta: DeliveryMeta, token: string, leaseUntil: Date, now: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: deliveryKeyOf(meta),
        ConditionExpression: CLAIMABLE,
        UpdateExpression:
          'SET #entity = :entity, reportId = :reportId, eventSeq = :eventSeq, recipient = :recipient, #role = :role, ' +
          '#kind = :kind, #language = :language, #status = :sending, claimToken = :token, leaseUntil = :lease, #at = :at ' +
          'ADD attempts :one REMOVE #reason, lastError',
        ExpressionAttributeNames: {
          '#reason': 'reason', '#entity': 'entity', '#role': 'role', '#kind': 'kind', '#language': 'language', '#status': 'status', '#at': 'at',
        },
        ExpressionAttributeValues: {
          ...metaValues(meta),
          ':pending': 'pending',
          ':deferred': 'deferred',
          ':held': 'held',
          ':sending': 'sending',
          ':token': token,
          ':lease': leaseUntil.toISOString(),
          ':at': now.toISOString(),
          ':one': 1,
        },
      }),
    );
  }

  /**
   * Records the outcome of our claim. Also allowed over an `outcome-unknown` verdict that another invocation gave our
   * claim after its lease ran out: we know better, since we did get an answer from SNS.
   */
  async finish(ref: DeliveryRef, token: string, outcome: FinalOutcome, now: Date): Promise<boolean> {
    const sets = ['#status = :status', '#at = :at'];
    const values: Record<string, unknown> = {
      ':status': outcome.status, ':at': now.toISOString(), ':token': token,
      ':sending': 'sending', ':failed': 'failed', ':unknown': 'outcome-unknown',
    };
    const names: Record<string, string> = { '#status': 'status', '#at': 'at', '#reason': 'reason' };
    for (const attr of ['reason', 'messageId', 'segments', 'encoding'] as const) {
      if (outcome[attr] !== undefined) {
        sets.push(`#${attr} = :${attr}`);
        names[`#${attr}`] = attr;
        values[`:${attr}`] = outcome[attr];
      }
    }
    const removes = ['leaseUntil', ...(outcome.reason === undefined ? ['#reason'] : [])];
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: deliveryKeyOf(ref),
        ConditionExpression: 'claimToken = :token AND (#status = :sending OR (#status = :failed AND #reason = :unknown))',
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Gives the claim back after a transient error (nothing was sent), so the retried stream record can claim again. */
  async release(ref: DeliveryRef, token: string, lastError: string, now: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: deliveryKeyOf(ref),
        ConditionExpression: 'claimToken = :token AND #status = :sending',
        UpdateExpression: 'SET #status = :pending, lastError = :error, #at = :at REMOVE claimToken, leaseUntil',
        ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
        ExpressionAttributeValues: { ':token': token, ':sending': 'sending', ':pending': 'pending', ':error': lastError, ':at': now.toISOString() },
      }),
    );
  }

  /**
   * Closes a claim whose holder died after claiming (its lease has run out): the SMS may or may not have gone out,
   * and at-most-once means it is not sent again. The claim token stays, so a holder that was merely slow can still
   * record what it knows (see `finish`).
   */
  async abandon(ref: DeliveryRef, token: string, now: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: deliveryKeyOf(ref),
        ConditionExpression: 'claimToken = :token AND #status = :sending AND leaseUntil <= :now',
        UpdateExpression: 'SET #status = :failed, #reason = :unknown, #at = :now REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status', '#at': 'at', '#reason': 'reason' },
        ExpressionAttributeValues: { ':token': token, ':sending': 'sending', ':failed': 'failed', ':unknown': 'outcome-unknown', ':now': now.toISOString() },
      }),
    );
  }

  /** A final record for an SMS that was never claimed (skipped before publishing). False if already recorded. */
  async recordUnclaimed(meta: DeliveryMeta, outcome: FinalOutcome, now: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: deliveryKeyOf(meta),
        ConditionExpression: CLAIMABLE,
        UpdateExpression:
          'SET #entity = :entity, reportId = :reportId, eventSeq = :eventSeq, recipient = :recipient, #role = :role, ' +
          '#kind = :kind, #language = :language, #status = :status, #at = :at' +
          (outcome.reason !== undefined ? ', #reason = :reason' : '') +
          ' ADD attempts :one REMOVE lastError' + (outcome.reason === undefined ? ', #reason' : ''),
        ExpressionAttributeNames: {
          '#reason': 'reason', '#entity': 'entity', '#role': 'role', '#kind': 'kind', '#language': 'language', '#status': 'status', '#at': 'at',
        },
        ExpressionAttributeValues: {
          ...metaValues(meta),
          ':pending': 'pending',
          ':deferred': 'deferred',
          ':held': 'held',
          ':status': outcome.status,
          ':at': now.toISOString(),
          ':one': 1,
          ...(outcome.reason !== undefined && { ':reason': outcome.reason }),
        },
      }),
    );
  }

  /**
   * Counts one SMS to this number on this day, unless the cap is reached (then false). Atomic: concurrent senders
   * can never push the count past the cap.
   */
  async countDailySms(e164: string, day: string, cap: number, expiresAt: number): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: await smsCapKey(e164, day),
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
        UpdateExpression: 'ADD #count :one SET expiresAt = :exp',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':exp': expiresAt },
      }),
    );
  }

  /** Takes back one count after an SMS that certainly did not go out (a transient error, a rejection). */
  async uncountDailySms(e164: string, day: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.table,
        Key: await smsCapKey(e164, day),
        ConditionExpression: '#count > :zero',
        UpdateExpression: 'ADD #count :minus',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':zero': 0, ':minus': -1 },
      }),
    );
  }

  /**
   * The report and its followers, read strongly consistent: the event that names it was committed with it. The
   * reporter's number comes from the report's contact item (a second GetItem, only when it has one).
   */
  async getReport(id: string): Promise<ReportForNotification | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: reportPk(id), sk: REPORT_SK }, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const followers = Array.isArray(out.Item.followers) ? out.Item.followers.filter((f): f is string => typeof f === 'string') : [];
    return { report: await joinContact(this.doc, this.table, fromReportItem(out.Item)), followers };
  }

  /** Numbers that follow the report by phone (items `F#…` beside its contact item). */
  listPhoneFollowers(reportId: string): Promise<PhoneFollower[]> {
    return listPhoneFollowers(this.doc, this.table, reportId);
  }

  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.doc.send(command);
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }
}

function metaValues(meta: DeliveryMeta): Record<string, unknown> {
  return {
    ':entity': DELIVERY_ENTITY,
    ':reportId': meta.reportId,
    ':eventSeq': meta.eventSeq,
    ':recipient': meta.recipient,
    ':role': meta.role,
    ':kind': meta.kind,
    ':language': meta.language,
  };
}
