/**
 * The SMS a citizen receives at each status change they hear about, in Indonesian (default) and English. Pure.
 *
 * What a message may contain is closed: the service name, the report's tracking code and public tracking URL, and
 * configured names (category, kecamatan, unit, agency) or the original report's code. Officials' notes, rejection
 * reasons and report descriptions never go by SMS: the vars type refuses them, the templates have no slot for them,
 * and a rejection points to the public tracking page, where the reason is shown as the desk chose to publish it.
 *
 * One segment, always. Each kind has variants from richest to barest in the one table below. The renderer tries, in
 * order: with the "<service name>: " prefix, each variant with configured names in full, then with names shortened
 * (a parenthetical dropped: "BBPJN (jalan nasional)" → "BBPJN"); then, without the prefix, the same again. The first
 * candidate that fits one segment (160 GSM-7 septets, or 70 UCS-2 units when a character forces UCS-2) is sent. So a
 * name too long, or in a script GSM-7 lacks (Arabic, Javanese), is shortened or left out, never split over two
 * messages; the tracking page still shows it. Names are first folded to GSM-7 where that keeps their meaning
 * (typographic quotes and dashes to ASCII, "ç" → "c"), so a stray curly quote in configuration does not cost a name.
 * The barest variant of every kind carries only the code and URL and fits with a code of up to 20 characters and a
 * URL of up to 80; beyond that the renderer throws rather than send two segments.
 */
import type { Status } from '../status-machine';
import { isGsm7Char, smsEncoding, smsSegments } from './segments';

export const CITIZEN_SMS_KINDS = [
  'received',
  'verified',
  'rejected',
  'duplicate',
  'referred',
  'in_progress',
  'resolved',
  'reopened',
  'closed',
] as const;
/** Escalations go to officials, never to the citizen: there is no `escalated` kind. */
export type CitizenSmsKind = (typeof CITIZEN_SMS_KINDS)[number];

export const SMS_LANGS = ['id', 'en'] as const;
export type SmsLang = (typeof SMS_LANGS)[number];
export const DEFAULT_SMS_LANG: SmsLang = 'id';

export interface CitizenSmsVars {
  /** tracking code, sent exactly as given */
  code: string;
  /** public tracking page of this report, e.g. https://host/r/CODE */
  trackUrl: string;
  serviceName: string;
  categoryName?: string;
  districtName?: string;
  unitName?: string;
  agencyName?: string;
  /** tracking code of the report this one duplicates */
  originalCode?: string;
  /** the duplicated report's status when this one was marked: picks a wording that is true (DUPLICATE_OF) */
  originalStatus?: string;
  // Free text has no place in a citizen SMS: these keys are refused even on objects that are not literals.
  note?: never;
  reason?: never;
  description?: never;
  comment?: never;
  text?: never;
}

/** The slots a template may use; nothing else can be substituted. */
export const SMS_PLACEHOLDERS = ['code', 'url', 'category', 'district', 'unit', 'agency', 'original'] as const;
export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];

type Variants = readonly [string, ...string[]];

/**
 * Every citizen SMS, richest variant first; the last variant of each uses only {code} and {url}.
 * Plain ASCII only: one curly quote would turn a message into UCS-2 and cut its room from 160 to 70.
 */
export const CITIZEN_SMS: Record<CitizenSmsKind, Record<SmsLang, Variants>> = {
  received: {
    id: [
      'Laporan diterima: {category}, {district}. Kode: {code}. Pantau: {url}',
      'Laporan diterima: {category}. Kode: {code}. Pantau: {url}',
      'Laporan diterima: {district}. Kode: {code}. Pantau: {url}',
      'Laporan Anda diterima. Kode: {code}. Pantau: {url}',
    ],
    en: [
      'Report received: {category}, {district}. Code: {code}. Track: {url}',
      'Report received: {category}. Code: {code}. Track: {url}',
      'Report received: {district}. Code: {code}. Track: {url}',
      'Your report was received. Code: {code}. Track: {url}',
    ],
  },
  verified: {
    id: [
      'Laporan {code} sudah diverifikasi dan ditangani {unit}. Pantau: {url}',
      'Laporan {code} sudah diverifikasi. Pantau: {url}',
    ],
    en: [
      'Report {code} was verified and assigned to {unit}. Track: {url}',
      'Report {code} was verified. Track: {url}',
    ],
  },
  rejected: {
    id: ['Laporan {code} tidak dapat kami tindak lanjuti. Alasannya ada di {url}'],
    en: ['Report {code} could not be accepted. See the reason at {url}'],
  },
  // the original is only known to be open: handled (verified, in progress) or merely received, see DUPLICATE_OF
  duplicate: {
    id: ['Laporan {code} sama dengan laporan {original}. Pantau: {url}', 'Laporan {code} sama dengan laporan lain. Pantau: {url}'],
    en: ['Report {code} duplicates report {original}. Track: {url}', 'Report {code} duplicates another report. Track: {url}'],
  },
  referred: {
    id: [
      'Laporan {code} kami teruskan ke {agency}. Pantau: {url}',
      'Laporan {code} kami teruskan ke instansi berwenang. Pantau: {url}',
    ],
    en: [
      'Report {code} was referred to {agency}. Track: {url}',
      'Report {code} was referred to the responsible agency. Track: {url}',
    ],
  },
  in_progress: {
    // "ditangani" (handled), not "dikerjakan oleh" (worked on by): true of every unit, the triage desk of the
    // catch-all category included, which coordinates rather than does the work
    id: ['Laporan {code} mulai ditangani {unit}. Pantau: {url}', 'Laporan {code} mulai ditangani. Pantau: {url}'],
    en: ['{unit} has started acting on report {code}. Track: {url}', 'Action on report {code} has started. Track: {url}'],
  },
  // the question at the end is answered by text message (YA/TIDAK, see shared/domain/inbound/parse-reply.ts)
  resolved: {
    id: [
      'Laporan {code} selesai dikerjakan. Sudah beres? Balas YA {code} atau TIDAK {code}. Lihat: {url}',
      'Laporan {code} selesai. Sudah beres? Balas YA {code} atau TIDAK {code}. {url}',
      'Laporan {code} selesai. Sudah beres? Balas YA atau TIDAK. {url}',
    ],
    en: [
      'Report {code} has been resolved. Fixed? Reply YES {code} or NO {code}. See: {url}',
      'Report {code} resolved. Fixed? Reply YES {code} or NO {code}. {url}',
      'Report {code} resolved. Fixed? Reply YES or NO. {url}',
    ],
  },
  reopened: {
    id: [
      'Laporan {code} dibuka kembali dan akan dikerjakan lagi. Pantau: {url}',
      'Laporan {code} dibuka kembali. Pantau: {url}',
    ],
    en: [
      'Report {code} was reopened and will be worked on again. Track: {url}',
      'Report {code} was reopened. Track: {url}',
    ],
  },
  closed: {
    id: [
      'Laporan {code} sudah ditutup. Terima kasih atas laporan Anda. Detail: {url}',
      'Laporan {code} ditutup. Terima kasih. Detail: {url}',
    ],
    en: [
      'Report {code} is now closed. Thank you for reporting. Details: {url}',
      'Report {code} is closed. Details: {url}',
    ],
  },
};

/**
 * The duplicate SMS by what the original report is at the time: being handled (verified, in progress), or only
 * received (not yet checked). Without that knowledge the plain `duplicate` entry says neither.
 */
export const DUPLICATE_OF: Record<'handled' | 'received', Record<SmsLang, Variants>> = {
  handled: {
    id: ['Laporan {code} sama dengan laporan {original} yang sedang ditangani. Pantau: {url}', 'Laporan {code} sama dengan laporan lain yang sedang ditangani. Pantau: {url}', 'Laporan {code} sama dengan laporan lain. Pantau: {url}'],
    en: ['Report {code} duplicates report {original}, which is being handled. Track: {url}', 'Report {code} duplicates a report being handled. Track: {url}', 'Report {code} duplicates another report. Track: {url}'],
  },
  received: {
    id: ['Laporan {code} sama dengan laporan {original} yang sudah kami terima. Pantau: {url}', 'Laporan {code} sama dengan laporan lain yang sudah kami terima. Pantau: {url}', 'Laporan {code} sama dengan laporan lain. Pantau: {url}'],
    en: ['Report {code} duplicates report {original}, which we already received. Track: {url}', 'Report {code} duplicates a report we already received. Track: {url}', 'Report {code} duplicates another report. Track: {url}'],
  },
};

/**
 * Which citizen SMS a status change sends, if any. `from` is null when the report is created.
 * resolved → in_progress is a reopening; every other change is named by the status it reaches.
 */
export function citizenSmsKind(from: Status | null, to: Status): CitizenSmsKind | undefined {
  if (from === null) return to === 'received' ? 'received' : undefined;
  if (from === 'resolved' && to === 'in_progress') return 'reopened';
  if (to === 'received') return undefined;
  return (CITIZEN_SMS_KINDS as readonly string[]).includes(to) ? (to as CitizenSmsKind) : undefined;
}

export const MAX_CODE_LENGTH = 20;
export const MAX_URL_SEPTETS = 80;

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const URL_SHAPE = /^https?:\/\/\S+$/;

/** Typographic characters configuration text picks up from word processors, and their GSM-7 stand-ins. */
const TYPOGRAPHIC: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00B7': '.',
  '\u2022': '-',
  '`': "'",
};

/**
 * A configured name made fit for an SMS: one line, trimmed, typographic marks folded to ASCII, and a character GSM-7
 * lacks replaced by its base letter when it has one ("ç" → "c", "ō" → "o"). Other scripts are left as they are; the
 * renderer then finds the name does not fit and leaves it out.
 */
export function smsSafeName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  let out = '';
  for (const char of name.normalize('NFC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')) {
    if (isGsm7Char(char) && char !== '\n' && char !== '\r' && char !== '\f') {
      out += char;
      continue;
    }
    if (/\s/u.test(char)) {
      out += ' ';
      continue;
    }
    const typographic = TYPOGRAPHIC[char];
    if (typographic !== undefined) {
      out += typographic;
      continue;
    }
    // a combining mark left over after NFC (no precomposed form) on a GSM-7 letter: keep the letter, drop the mark
    if (/\p{M}/u.test(char) && out !== '' && isGsm7Char(out.slice(-1))) continue;
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += base !== '' && smsEncoding(base) === 'GSM-7' ? base : char;
  }
  out = out.replace(/ {2,}/g, ' ').trim();
  return out === '' ? undefined : out;
}

/** The shorter form of a name: parenthetical remarks dropped ("BBPJN (jalan nasional)" → "BBPJN"). */
export function shortenedName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const short = name.replace(/\s*\([^()]*\)/g, '').replace(/ {2,}/g, ' ').trim();
  return short === '' ? undefined : short;
}

type Slots = Partial<Record<SmsPlaceholder, string>>;

function fill(template: string, slots: Slots): string | undefined {
  let missing = false;
  const text = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = slots[key as SmsPlaceholder];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : text;
}

function checkCode(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length > MAX_CODE_LENGTH || !CODE.test(value)) {
    throw new TypeError(`${name} must be a tracking code (letters, digits, dashes; at most ${MAX_CODE_LENGTH})`);
  }
  return value;
}

function checkUrl(value: unknown): string {
  if (typeof value !== 'string' || !URL_SHAPE.test(value)) throw new TypeError('trackUrl must be an http(s) URL');
  const size = smsSegments(value);
  if (size.encoding !== 'GSM-7' || size.units > MAX_URL_SEPTETS) {
    throw new TypeError(`trackUrl must be GSM-7 and at most ${MAX_URL_SEPTETS} septets`);
  }
  return value;
}

function duplicateTable(originalStatus: string | undefined): Record<SmsLang, Variants> {
  if (originalStatus === 'received') return DUPLICATE_OF.received;
  if (originalStatus === 'verified' || originalStatus === 'in_progress') return DUPLICATE_OF.handled;
  return CITIZEN_SMS.duplicate;
}

/** Renders the citizen SMS for a kind, in one segment. An unknown or missing language falls back to Indonesian. */
export function renderCitizenSms(kind: CitizenSmsKind, lang: SmsLang | undefined, vars: CitizenSmsVars): string {
  const table = kind === 'duplicate' ? duplicateTable(vars.originalStatus) : CITIZEN_SMS[kind];
  if (!table) throw new TypeError(`No citizen SMS for kind "${String(kind)}"`);
  const variants = table[lang === 'en' || lang === 'id' ? lang : DEFAULT_SMS_LANG];

  const base: Slots = { code: checkCode(vars.code, 'code'), url: checkUrl(vars.trackUrl) };
  if (vars.originalCode !== undefined && vars.originalCode !== '') {
    base.original = checkCode(vars.originalCode, 'originalCode');
  }
  const names = {
    category: smsSafeName(vars.categoryName),
    district: smsSafeName(vars.districtName),
    unit: smsSafeName(vars.unitName),
    agency: smsSafeName(vars.agencyName),
  };
  const short = {
    category: shortenedName(names.category),
    district: shortenedName(names.district),
    unit: shortenedName(names.unit),
    agency: shortenedName(names.agency),
  };
  const nameForms = JSON.stringify(short) === JSON.stringify(names) ? [names] : [names, short];
  const service = smsSafeName(vars.serviceName);
  const prefixes = service === undefined ? [''] : [`${service}: `, ''];

  for (const prefix of prefixes) {
    for (const variant of variants) {
      for (const form of nameForms) {
        const body = fill(variant, { ...base, ...form });
        if (body === undefined) continue;
        const text = prefix + body;
        if (smsSegments(text).segments === 1) return text;
      }
    }
  }
  throw new RangeError(`The ${kind} SMS does not fit one segment even in its barest form`);
}
