/**
 * The inbound side of two-way SMS in the single table: inbound message records, the help allowance per number and
 * day, and the report lookups the "a citizen sent a message" use case needs. Status changes go through
 * DynamoReportRepository.applyChange, which writes the inbound record in the same transaction.
 *
 * Items:
 * - inbound message: pk `SMSIN#<hash of provider and message id>`, sk `M`, `entity: 'inbound'`. Written once, only
 *   if its key is free, so a message delivered twice is recorded (and answered) once. When a reply is due it carries
 *   `notify: true`, the sender's number and the rendered reply: the table stream hands it to the notifier, which
 *   sends it with a delivery record in the same partition (exactly once, daily cap, opt-out). Expires after 90 days.
 * - help allowance: pk `SMSHELP#<phoneKey>`, sk `YYYY-MM-DD`, `count`; expires after two days.
 * - phone followers: pk `CONTACT#<code>`, sk `F#<phoneKey>`, read by GetItem (the number and language of a follower).
 * Reports are read with their reporter's contact (pk `CONTACT#<code>`, sk `C`): whether the sender is the reporter.
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../../config/jurisdiction';
import { phoneKey } from '../../domain/phone';
import type { Report } from '../../domain/report';
import { optOutItem } from './opt-out-store';
import { fromReportItem, keys, REPORT_SK, reportPk } from './report-items';
import { contactPk, joinContact, readWhole } from './contact-items';
import { followerSk } from './follower-items';
import { INBOUND_MESSAGE_SK } from './delivery-items';

export const INBOUND_ENTITY = 'inbound';
export const INBOUND_RETENTION_SECONDS = 90 * 24 * 3600;
const HELP_COUNTER_TTL_SECONDS = 2 * 24 * 3600;

/** A provider's message id may be long or hold any character: the key is a hash of it. */
export const inboundKey = (provider: string, messageId: string) => ({
  pk: `SMSIN#${createHash('sha256').update(`${provider}\n${messageId}`).digest('base64url').slice(0, 32)}`,
  sk: INBOUND_MESSAGE_SK,
});

export interface StoredReply {
  kind: string;
  text: string;
  language: Language;
  segments: number;
  encoding: string;
  /** the confirmation of BERHENTI goes out although the number has just opted out */
  optOutExempt?: boolean;
}

export interface InboundRecord {
  provider: string;
  messageId: string;
  receivedAt: string;
  /** E.164; only kept while a reply is due to it (the notifier needs it) */
  phone?: string;
  command: string;
  /** what came of it: replied, closed, reopened, opted-out, opted-in, help, silenced */
  outcome: string;
  reportId?: string;
  reply?: StoredReply;
}

export async function inboundItem(record: InboundRecord, senderPhone: string): Promise<Record<string, unknown>> {
  const { phone: _phone, ...rest } = record;
  return {
    ...inboundKey(record.provider, record.messageId),
    entity: INBOUND_ENTITY,
    ...rest,
    messageId: record.messageId.slice(0, 200),
    senderKey: await phoneKey(senderPhone),
    ...(record.reply && { phone: senderPhone }),
    notify: record.reply !== undefined,
    expiresAt: Math.floor(Date.parse(record.receivedAt) / 1000) + INBOUND_RETENTION_SECONDS,
  };
}

const conditionFailedAt = (err: unknown, index: number): boolean =>
  err instanceof TransactionCanceledException && err.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

export class DynamoInboundStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async hasInbound(provider: string, messageId: string): Promise<boolean> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: inboundKey(provider, messageId), ConsistentRead: true }));
    return out.Item !== undefined;
  }

  async getReport(code: string): Promise<Report | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: reportPk(code), sk: REPORT_SK }, ConsistentRead: true }));
    return out.Item ? joinContact(this.doc, this.table, fromReportItem(out.Item)) : undefined;
  }

  /**
   * The number's reports, newest first, by the reporter index (never a Scan). The index holds the keys of contact
   * items only; each report is then read by key, and its reporter's number is the one asked about (the index key
   * is that number's keyed hash).
   */
  async reportsOf(e164: string, limit: number): Promise<Report[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi11-reporter',
        KeyConditionExpression: 'reporterKey = :key',
        ExpressionAttributeValues: { ':key': await keys.reporter(e164) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    // (a report item itself, until `npm run migrate-contacts` has run on a table of the earlier layout)
    const codeOf = (pk: string) => (pk.startsWith(contactPk('')) ? pk.slice(contactPk('').length) : pk.slice(reportPk('').length));
    const rows = (out.Items ?? []).map((i) => ({ pk: reportPk(codeOf(String(i.pk))), sk: REPORT_SK }));
    return (await readWhole(this.doc, this.table, rows)).map(fromReportItem).map((r) => ({ ...r, reporter: { ...r.reporter, phone: e164 } }));
  }

  /** A phone follower of a report (an item `F#<phoneKey>` in its partition), if this number is one. */
  async phoneFollower(code: string, e164: string): Promise<{ language?: Language } | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: contactPk(code), sk: await followerSk(e164) } }));
    if (!out.Item) return undefined;
    const language = out.Item.language === 'en' || out.Item.language === 'id' ? (out.Item.language as Language) : undefined;
    return { ...(language && { language }) };
  }

  /** Records the message; false when it was recorded before (a second delivery). */
  async record(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  /** Records the message and sets the number's opt-out, together. False when the message was recorded before. */
  async recordWithOptOut(item: Record<string, unknown>, e164: string, optedOut: boolean, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.table, Item: await optOutItem(e164, optedOut, at) } },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (conditionFailedAt(err, 0)) return false;
      throw err;
    }
  }

  /**
   * Records a message that gets the help text, counting it against the number's allowance for the day. When the
   * allowance is spent, `silenced` is written instead (same record, no reply). 'duplicate': recorded before.
   */
  async recordHelp(
    withReply: Record<string, unknown>,
    silenced: Record<string, unknown>,
    e164: string,
    day: string,
    allowance: number,
    nowSeconds: number,
  ): Promise<'answered' | 'silenced' | 'duplicate'> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: withReply, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: this.table,
                Key: { pk: `SMSHELP#${await phoneKey(e164)}`, sk: day },
                ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
                UpdateExpression: 'ADD #count :one SET expiresAt = :exp',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':one': 1, ':max': allowance, ':exp': nowSeconds + HELP_COUNTER_TTL_SECONDS },
              },
            },
          ],
        }),
      );
      return 'answered';
    } catch (err) {
      if (conditionFailedAt(err, 0)) return 'duplicate';
      if (!conditionFailedAt(err, 1)) throw err;
    }
    return (await this.record(silenced)) ? 'silenced' : 'duplicate';
  }
}
