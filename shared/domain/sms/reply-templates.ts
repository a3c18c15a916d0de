/**
 * The answers to a citizen's text message, in Indonesian (default) and English. Pure, like ./templates.ts, and
 * under the same rules: only codes, configured names, dates and links go in (never the citizen's own words), plain
 * ASCII, and one GSM-7 segment always. Each kind lists variants from richest to barest; the first that fits is sent.
 *
 * YA and TIDAK get no answer of their own: the status change they cause (closed, reopened) sends the usual status
 * SMS to the reporter and every follower, which is the confirmation.
 */
import { smsSegments, type SmsEncoding } from './segments';
import { smsSafeName, type SmsLang } from './templates';

export const REPLY_KINDS = [
  'status',
  'status-waiting',
  'status-final',
  'unknown-code',
  'not-yours',
  'which-report',
  'not-waiting',
  'reopen-limit',
  'stopped',
  'started',
  'help',
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export interface ReplyVars {
  code?: string;
  /** the status, as a configured label */
  status?: string;
  /** the next expected date, already formatted for the language */
  date?: string;
  /** the report's tracking page */
  url?: string;
  /** the public site, where a new report can be made */
  site?: string;
  serviceName: string;
  /** how many times citizens may reopen a report */
  max?: number;
}

type Variants = readonly [string, ...string[]];

export const REPLY_SMS: Record<ReplyKind, Record<SmsLang, Variants>> = {
  status: {
    id: ['Laporan {code}: {status}. Target berikutnya: {date}. Pantau: {url}', 'Laporan {code}: {status}, target {date}. {url}', 'Laporan {code}: {status}. {url}'],
    en: ['Report {code}: {status}. Next expected by {date}. Track: {url}', 'Report {code}: {status}, due {date}. {url}', 'Report {code}: {status}. {url}'],
  },
  'status-waiting': {
    id: ['Laporan {code} selesai dikerjakan. Sudah beres? Balas YA {code} atau TIDAK {code}. {url}', 'Laporan {code} selesai. Balas YA jika beres, TIDAK jika belum. {url}'],
    en: ['Report {code} was resolved. Fixed? Reply YES {code} or NO {code}. {url}', 'Report {code} was resolved. Reply YES if fixed, NO if not. {url}'],
  },
  'status-final': {
    id: ['Laporan {code}: {status}. Detail: {url}', 'Laporan {code}: {status}.'],
    en: ['Report {code}: {status}. Details: {url}', 'Report {code}: {status}.'],
  },
  'unknown-code': {
    id: ['Kode {code} tidak ditemukan untuk nomor ini. Periksa kode pada SMS tanda terima Anda.', 'Kode {code} tidak ditemukan.'],
    en: ['Code {code} was not found for this number. Check the code in your receipt SMS.', 'Code {code} was not found.'],
  },
  'not-yours': {
    id: ['Jawaban YA/TIDAK untuk laporan {code} hanya diterima dari nomor pelapor atau pengikutnya.', 'Jawaban untuk {code} hanya dari nomor pelapor.'],
    en: ["A YES/NO answer for report {code} is only taken from the reporter's or a follower's number.", 'Answers for {code} only from the reporter.'],
  },
  'which-report': {
    id: ['Sebutkan kode laporan yang Anda maksud, contoh: YA KODE atau TIDAK KODE. Kode ada di SMS tanda terima.', 'Sebutkan kode laporan: YA KODE atau TIDAK KODE.'],
    en: ['Please name the report code, e.g. YES CODE or NO CODE. The code is in your receipt SMS.', 'Please name the code: YES CODE or NO CODE.'],
  },
  'not-waiting': {
    id: ['Laporan {code} tidak sedang menunggu jawaban YA/TIDAK. Status: {status}. {url}', 'Laporan {code} tidak menunggu jawaban. {url}'],
    en: ['Report {code} is not waiting for a YES/NO answer. Status: {status}. {url}', 'Report {code} is not waiting for an answer. {url}'],
  },
  'reopen-limit': {
    id: ['Laporan {code} sudah {max} kali dibuka kembali lewat SMS. Bila masih rusak, buat laporan baru: {site}', 'Laporan {code} tidak dapat dibuka lagi lewat SMS. {site}'],
    en: ['Report {code} was already reopened {max} times by SMS. If it is still broken, file a new report: {site}', 'Report {code} cannot be reopened by SMS again. {site}'],
  },
  stopped: {
    id: ['{service}: Anda tidak akan menerima SMS kami lagi. Balas MULAI untuk menerima lagi.', 'SMS dihentikan. Balas MULAI untuk menerima lagi.'],
    en: ['{service}: you will get no more SMS from us. Reply START to receive them again.', 'SMS stopped. Reply START to receive them again.'],
  },
  started: {
    id: ['{service}: SMS laporan Anda aktif kembali. Balas BERHENTI untuk berhenti.', 'SMS aktif kembali. Balas BERHENTI untuk berhenti.'],
    en: ['{service}: SMS about your reports are back on. Reply STOP to stop them.', 'SMS back on. Reply STOP to stop them.'],
  },
  help: {
    id: ['{service}: balas CEK KODE untuk status laporan, YA/TIDAK KODE setelah selesai, BERHENTI untuk stop SMS. {site}', 'Balas CEK KODE, YA/TIDAK KODE, atau BERHENTI. {site}', 'Balas CEK KODE, YA/TIDAK KODE, atau BERHENTI.'],
    en: ['{service}: reply CHECK CODE for a report status, YES/NO CODE once resolved, STOP to stop SMS. {site}', 'Reply CHECK CODE, YES/NO CODE, or STOP. {site}', 'Reply CHECK CODE, YES/NO CODE, or STOP.'],
  },
};

export interface RenderedReply {
  kind: ReplyKind;
  text: string;
  segments: number;
  encoding: SmsEncoding;
}

const SLOT = /\{(code|status|date|url|site|service|max)\}/g;

function fill(template: string, vars: ReplyVars): string | undefined {
  let missing = false;
  const slots: Record<string, string | undefined> = {
    code: vars.code,
    status: smsSafeName(vars.status),
    date: smsSafeName(vars.date),
    url: vars.url,
    site: vars.site,
    service: smsSafeName(vars.serviceName),
    max: vars.max === undefined ? undefined : String(vars.max),
  };
  const text = template.replace(SLOT, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : text;
}

/** The first variant that has all its values and fits one segment; throws when none does (a bug, not a case). */
export function renderReply(kind: ReplyKind, lang: SmsLang, vars: ReplyVars): RenderedReply {
  for (const template of REPLY_SMS[kind][lang]) {
    const text = fill(template, vars);
    if (text === undefined) continue;
    const size = smsSegments(text);
    if (size.segments === 1) return { kind, text, segments: 1, encoding: size.encoding };
  }
  throw new Error(`No one-segment ${kind} reply for these values`);
}
