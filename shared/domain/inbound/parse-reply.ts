/**
 * What a citizen's text message asks for. Pure: the message body in, one command out.
 *
 * People type replies on small keyboards, in a hurry, in Indonesian or English: "ya", "Ya sudah beres 7kq4m9xp",
 * "TIDAK. masih berlubang!!", "cek 7KQ4 M9XP", "Stop". The first word decides (after greetings and punctuation are
 * dropped); a tracking code may follow anywhere in the message, with or without its dash, in any case. A first word
 * that is one slip away from a keyword (a letter missed, doubled, swapped or mistyped) still counts when it stands
 * alone or with a code, and is closer to one keyword than to any other; in a sentence it is another word ("Susah
 * lewat..." is no "sudah", "Top pak" no "stop"). Very short keywords only count as their listed spellings, since one
 * letter off "YA" is a different word.
 *
 * An answer closes or reopens a report, so a sentence that only starts like one is not taken for it: an exclamation
 * or a sign that the work did not hold after a confirming word ("Ya ampun, masih rusak", "Sudah 3 minggu belum
 * diperbaiki"), "it is fine" written with a rejecting word ("Gak apa-apa"), a question after MULAI.
 *
 * Anything else is `unknown`: the caller answers with a short help text. A command never guesses a report from
 * words alone; which reports the sender may act on is the use case's question, not the parser's.
 */
import damerauLevenshtein from 'damerau-levenshtein';
import { parseTrackingCode } from '../tracking-code';

export type ReplyLanguage = 'id' | 'en';

export type CommandKind = 'status' | 'confirm' | 'reject' | 'stop' | 'start' | 'unknown';

export interface ReplyCommand {
  kind: CommandKind;
  /** the tracking code named in the message, normalised (`7KQ4-M9XP`) */
  code?: string;
  /** the language the keyword was written in, when the keyword tells (CEK: id, CHECK: en; STATUS tells nothing) */
  language?: ReplyLanguage;
  /** the keyword as recognised, for the record (never the rest of the message) */
  keyword?: string;
}

interface Keyword {
  kind: Exclude<CommandKind, 'unknown'>;
  word: string;
  language?: ReplyLanguage;
  /** other spellings people use, matched exactly */
  also?: string[];
}

const KEYWORDS: readonly Keyword[] = [
  { kind: 'status', word: 'CEK', language: 'id', also: ['CEKK', 'CK', 'CHEK', 'CEX'] },
  { kind: 'status', word: 'CHECK', language: 'en' },
  { kind: 'status', word: 'STATUS', also: ['STAT', 'STS'] },
  { kind: 'confirm', word: 'YA', language: 'id', also: ['Y', 'YAA', 'YAAA', 'IYA', 'IYAA', 'IYO', 'YAP', 'YUP'] },
  { kind: 'confirm', word: 'SUDAH', language: 'id', also: ['SDH', 'UDAH', 'UDH', 'DAH', 'BERES'] },
  { kind: 'confirm', word: 'YES', language: 'en', also: ['YS', 'YEA', 'YEAH', 'YEP'] },
  { kind: 'reject', word: 'TIDAK', language: 'id', also: ['TDK', 'TAK', 'GAK', 'GA', 'ENGGAK', 'NGGAK', 'NGGA', 'ENGGA', 'KAGAK'] },
  { kind: 'reject', word: 'BELUM', language: 'id', also: ['BLM', 'BLUM', 'BELOM'] },
  { kind: 'reject', word: 'NO', language: 'en', also: ['NOPE', 'NOT'] },
  { kind: 'stop', word: 'BERHENTI', language: 'id', also: ['STOPP'] },
  { kind: 'stop', word: 'STOP', language: 'en', also: ['UNSUBSCRIBE'] },
  { kind: 'start', word: 'MULAI', language: 'id', also: ['MULAY'] },
  { kind: 'start', word: 'START', language: 'en', also: ['UNSTOP'] },
];

/** Words people put before the keyword ("Pak, cek ...", "Halo min, YA"); skipped, at most a few. */
// Greetings and forms of address only: a sentence word ("saya tidak tahu") must not let a later word act as a keyword.
const FILLERS = new Set(['HALO', 'HALLO', 'HAI', 'HI', 'HELLO', 'PAK', 'BU', 'MIN', 'ADMIN', 'KAK', 'MAS', 'MBAK', 'SELAMAT', 'PAGI', 'SIANG', 'SORE', 'MALAM', 'ASSALAMUALAIKUM', 'PERMISI', 'BALAS', 'REPLY']);
const MAX_FILLERS = 3;
/** After a confirming word: an exclamation, or a sign that the work did not hold. */
const NOT_CONFIRMING = new Set(['AMPUN', 'ALLAH', 'ALLOH', 'TUHAN', 'GUSTI', 'BELUM', 'BLM', 'MASIH', 'MSH', 'TIDAK', 'TDK', 'GAK', 'NGGAK', 'RUSAK', 'BOLONG', 'BERLUBANG', 'PARAH', 'NOT', 'STILL', 'BROKEN']);
/** Right after a rejecting word: "gak apa-apa", "tidak masalah", "no problem" say it is fine. */
const FINE = /^(APA|MASALAH|PROBLEM|WORRIES)/;
/** What may follow an opt-in ("mulai lagi", "start sms"); anything else is a sentence ("Mulai kapan...?"). */
const WITH_START = new Set(['LAGI', 'SMS', 'KEMBALI', 'AGAIN', 'PLEASE', 'PAK', 'BU', 'MIN', 'YA']);
/** the shortest keyword that may match with a typo: below this, one letter off is another word */
const FUZZY_MIN_LENGTH = 4;

const exact = new Map<string, Keyword>();
for (const k of KEYWORDS) for (const w of [k.word, ...(k.also ?? [])]) exact.set(w, k);

/** Upper case, accents folded, everything but letters, digits and dashes turned into spaces. */
function words(body: string): string[] {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[^A-Z0-9-]+/g, ' ')
    .split(' ')
    .map((w) => w.replace(/^-+|-+$/g, ''))
    .filter((w) => w !== '');
}

function fuzzy(word: string): Keyword | undefined {
  if (word.length < FUZZY_MIN_LENGTH - 1 || /\d/.test(word)) return undefined;
  let best: { keyword: Keyword; steps: number } | undefined;
  let tie = false;
  for (const keyword of KEYWORDS) {
    if (keyword.word.length < FUZZY_MIN_LENGTH) continue;
    // long keywords forgive two slips ("BERHNETI"), the others one
    const allowed = keyword.word.length >= 8 ? 2 : 1;
    const { steps } = damerauLevenshtein(word, keyword.word);
    if (steps > allowed) continue;
    if (!best || steps < best.steps) [best, tie] = [{ keyword, steps }, false];
    else if (steps === best.steps && best.keyword.kind !== keyword.kind) tie = true;
  }
  return best && !tie ? best.keyword : undefined;
}

/** A keyword, possibly glued to the code that follows it ("CEK7KQ4M9XP", "YA7KQ4-M9XP"). */
function keywordOf(word: string): { keyword: Keyword; rest?: string; slip?: true } | undefined {
  const spelled = exact.get(word);
  if (spelled) return { keyword: spelled };
  const near = fuzzy(word);
  if (near) return { keyword: near, slip: true };
  for (const [spelling, keyword] of exact) {
    if (spelling.length >= 2 && word.startsWith(spelling) && parseTrackingCode(word.slice(spelling.length)))
      return { keyword, rest: word.slice(spelling.length) };
  }
  return undefined;
}

/**
 * The first tracking code among the words: one word ("7KQ4-M9XP", "7kq4m9xp") or two halves ("7KQ4 M9XP"), with a
 * digit or its dash. Plain words that happen to spell a code ("SEKARANG", "sama saja") are words: a code without a
 * digit is read as the SMS writes it, with its dash.
 */
export function findTrackingCode(tokens: readonly string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const one = parseTrackingCode(tokens[i]!);
    if (one && /[\d-]/.test(tokens[i]!)) return one;
    if (!one && i + 1 < tokens.length && tokens[i]!.length === 4 && tokens[i + 1]!.length === 4 && /\d/.test(tokens[i]! + tokens[i + 1]!)) {
      const two = parseTrackingCode(tokens[i]! + tokens[i + 1]!);
      if (two) return two;
    }
  }
  return undefined;
}

/** The words after the keyword are only a tracking code (one word or two halves), or nothing. */
const onlyACode = (after: readonly string[]) => after.length === 0 || (after.length <= 2 && findTrackingCode(after) !== undefined && (after.length === 1 || !parseTrackingCode(after[0]!)));

/** A sentence that starts like an answer but is none (see the top of this file). */
function notAnAnswer(kind: CommandKind, after: readonly string[]): boolean {
  if (kind === 'confirm') return after.some((w) => NOT_CONFIRMING.has(w));
  if (kind === 'reject') return after[0] !== undefined && FINE.test(after[0]);
  if (kind === 'start') return after.some((w) => !WITH_START.has(w));
  return false;
}

export function parseReply(body: string): ReplyCommand {
  const tokens = words(body.slice(0, 1600));
  let start = 0;
  while (start < tokens.length && start < MAX_FILLERS && FILLERS.has(tokens[start]!) && !exact.has(tokens[start]!)) start++;
  const first = tokens[start];
  const found = first === undefined ? undefined : keywordOf(first);
  if (!found) return { kind: 'unknown' };
  const { keyword, rest, slip } = found;
  const after = [...(rest ? [rest] : []), ...tokens.slice(start + 1)];
  if ((slip && !onlyACode(after)) || notAnAnswer(keyword.kind, after)) return { kind: 'unknown' };
  const code = keyword.kind === 'stop' || keyword.kind === 'start' ? undefined : findTrackingCode(after);
  return {
    kind: keyword.kind,
    keyword: keyword.word,
    ...(code && { code }),
    ...(keyword.language && { language: keyword.language }),
  };
}
