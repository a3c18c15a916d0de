/** The refusals every report route shares: no such report (404), and a report outside the caller's scope (403). */
import { ProblemError } from './problem';

export const reportNotFound = () => new ProblemError(404, 'report-not-found', { id: 'Laporan tidak ditemukan', en: 'Report not found' });

export const outOfScope = () =>
  new ProblemError(403, 'out-of-scope', {
    id: 'Laporan ini di luar unit atau kecamatan Anda',
    en: 'This report is outside your unit or district',
  });
