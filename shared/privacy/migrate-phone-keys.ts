/**
 * Re-keys stored phone-number keys to the current phoneKey: after the move from the unkeyed hash to the keyed MAC,
 * and after each pepper rotation. Every key is recomputed from the number stored beside it, so the old function
 * is never needed (and the old keys need not be reversible):
 *
 * - a contact item's `reporterKey` (the "reports by this number" index), from its `phone` (or, on a report item
 *   written before contact moved to its own item, from `reporter.phone`); purged contact carries no key;
 * - a follower item `F#<key>` with its `phone`, moved to `F#<current key>` (put the new, delete the old, together).
 *
 * Short-lived counters (per-number quotas, SMS caps: a day or two) are not migrated: they expire, and until then
 * the number simply counts afresh under its new key. A maintenance script, so it reads the table with a Scan;
 * no request path ever does. Safe to run again: a second run changes nothing.
 */
import { ScanCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { followerSk } from '../adapters/dynamodb/follower-items';
import { keys } from '../adapters/dynamodb/report-items';

export interface MigrationResult {
  scanned: number;
  reports: number;
  followers: number;
}

const isConditionFailure = (err: unknown) =>
  ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes((err as { name?: string } | null)?.name ?? '');

export async function migratePhoneKeys(doc: DynamoDBDocumentClient, table: string, log: (line: string) => void = () => undefined): Promise<MigrationResult> {
  const result: MigrationResult = { scanned: 0, reports: 0, followers: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'attribute_exists(reporterKey) OR (begins_with(sk, :f) AND attribute_exists(phone))',
        ExpressionAttributeValues: { ':f': 'F#' },
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    for (const item of page.Items ?? []) {
      result.scanned++;
      const phone = typeof item.phone === 'string' ? item.phone : (item.reporter as { phone?: unknown } | undefined)?.phone;
      if (typeof phone !== 'string') continue;
      if (item.reporterKey !== undefined) {
        const wanted = await keys.reporter(phone);
        if (item.reporterKey === wanted) continue;
        try {
          // conditional on the old key: a report rewritten meanwhile already carries the right one
          await doc.send(
            new UpdateCommand({
              TableName: table,
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: 'SET reporterKey = :new',
              ConditionExpression: 'reporterKey = :old',
              ExpressionAttributeValues: { ':new': wanted, ':old': item.reporterKey },
            }),
          );
          result.reports++;
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
        }
      } else {
        const wanted = await followerSk(phone);
        if (item.sk === wanted) continue;
        try {
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: table, Item: { ...item, sk: wanted }, ConditionExpression: 'attribute_not_exists(pk)' } },
                { Delete: { TableName: table, Key: { pk: item.pk, sk: item.sk } } },
              ],
            }),
          );
          result.followers++;
        } catch (err) {
          if (!isConditionFailure(err)) throw err;
        }
      }
    }
    start = page.LastEvaluatedKey;
    log(`scanned ${result.scanned}, re-keyed ${result.reports} reports and ${result.followers} followers`);
  } while (start);
  return result;
}
