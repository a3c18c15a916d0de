/** Loads a report for a staff member: 404 when it does not exist, 403 when it is outside their scope. */
import type { ReportRepository } from '../../adapters/dynamodb/report-repository';
import { canRead, type StaffIdentity } from '../../auth/staff-identity';
import { parseTrackingCode } from '../../domain/tracking-code';
import { ProblemError } from '../../http/problem';

export const reportNotFound = () => new ProblemError(404, 'report-not-found', { id: 'Laporan tidak ditemukan', en: 'Report not found' });

export const outOfScope = () =>
  new ProblemError(403, 'out-of-scope', {
    id: 'Laporan ini di luar unit atau kecamatan Anda',
    en: 'This report is outside your unit or district',
  });

export async function loadForStaff(repository: ReportRepository, rawId: string | undefined, who: StaffIdentity) {
  const id = parseTrackingCode(rawId ?? '');
  const found = id ? await repository.getWithHistory(id) : undefined;
  if (!found) throw reportNotFound();
  if (!canRead(who, found.report)) throw outOfScope();
  return found;
}
