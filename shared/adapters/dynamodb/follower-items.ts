/**
 * Phone followers: a number that follows a report it did not file, to get the SMS of every later status change.
 * One item per (report, number), beside the report's contact item: pk `CONTACT#<code>`, sk `F#<phoneKey(number)>`, attributes
 * `phone` (E.164), `language`, `createdAt`. The sort key is the phone key, never the number, so a key can be logged.
 * Another reader (SMS replies) writes and reads the same shape: keep it.
 *
 * SMS delivery records name such a recipient `F-<phoneKey(number)>` (see followerRecipient): the notifier needs a
 * stable id per number for exactly-once, and staff must not read the number in it.
 */
import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../../config/jurisdiction';
import { phoneKey } from '../../domain/phone';
import { contactPk } from './contact-items';
import { reportPk } from './report-items';

export const FOLLOWER_SK_PREFIX = 'F#';
export const followerSk = async (e164: string) => `${FOLLOWER_SK_PREFIX}${await phoneKey(e164)}`;
export const followerRecipient = async (e164: string) => `F-${await phoneKey(e164)}`;

export interface PhoneFollower {
  phone: string;
  language: Language;
  createdAt: string;
}

export async function toFollowerItem(reportId: string, f: PhoneFollower): Promise<Record<string, unknown>> {
  return { pk: contactPk(reportId), sk: await followerSk(f.phone), phone: f.phone, language: f.language, createdAt: f.createdAt };
}

export const isFollowerItem = (item: Record<string, unknown>) => typeof item.sk === 'string' && item.sk.startsWith(FOLLOWER_SK_PREFIX);

/**
 * Every phone follower of a report: one Query beside its contact item (strongly consistent: a follow just made
 * counts), and one in the report's own partition, where followers lived before contact moved out, until
 * `npm run migrate-contacts` has moved them (the same number in both counts once).
 */
export async function listPhoneFollowers(doc: DynamoDBDocumentClient, table: string, reportId: string): Promise<PhoneFollower[]> {
  const [current, legacy] = await Promise.all([followersIn(doc, table, contactPk(reportId)), followersIn(doc, table, reportPk(reportId))]);
  const seen = new Set(current.map((f) => f.phone));
  return [...current, ...legacy.filter((f) => !seen.has(f.phone))];
}

/**
 * Removes every phone follower of a report (both layouts), for the retention purge: a follower's number is contact
 * data like the reporter's. Deleted one by one before the purge's own write, so a run that stops halfway leaves
 * the report due and the next run finishes; deleting what is already gone is harmless.
 */
export async function deletePhoneFollowers(doc: DynamoDBDocumentClient, table: string, reportId: string): Promise<number> {
  let deleted = 0;
  for (const pk of [contactPk(reportId), reportPk(reportId)]) {
    for (const follower of await followersIn(doc, table, pk)) {
      await doc.send(new DeleteCommand({ TableName: table, Key: { pk, sk: await followerSk(follower.phone) } }));
      deleted += 1;
    }
  }
  return deleted;
}

async function followersIn(doc: DynamoDBDocumentClient, table: string, pk: string): Promise<PhoneFollower[]> {
  const out: PhoneFollower[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
        ExpressionAttributeValues: { ':pk': pk, ':f': FOLLOWER_SK_PREFIX },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.phone !== 'string') continue;
      out.push({ phone: item.phone, language: item.language === 'en' ? 'en' : 'id', createdAt: String(item.createdAt ?? '') });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}
