/**
 * The answer to a report sent again (same number, same description, within the dedupe window) without an
 * Idempotency-Key: the first report's code and status, and nothing that was meant to be given once. The photo
 * upload token and a confidential report's view key went to the first answer only; handing them to whoever knows
 * a number and a description would let a stranger add photos to, or follow, someone else's report.
 */
import { jurisdiction, type Language } from '../config/jurisdiction';
import type { Report } from '../domain/report';
import { trackUrl } from '../notify/message';
import type { RepeatedReport } from '../domain/view-schemas';


export function toRepeatedView(report: Report, lang: Language): RepeatedReport {
  return {
    id: report.id,
    status: report.status,
    createdAt: report.createdAt,
    trackUrl: trackUrl(jurisdiction, report.id),
    repeated: true,
    notice:
      lang === 'en'
        ? `This report was already received a moment ago as ${report.id}; no second report was made and no second SMS is sent. ` +
          'The photo upload code was shown only in the first answer.'
        : `Laporan ini sudah kami terima tadi dengan kode ${report.id}; tidak ada laporan kedua dan tidak ada SMS kedua. ` +
          'Kode unggah foto hanya ditampilkan pada jawaban pertama.',
  };
}
