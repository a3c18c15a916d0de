/**
 * Moves reporters' contact details out of report items written before contact had an item of its own, and brings
 * every report item to the current key layout (status partitions per category, no district/category/max-age/
 * reporter index keys):
 *
 * - a report item is rewritten as the current code writes it (toReportItem of what it holds), its number, name and
 *   e-mail put in its contact item (`CONTACT#<code>`, `C`) and a publicly shown name beside it (`R#<code>`, `N`), in
 *   one transaction guarded by the report's version, which does not move (the ETag staff hold stays valid);
 * - a phone follower `R#<code>` / `F#<key>` moves to `CONTACT#<code>` / `F#<key>` (put the new, delete the old).
 *
 * A maintenance script, so it reads the table with a Scan; no request path ever does. Safe to run again and to run
 * while the service runs: an item already in the current layout is left alone, and a report changed meanwhile
 * fails its version condition and is taken again on the next run (it was rewritten in the new layout anyway).
 */
import { ScanCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contactPk, toContactItem, toPublicNameItem } from '../adapters/dynamodb/contact-items';
import { FOLLOWER_SK_PREFIX } from '../adapters/dynamodb/follower-items';
import { fromReportItem, REPORT_SK, toReportItem } from '../adapters/dynamodb/report-items';

export interface ContactMigrationResult {
  scanned: number;
  reports: number;
  contacts: number;
  followers: number;
  /** reports changed by someone else between the read and the write: run again */
  conflicts: number;
}

const isConditionFailure = (err: unknown) =>
  ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes((err as { name?: string } | null)?.name ?? '');

/** The stored form, without attributes whose value is undefined, in a stable order: to compare two items. */
const canonical = (item: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b))));

export async function migrateContacts(doc: DynamoDBDocumentClient, table: string, log: (line: string) => void = () => undefined): Promise<ContactMigrationResult> {
  const result: ContactMigrationResult = { scanned: 0, reports: 0, contacts: 0, followers: 0, conflicts: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: '(sk = :r AND entity = :report) OR (begins_with(pk, :rp) AND begins_with(sk, :f))',
        ExpressionAttributeValues: { ':r': REPORT_SK, ':report': 'report', ':rp': 'R#', ':f': FOLLOWER_SK_PREFIX },
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    for (const item of page.Items ?? []) {
      result.scanned++;
      try {
        if (item.sk === REPORT_SK) await migrateReport(doc, table, item, result);
        else await moveFollower(doc, table, item, result);
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        result.conflicts++;
      }
    }
    start = page.LastEvaluatedKey;
    log(`scanned ${result.scanned}: ${result.reports} reports rewritten, ${result.contacts} contacts and ${result.followers} followers moved`);
  } while (start);
  return result;
}

async function migrateReport(doc: DynamoDBDocumentClient, table: string, item: Record<string, unknown>, result: ContactMigrationResult): Promise<void> {
  const report = fromReportItem(item);
  const next = toReportItem(report);
  if (canonical(next) === canonical(item)) return;
  // only an item of the old layout holds the details themselves; a current one says `contactHeld` and keeps its item
  const contact = report.reporter.contactHeld ? undefined : await toContactItem(report);
  const publicName = report.reporter.contactHeld ? undefined : toPublicNameItem(report);
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: next, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': item.version } } },
        ...[contact, publicName].filter((i) => i !== undefined).map((Item) => ({ Put: { TableName: table, Item } })),
      ],
    }),
  );
  result.reports++;
  if (contact) result.contacts++;
}

async function moveFollower(doc: DynamoDBDocumentClient, table: string, item: Record<string, unknown>, result: ContactMigrationResult): Promise<void> {
  const code = String(item.pk).slice('R#'.length);
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        // a number that followed again after the deploy already has its entry beside the contact: keep that one
        { Put: { TableName: table, Item: { ...item, pk: contactPk(code) }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Delete: { TableName: table, Key: { pk: item.pk, sk: item.sk } } },
      ],
    }),
  ).catch(async (err: unknown) => {
    if (!isConditionFailure(err)) throw err;
    // the entry exists beside the contact already: only the old one goes
    await doc.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: table, Key: { pk: item.pk, sk: item.sk } } }] }));
  });
  result.followers++;
}
