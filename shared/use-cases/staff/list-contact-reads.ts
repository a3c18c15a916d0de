/**
 * The audit of personal-data reads: who read which reporter's contact details, by month. Only an admin may read
 * it; the role is checked before the query is even looked at, so no one else learns what the query may hold.
 */
import type { DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import type { StaffIdentity } from '../../auth/staff-identity';
import { adminOnly } from '../../domain/errors';

export interface ListContactReadsDeps {
  repository: Pick<DynamoReportRepository, 'listContactReads'>;
}

export function mayReadContactAudit(who: StaffIdentity): void {
  if (who.role !== 'admin') throw adminOnly();
}

export async function listContactReads(who: StaffIdentity, query: { month: string; limit: number }, after: string | undefined, deps: ListContactReadsDeps) {
  mayReadContactAudit(who);
  return deps.repository.listContactReads(query.month, query.limit, after);
}
