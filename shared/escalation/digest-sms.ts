/**
 * The SMS form of an officials' digest: the full list is e-mail material (hundreds to thousands of characters,
 * bilingual); by SMS it cost up to 22 UCS-2 segments. An official's phone gets a summary instead, in the
 * recipient's language (the rung's `language`, else the jurisdiction's default): how many reports are overdue,
 * which one waited longest and for how long, and that the full list is in the e-mail. At most two GSM-7 segments:
 * configured names are folded to the GSM-7 alphabet, and dropped before the code and the count ever are. Pure.
 */
import type { Language } from '../config/jurisdiction';
import { isGsm7Char, smsSegments } from '../domain/sms/segments';
import { formatLateness, type DigestRow } from './digest';
import type { Recipient } from './ladder';

export const MAX_DIGEST_SMS_SEGMENTS = 2;

/** Typographic marks people put in names, and their GSM-7 stand-ins; anything else outside GSM-7 loses its accent or goes. */
const STAND_INS: Record<string, string> = { '—': '-', '–': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '…': '...', '\u00a0': ' ' };

export function toGsm7(text: string): string {
  let out = '';
  for (const char of text.replace(/[—–‘’“”…\u00a0]/g, (c) => STAND_INS[c] ?? '')) {
    if (isGsm7Char(char)) out += char;
    else out += [...char.normalize('NFKD')].filter(isGsm7Char).join('');
  }
  return out.replace(/[\r\n\t]+/g, ' ');
}

export interface DigestSmsInput {
  serviceName: string;
  recipient: Recipient;
  /** the unit's name in the recipient's language, for per-unit rungs */
  unitName?: string;
  rows: readonly DigestRow[];
  language: Language;
  part?: number;
  parts?: number;
}

function compose(input: DigestSmsInput, withUnit: boolean): string {
  const { rows, language, recipient } = input;
  const worst = rows.reduce((a, b) => (b.lateness.workingMs > a.lateness.workingMs || (b.lateness.workingMs === a.lateness.workingMs && b.code < a.code) ? b : a));
  const late = formatLateness(worst.lateness)[language];
  const unit = withUnit && input.unitName ? `, ${input.unitName}` : '';
  const partOf = (input.parts ?? 1) > 1 ? ` (${language === 'en' ? 'part' : 'bagian'} ${input.part}/${input.parts})` : '';
  const n = rows.length;
  return language === 'en'
    ? `${input.serviceName}: ${n} overdue report${n === 1 ? '' : 's'} for you (level ${recipient.level}${unit})${partOf}. ` +
        `Most overdue: ${worst.code}, ${late} late. Full list by e-mail.`
    : `${input.serviceName}: ${n} laporan terlambat untuk Anda (level ${recipient.level}${unit})${partOf}. ` +
        `Paling lama: ${worst.code}, terlambat ${late}. Daftar lengkap lewat e-mail.`;
}

export function renderDigestSms(input: DigestSmsInput): string {
  if (input.rows.length === 0) throw new Error('renderDigestSms: a digest without rows is never sent');
  const fits = (text: string) => smsSegments(text).segments <= MAX_DIGEST_SMS_SEGMENTS;
  const full = toGsm7(compose(input, true));
  if (fits(full)) return full;
  const bare = toGsm7(compose(input, false));
  if (fits(bare)) return bare;
  // only an absurdly long service name gets here: keep the end (count, code) and cut the front
  let cut = bare;
  while (!fits(cut)) cut = cut.slice(10);
  return cut;
}
