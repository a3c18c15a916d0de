/** Loads a report for a staff member: not found when it does not exist, out of scope when it is outside theirs. */
import type { DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import { canRead, type StaffIdentity } from '../../auth/staff-identity';
import { parseTrackingCode } from '../../domain/tracking-code';
import { outOfScope, reportNotFound } from '../../domain/errors';

export async function loadForStaff(repository: DynamoReportRepository, rawId: string | undefined, who: StaffIdentity) {
  const id = parseTrackingCode(rawId ?? '');
  const found = id ? await repository.getWithHistory(id) : undefined;
  if (!found) throw reportNotFound();
  if (!canRead(who, found.report)) throw outOfScope();
  return found;
}
