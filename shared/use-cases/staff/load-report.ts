/** Loads a report for a staff member: 404 when it does not exist, 403 when it is outside their scope. */
import type { ReportRepository } from '../../adapters/dynamodb/report-repository';
import { canRead, type StaffIdentity } from '../../auth/staff-identity';
import { parseTrackingCode } from '../../domain/tracking-code';
import { outOfScope, reportNotFound } from '../../http/report-problems';

export async function loadForStaff(repository: ReportRepository, rawId: string | undefined, who: StaffIdentity) {
  const id = parseTrackingCode(rawId ?? '');
  const found = id ? await repository.getWithHistory(id) : undefined;
  if (!found) throw reportNotFound();
  if (!canRead(who, found.report)) throw outOfScope();
  return found;
}
