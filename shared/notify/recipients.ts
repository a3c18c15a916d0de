/**
 * Who receives the SMS of a history event: the report's reporter; for status changes also the reporter of every
 * follower (a report marked as a duplicate of this one), looked up by report code so no number is ever copied
 * between reports, and every number that follows the report by phone (follower-items.ts).
 *
 * This is the one place that reads phone numbers for the notifier: where contact data is stored is this module's
 * business alone.
 */
import type { RecipientRole } from '../adapters/dynamodb/delivery-items';
import type { DynamoDeliveryStore, ReportForNotification } from '../adapters/dynamodb/delivery-store';
import { followerRecipient } from '../adapters/dynamodb/follower-items';
import type { HistoryEvent } from '../domain/report';
import type { LogPort } from '../observability/ports';

export interface Recipient {
  /** names the delivery record: the report code whose reporter it is, or a key of a following number */
  code: string;
  role: RecipientRole;
  phone?: string;
  language: string;
  /** the report was filed anonymously: nothing staff see may link its number to another report */
  anonymous?: boolean;
  /** the confirmation of an opt-out goes to the number that has just opted out */
  optOutExempt?: boolean;
}

/** The store's lookups this module makes. */
export type RecipientLookup = Pick<DynamoDeliveryStore, 'getReport'> &
  // optional so a store that knows no phone followers (older fakes, other deployments) still fits
  Partial<Pick<DynamoDeliveryStore, 'listPhoneFollowers'>>;

export async function recipientsOf(
  lookup: RecipientLookup,
  event: Pick<HistoryEvent, 'type' | 'seq' | 'reportId' | 'at'>,
  found: ReportForNotification,
  log: Pick<LogPort, 'warn'>,
): Promise<Recipient[]> {
  const { report } = found;
  const recipients: Recipient[] = [
    { code: report.id, role: 'reporter', phone: report.reporter?.phone, language: report.reporter?.language, anonymous: report.reporter?.anonymous },
  ];
  if (event.type !== 'status') return recipients;
  for (const code of new Set(found.followers)) {
    if (code === report.id) continue;
    const follower = await lookup.getReport(code);
    if (!follower) {
      log.warn('Follower report not found; skipped', { reportId: event.reportId, eventSeq: event.seq, follower: code });
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
  // numbers that follow the report by phone; their records are named by a key of the number, never the number
  if (lookup.listPhoneFollowers) {
    for (const f of await lookup.listPhoneFollowers(report.id)) {
      // a number follows the changes after it began to: the stream may bring an earlier one only after the follow
      if (f.createdAt > event.at) continue;
      recipients.push({ code: await followerRecipient(f.phone), role: 'follower', phone: f.phone, language: f.language });
    }
  }
  return recipients;
}
