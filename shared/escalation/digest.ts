/**
 * The digest an official receives: one plain-text message per recipient (level, and unit for per-unit rungs) per
 * run, listing every report escalated to them: code, category, district, status and how late, in working time.
 * Pure: rows and names in, messages out. Plain text because a topic may deliver by e-mail or SMS alike; Indonesian
 * first, English second, as all user-facing text.
 *
 * Only codes and configured names go in, never the reporter's details or free text: a digest may be forwarded.
 * A digest larger than `maxBytes` (UTF-8) is split into parts, each with the header and "bagian i/n".
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { byCode, type EscalationRung, type Language, type Localized } from '../config/jurisdiction';
import { MAX_DIGEST_BYTES, SETTING_DEFAULTS } from '../config/setting-defaults';
import { renderDigestSms } from './digest-sms';
import { STATUS_LABELS, type Status } from '../domain/status-machine';
import type { Lateness, Recipient } from './ladder';

export interface DigestRow {
  code: string;
  category: string;
  district: string;
  status: Status;
  unit?: string;
  lateness: Lateness;
  /** a reminder at the top of the ladder, not a new level */
  repeat: boolean;
  /** not overdue: a citizen answered TIDAK to the resolution SMS and the report is open again (nth time) */
  reopenedByCitizen?: number;
}

export interface DigestNames {
  serviceName: string;
  timeZone: string;
  categories: { code: string; name: Localized }[];
  districts: { code: string; name: Localized }[];
  units: { code: string; name: Localized }[];
  /** the language of the SMS summary when the rung names none; Indonesian when absent */
  defaultLanguage?: Language;
}

export interface DigestMessage {
  recipient: Recipient;
  /** e-mail subject: ASCII, at most 100 characters (SNS's rule) */
  subject: string;
  text: string;
  /** what SMS subscribers get instead of `text`: a summary of one or two GSM-7 segments (./digest-sms.ts) */
  sms: string;
  rows: number;
  part: number;
  parts: number;
}

/** SNS takes 256 KiB with the attributes; e-mail clients and SMS gateways want far less. */
export const DEFAULT_DIGEST_MAX_BYTES = SETTING_DEFAULTS.ESCALATION_DIGEST_MAX_BYTES;
export { MAX_DIGEST_BYTES };

const HOUR = 3_600_000;

/** "2 hari kerja" / "3 jam kerja" / "< 1 jam kerja": days once a whole working day has passed, hours before. */
export function formatLateness(l: Lateness): { id: string; en: string } {
  if (l.workingDays >= 1) {
    const more = l.workingDays >= 260 ? '> ' : '';
    return { id: `${more}${l.workingDays} hari kerja`, en: `${more}${l.workingDays} working day${l.workingDays === 1 ? '' : 's'}` };
  }
  const hours = Math.floor(l.workingMs / HOUR);
  if (hours < 1) return { id: '< 1 jam kerja', en: '< 1 working hour' };
  return { id: `${hours} jam kerja`, en: `${hours} working hour${hours === 1 ? '' : 's'}` };
}

const nameOf = (items: { code: string; name: Localized }[], code: string | undefined, lang: 'id' | 'en' = 'id') =>
  code === undefined ? '-' : (byCode(items, code)?.name[lang] ?? code);

/** Longest first: those who waited most lead the list; then by code, so the order is stable. */
function byLateness(a: DigestRow, b: DigestRow): number {
  return b.lateness.workingMs - a.lateness.workingMs || a.code.localeCompare(b.code);
}

/** SNS Subject: printable ASCII only, no line breaks, under 100 characters. */
function asciiSubject(value: string): string {
  const ascii = value.normalize('NFKD').replace(/[^\x20-\x7E]/g, '').replace(/\s+/g, ' ').trim();
  return (ascii === '' ? 'Escalation' : ascii).slice(0, 99);
}

export function renderDigests(
  recipient: Recipient,
  rung: EscalationRung,
  rows: readonly DigestRow[],
  names: DigestNames,
  now: Date,
  maxBytes = DEFAULT_DIGEST_MAX_BYTES,
): DigestMessage[] {
  if (rows.length === 0) return [];
  const sorted = [...rows].sort(byLateness);
  const local = format(new TZDate(now.getTime(), names.timeZone), 'yyyy-MM-dd HH:mm xxx');
  const to = recipient.unit ? `${rung.name.id} — ${nameOf(names.units, recipient.unit)}` : rung.name.id;
  const toEn = recipient.unit ? `${rung.name.en} — ${nameOf(names.units, recipient.unit, 'en')}` : rung.name.en;
  const repeats = sorted.filter((r) => r.repeat).length;
  const reopened = sorted.filter((r) => r.reopenedByCitizen !== undefined).length;
  const late = rows.length - reopened;

  const lines = sorted.map((r, i) => {
    const late = formatLateness(r.lateness);
    const unit = recipient.unit ? '' : ` | ${nameOf(names.units, r.unit)}`;
    if (r.reopenedByCitizen !== undefined)
      return (
        `${i + 1}. ${r.code} | ${nameOf(names.categories, r.category)} | Kec. ${nameOf(names.districts, r.district)}` +
        `${unit} | dibuka kembali oleh warga (ke-${r.reopenedByCitizen}) / reopened by the citizen (#${r.reopenedByCitizen})`
      );
    return (
      `${i + 1}. ${r.code} | ${nameOf(names.categories, r.category)} | Kec. ${nameOf(names.districts, r.district)}` +
      `${unit} | ${STATUS_LABELS[r.status]?.id ?? r.status} | terlambat ${late.id}${r.repeat ? ' (pengingat)' : ''}`
    );
  });

  const header = (part: number, parts: number) =>
    [
      `${names.serviceName}: eskalasi laporan terlambat${parts > 1 ? ` (bagian ${part}/${parts})` : ''}`,
      `${names.serviceName}: overdue reports escalated${parts > 1 ? ` (part ${part}/${parts})` : ''}`,
      `Kepada / To: ${to} / ${toEn} (level ${recipient.level})`,
      `Waktu / Time: ${local}`,
      `${late} laporan melewati batas waktu${repeats > 0 ? `, ${repeats} di antaranya pengingat ulang` : ''} / ` +
        `${late} report${late === 1 ? '' : 's'} past the deadline${repeats > 0 ? `, ${repeats} repeated reminder${repeats === 1 ? '' : 's'}` : ''}`,
      ...(reopened > 0
        ? [`${reopened} laporan dibuka kembali oleh warga (jawaban TIDAK lewat SMS) / ${reopened} report${reopened === 1 ? '' : 's'} reopened by citizens (NO by SMS)`]
        : []),
      '',
      'No. Kode | Kategori | Kecamatan' + (recipient.unit ? '' : ' | Unit') + ' | Status | Keterlambatan (waktu kerja)',
    ].join('\n');
  const footer = '\nMohon segera ditindaklanjuti. / Please act on these reports.';

  // Split by size: a header sized for the worst case ("bagian 99/99") keeps the arithmetic simple.
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const budget = Math.min(Math.max(maxBytes, 1024), MAX_DIGEST_BYTES) - bytes(header(99, 99)) - bytes(footer) - 2;
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    const add = bytes(line) + 1;
    if (current.length > 0 && size + add > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += add;
  }
  chunks.push(current);

  const unitPart = recipient.unit ? ` ${recipient.unit}` : '';
  const language = rung.language ?? names.defaultLanguage ?? 'id';
  const sms = (part: number) =>
    renderDigestSms({
      serviceName: names.serviceName,
      recipient,
      ...(recipient.unit && { unitName: nameOf(names.units, recipient.unit, language) }),
      rows,
      language,
      part,
      parts: chunks.length,
    });
  return chunks.map((chunk, i) => ({
    recipient,
    subject: asciiSubject(
      `${names.serviceName}: ${rows.length} laporan terlambat - level ${recipient.level}${unitPart}` +
        (chunks.length > 1 ? ` (${i + 1}/${chunks.length})` : ''),
    ),
    text: `${header(i + 1, chunks.length)}\n${chunk.join('\n')}\n${footer}`,
    sms: sms(i + 1),
    rows: chunk.length,
    part: i + 1,
    parts: chunks.length,
  }));
}
