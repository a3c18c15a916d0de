/**
 * What triage sees beside a new report: open reports of the same category within the configured distance and
 * window (100 m, 30 days by default), nearest first, among the reports the reader may read. Only for a report still
 * waiting for triage, with a location: later on, the question has been answered.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryNearby } from '../../adapters/dynamodb/nearby-query';
import { canRead, type StaffIdentity } from '../../auth/staff-identity';
import { jurisdiction } from '../../config/jurisdiction';
import type { Report } from '../../domain/report';
import { OPEN_STATUSES } from '../../domain/status-machine';
import { toLikelyDuplicate } from '../../location/nearby-views';

const DAY_MS = 86_400_000;

export async function likelyDuplicates(doc: DynamoDBDocumentClient, table: string, report: Report, who: StaffIdentity, config = jurisdiction.nearby) {
  if (report.status !== 'received' || !report.location) return [];
  const since = new Date(Date.parse(report.createdAt) - config.duplicateWindowDays * DAY_MS).toISOString();
  const found = await queryNearby(doc, table, {
    point: report.location,
    category: report.category,
    radiusMeters: config.duplicateRadiusMeters,
    statuses: OPEN_STATUSES,
    since,
    publicOnly: false,
    exclude: report.id,
    // staff see the start of the original description, which no index holds
    whole: true,
  });
  // a report near the border may belong to another kecamatan or unit: only what this reader may open, since each
  // entry shows the start of the original text
  return found.filter((f) => canRead(who, f.report)).slice(0, 20).map(toLikelyDuplicate);
}
