/**
 * Personal data protection (UU 27/2022): what the service keeps about a reporter, why, and for how long.
 * The notice is part of the submission answer; the retention period drives the scheduled removal of the
 * number and name from finished reports.
 */
import { jurisdiction, type Language } from '../config/jurisdiction';

const DAY = 86_400_000;

/** When the contact details of a report finished `at` are removed. */
export const retentionEnd = (at: Date) => new Date(at.getTime() + jurisdiction.contactRetentionDays * DAY).toISOString();

/** How long a report that never finishes keeps its reporter's contact: configured, or twice the retention period. */
export const openReportMaxAgeDays = () => jurisdiction.openReportMaxAgeDays ?? 2 * jurisdiction.contactRetentionDays;

/** When a report made `createdAt` and still open loses its contact details and free text. */
export const maxAgeEnd = (createdAt: string) => new Date(Date.parse(createdAt) + openReportMaxAgeDays() * DAY).toISOString();

export function privacyNotice(lang: Language): string {
  const days = jurisdiction.contactRetentionDays;
  const office = jurisdiction.office[lang];
  return lang === 'en'
    ? `${office} keeps your phone number and name to send you SMS updates on this report and, unless you chose to be anonymous, so officials can contact you about it. ` +
        `They are never published. They are removed ${days} days after the report is finished; the report itself, without them, stays as a public record. ` +
        `Photos are published only without their location and camera data, after verification; the originals are deleted after 30 days.`
    : `${office} menyimpan nomor HP dan nama Anda untuk mengirim kabar lewat SMS tentang laporan ini dan, kecuali Anda memilih anonim, agar petugas dapat menghubungi Anda. ` +
        `Data tersebut tidak pernah dipublikasikan dan dihapus ${days} hari setelah laporan selesai; laporannya sendiri, tanpa data tersebut, tetap menjadi catatan publik. ` +
        `Foto hanya dipublikasikan setelah verifikasi, tanpa data lokasi dan kamera; foto asli dihapus setelah 30 hari.`;
}
