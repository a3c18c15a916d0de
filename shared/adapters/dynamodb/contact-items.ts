/**
 * Where a reporter's contact details live: one item per report, pk `CONTACT#<code>`, sk `C`, written in the same
 * transaction as the report. It carries the number (E.164), name, e-mail and language, and, for the "reports of this
 * number" index (`gsi11-reporter`, KEYS_ONLY), the number's keyed hash and the report's creation key. Phone
 * followers share the partition (`F#<phoneKey>`, follower-items.ts): everything that holds a number sits under one
 * key prefix, which only the functions that need a number may read (IAM `dynamodb:LeadingKeys`).
 *
 * A name the reporter asked to show publicly is the one exception the public needs: it is kept in an item of its own
 * in the report's partition (sk `N`), read with the history by the public view, in no index, removed by the purge.
 */
import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Report, Reporter } from '../../domain/report';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { keys, reportPk } from './report-items';

export const contactPk = (code: string) => `CONTACT#${code}`;
export const CONTACT_SK = 'C';
export const PUBLIC_NAME_SK = 'N';
export const CONTACT_ENTITY = 'contact';

export type ContactDetails = Pick<Reporter, 'phone' | 'name' | 'email' | 'language'>;

/** The contact item of a new report, or none when the reporter left no number, name or e-mail. */
export async function toContactItem(report: Report): Promise<Record<string, unknown> | undefined> {
  const { phone, name, email, language } = report.reporter;
  if ((phone ?? name ?? email) === undefined) return undefined;
  return {
    pk: contactPk(report.id),
    sk: CONTACT_SK,
    entity: CONTACT_ENTITY,
    reportId: report.id,
    ...(phone && { phone }),
    ...(name && { name }),
    ...(email && { email }),
    language,
    createdAt: report.createdAt,
    ...(phone && { reporterKey: await keys.reporter(phone), createdKey: `${report.createdAt}#${report.id}` }),
  };
}

/** The name a reporter asked to show, beside the report (the public view reads it with the history). */
export function toPublicNameItem(report: Report): Record<string, unknown> | undefined {
  const { showName, anonymous, name } = report.reporter;
  if (!showName || anonymous || !name) return undefined;
  return { pk: reportPk(report.id), sk: PUBLIC_NAME_SK, entity: 'public-name', name };
}

export const isPublicNameItem = (item: Record<string, unknown>) => item.sk === PUBLIC_NAME_SK && item.entity === 'public-name';

export function fromContactItem(item: Record<string, unknown> | undefined): ContactDetails | undefined {
  if (!item) return undefined;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const phone = text(item.phone);
  const name = text(item.name);
  const email = text(item.email);
  return { ...(phone && { phone }), ...(name && { name }), ...(email && { email }), language: item.language === 'en' ? 'en' : 'id' };
}

/**
 * The report with its reporter's contact details filled in (the report item keeps only `contactHeld`, which stays
 * set: a writer of this report then knows its contact item exists and leaves it alone).
 */
export function withContact(report: Report, contact: ContactDetails | undefined): Report {
  if (!contact) return report;
  const reporter = report.reporter;
  return {
    ...report,
    reporter: { ...reporter, ...(contact.phone && { phone: contact.phone }), ...(contact.name && { name: contact.name }), ...(contact.email && { email: contact.email }) },
  };
}

/**
 * The contact item a write of this report must (re)write: only for a report read from an item of the layout before
 * contact moved out (its number sits in the report item, and no contact item says `contactHeld`). Writing the report
 * strips the number, so it moves to its contact item in the same transaction and is never lost, migrated or not.
 */
export async function contactToMove(report: Report): Promise<Record<string, unknown> | undefined> {
  return report.reporter.contactHeld ? undefined : toContactItem(report);
}

/** A report's contact details (one GetItem, strongly consistent: written with the report). */
export async function readContact(doc: DynamoDBDocumentClient, table: string, code: string): Promise<ContactDetails | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table, Key: { pk: contactPk(code), sk: CONTACT_SK }, ConsistentRead: true }));
  return fromContactItem(out.Item);
}

/** The report with its contact details, when it has any; one GetItem only when it does. */
export async function joinContact(doc: DynamoDBDocumentClient, table: string, report: Report): Promise<Report> {
  if (!report.reporter.contactHeld) return report;
  return withContact(report, await readContact(doc, table, report.id));
}

/** Keys DynamoDB left unprocessed (throttling): asked again after a pause. */
class UnprocessedKeys extends Error {}

/** Items by key, in one or more BatchGetItem requests (100 keys each), unprocessed keys asked again. */
export async function batchGet(doc: DynamoDBDocumentClient, table: string, keyList: { pk: string; sk: string }[], consistent = false): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keyList.length; i += 100) {
    let pending: Record<string, unknown>[] = keyList.slice(i, i + 100);
    await retryOnConflict(
      async () => {
        const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } } }));
        found.push(...(out.Responses?.[table] ?? []));
        pending = (out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        if (pending.length > 0) throw new UnprocessedKeys();
      },
      { attempts: 8, isConflict: (err) => err instanceof UnprocessedKeys, pause: (attempt) => new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt))) },
    );
  }
  return found;
}

/** Whole items for index rows, in the rows' order (rows whose item is gone meanwhile are left out). */
export async function readWhole(doc: DynamoDBDocumentClient, table: string, rows: Record<string, unknown>[], consistent = false): Promise<Record<string, unknown>[]> {
  const keyOf = (i: Record<string, unknown>) => `${String(i.pk)}|${String(i.sk)}`;
  const unique = [...new Map(rows.map((r) => [keyOf(r), { pk: String(r.pk), sk: String(r.sk) }])).values()];
  const items = new Map((await batchGet(doc, table, unique, consistent)).map((i) => [keyOf(i), i]));
  return rows.map((r) => items.get(keyOf(r))).filter((i): i is Record<string, unknown> => i !== undefined);
}
