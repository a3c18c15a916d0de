/**
 * The report lifecycle as data: which status may follow which, who may make each move, and what each move must carry.
 * Pure: values in, values out. The caller looks things up (does the duplicate target exist and is it open, which units
 * and agencies are configured, what time it is) and passes the answers in.
 *
 * Moves beyond the basic lifecycle (received → verified | rejected | duplicate | referred; verified → in_progress →
 * resolved → closed; resolved → in_progress), and why a triage desk needs them:
 * - verified → rejected | duplicate | referred: verification is a desk decision, often taken before anyone has been on
 *   site. The site visit or a second look can show the report is a hoax or private property (rejected), the same hole
 *   another citizen already reported (duplicate), or a national or provincial road, or across the border in Kota Serang
 *   (referred). Without these moves a verified report could only be "resolved" falsely.
 * - in_progress → referred: the crew arrives and finds the road is not the regency's (a BBPJN or provincial road).
 *   Only the desk (admin, triage) may refer, as for every referral. in_progress → rejected/duplicate stay out: once
 *   work has started, the report is real and ours, and the history must show it was finished or handed over.
 * Not here on purpose:
 * - reassigning a verified or in-progress report to another unit is a change of the `unit` field, not of status;
 * - rejected, duplicate, referred and closed are terminal: a citizen whose problem comes back files a new report
 *   (which may cite the old code), so deadlines and statistics stay honest.
 */

export const STATUSES = [
  'received',
  'verified',
  'rejected',
  'duplicate',
  'referred',
  'in_progress',
  'resolved',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];

// 'citizen': the reporter (or a follower) answering the resolution SMS, identified by phone number, not by a token
export const ROLES = ['admin', 'triage', 'officer', 'district', 'system', 'citizen'] as const;
export type Role = (typeof ROLES)[number];

/** Statuses no move leaves. */
export const TERMINAL_STATUSES: readonly Status[] = ['rejected', 'duplicate', 'referred', 'closed'];

/** Statuses with a running deadline: the report is open, can escalate, and shows as `open` in Open311. */
export const OPEN_STATUSES = ['received', 'verified', 'in_progress'] as const;
export type Stage = (typeof OPEN_STATUSES)[number];

export interface Actor {
  role: Role;
  /** the unit an officer belongs to */
  unit?: string;
  /** the kecamatan a district user belongs to */
  district?: string;
}

export interface ReportScope {
  /** the responsible unit, set when the report is verified */
  unit?: string;
  district: string;
  /** the report's own tracking code, when known: a report cannot be a duplicate of itself */
  code?: string;
}

export interface MoveFields {
  unit?: string;
  reason?: string;
  duplicateOf?: string;
  /** the caller's answer to: does the report `duplicateOf` exist, and is it open? */
  duplicateOfOpen?: boolean;
  agency?: string;
  note?: string;
  /** planned date: `YYYY-MM-DD` (a day in the jurisdiction's time zone) or an ISO date-time with offset */
  expectedAt?: string;
}

export type FieldName = Exclude<keyof MoveFields, 'duplicateOfOpen'>;

export interface Message {
  id: string;
  en: string;
}

export type MoveCheck =
  | { ok: true }
  | {
      ok: false;
      /** not-allowed: the machine has no such move (409, with `allowed`); forbidden: role or scope (403);
       * invalid: a missing or bad field (400, with `field`) */
      kind: 'not-allowed' | 'forbidden' | 'invalid';
      allowed?: Status[];
      field?: string;
      message: Message;
    };

export interface MoveSpec {
  from: Status;
  to: Status;
  /** roles that may make the move; an officer only on reports of the officer's own unit */
  roles: readonly Role[];
  required: readonly FieldName[];
  /** fields the move may carry besides the required ones; anything else is refused */
  optional: readonly FieldName[];
}

const DESK: readonly Role[] = ['admin', 'triage'];
const DESK_AND_OFFICER: readonly Role[] = ['admin', 'triage', 'officer'];

/** The one table of moves. Every history event may carry a note, so `note` is at least optional everywhere. */
export const MOVES: readonly MoveSpec[] = [
  { from: 'received', to: 'verified', roles: DESK, required: ['unit'], optional: ['note'] },
  { from: 'received', to: 'rejected', roles: DESK, required: ['reason'], optional: ['note'] },
  { from: 'received', to: 'duplicate', roles: DESK, required: ['duplicateOf'], optional: ['note'] },
  { from: 'received', to: 'referred', roles: DESK, required: ['agency'], optional: ['note'] },
  { from: 'verified', to: 'rejected', roles: DESK, required: ['reason'], optional: ['note'] },
  { from: 'verified', to: 'duplicate', roles: DESK, required: ['duplicateOf'], optional: ['note'] },
  { from: 'verified', to: 'referred', roles: DESK, required: ['agency'], optional: ['note'] },
  { from: 'verified', to: 'in_progress', roles: DESK_AND_OFFICER, required: [], optional: ['note', 'expectedAt'] },
  { from: 'in_progress', to: 'resolved', roles: DESK_AND_OFFICER, required: ['note'], optional: [] },
  { from: 'in_progress', to: 'referred', roles: DESK, required: ['agency'], optional: ['note'] },
  // reopen: the note says why (the citizen called, the patch washed out)
  // a citizen reopens by answering TIDAK to the resolution SMS; the reply is the note
  { from: 'resolved', to: 'in_progress', roles: [...DESK_AND_OFFICER, 'citizen'], required: ['note'], optional: ['expectedAt'] },
  // 'system' is the scheduler closing resolved reports after N days; 'citizen' answered YA (it is fixed)
  // before the citizen's objection period ends only the desk may close, with a reason (checked by the use case)
  { from: 'resolved', to: 'closed', roles: ['admin', 'triage', 'officer', 'system', 'citizen'], required: [], optional: ['note', 'reason'] },
];

/** Roles whose moves are limited to reports assigned to their own unit. */
const UNIT_SCOPED: readonly Role[] = ['officer'];

export const NOTE_MAX_LENGTH = 2000;
export const REASON_MAX_LENGTH = 1000;

export const STATUS_LABELS: Record<Status, Message> = {
  received: { id: 'Diterima', en: 'Received' },
  verified: { id: 'Terverifikasi', en: 'Verified' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  duplicate: { id: 'Duplikat', en: 'Duplicate' },
  referred: { id: 'Diteruskan ke instansi lain', en: 'Referred to another agency' },
  in_progress: { id: 'Sedang dikerjakan', en: 'In progress' },
  resolved: { id: 'Selesai dikerjakan', en: 'Resolved' },
  closed: { id: 'Ditutup', en: 'Closed' },
};

const FIELD_LABELS: Record<FieldName, Message> = {
  unit: { id: 'unit kerja', en: 'unit' },
  reason: { id: 'alasan', en: 'reason' },
  duplicateOf: { id: 'kode laporan asli', en: 'original report code' },
  agency: { id: 'instansi tujuan', en: 'agency' },
  note: { id: 'catatan', en: 'note' },
  expectedAt: { id: 'tanggal rencana', en: 'planned date' },
};

const FIELD_MAX: Partial<Record<FieldName, number>> = {
  note: NOTE_MAX_LENGTH,
  reason: REASON_MAX_LENGTH,
  unit: 100,
  agency: 100,
  duplicateOf: 40,
  expectedAt: 40,
};

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function isOpen(status: Status): boolean {
  return (OPEN_STATUSES as readonly Status[]).includes(status);
}

/** Only a report with a running deadline can become overdue and escalate. */
export function canEscalate(status: Status): boolean {
  return isOpen(status);
}

export function isTerminal(status: Status): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function open311Status(status: Status): 'open' | 'closed' {
  return isOpen(status) ? 'open' : 'closed';
}

/** The SLA stage a status runs under (a key of `sla.stages`), or null when no deadline runs. */
export function stageOf(status: Status): Stage | null {
  return isOpen(status) ? (status as Stage) : null;
}

export function findMove(from: Status, to: Status): MoveSpec | undefined {
  return MOVES.find((m) => m.from === from && m.to === to);
}

function mayMake(move: MoveSpec, actor: Actor, report: ReportScope): boolean {
  if (!move.roles.includes(actor.role)) return false;
  if (UNIT_SCOPED.includes(actor.role)) {
    return actor.unit !== undefined && actor.unit !== '' && report.unit !== undefined && actor.unit === report.unit;
  }
  return true;
}

/** The statuses this actor may move this report to from `from`, in the order of STATUSES. */
/**
 * A resolved report waits for the citizen to say the work did not hold (until `autoCloseAt`). Meanwhile only the
 * desk (triage, admin) may close it, with a reason on record; afterwards anyone who may close it may.
 */
export function closesOnlyByDesk(report: { status: string; autoCloseAt?: string }, now: Date): boolean {
  return report.status === 'resolved' && report.autoCloseAt !== undefined && Date.parse(report.autoCloseAt) > now.getTime();
}
export const isDesk = (role: string) => (DESK as readonly string[]).includes(role);

export function allowedMoves(from: Status, actor: Actor, report: ReportScope): Status[] {
  return STATUSES.filter((to) => {
    const move = findMove(from, to);
    return move !== undefined && mayMake(move, actor, report);
  });
}

export interface CheckMoveInput {
  from: Status;
  to: Status;
  actor: Actor;
  report: ReportScope;
  fields: MoveFields;
  known: { units: readonly string[]; agencies: readonly string[] };
  now: Date;
  /** IANA zone that decides what "today" is for a date-only `expectedAt`; default Asia/Jakarta */
  timeZone?: string;
}

function label(status: Status): Message {
  return STATUS_LABELS[status] ?? { id: String(status), en: String(status) };
}

function invalid(field: FieldName, id: string, en: string): MoveCheck {
  return { ok: false, kind: 'invalid', field, message: { id, en } };
}

/** A blank string counts as absent: an empty form field is not a note. */
function present(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Is this move possible, is this actor allowed to make it, and does it carry what it must?
 * Checked in that order, so a caller that may not act learns nothing about the fields.
 */
export function checkMove(input: CheckMoveInput): MoveCheck {
  const { from, to, actor, report, fields, known, now } = input;
  const move = findMove(from, to);
  const allowed = isStatus(from) ? allowedMoves(from, actor, report) : [];
  if (!move) {
    return {
      ok: false,
      kind: 'not-allowed',
      allowed,
      message: {
        id: `Status laporan tidak dapat diubah dari "${label(from).id}" ke "${label(to).id}".`,
        en: `A report cannot move from "${label(from).en}" to "${label(to).en}".`,
      },
    };
  }
  if (!mayMake(move, actor, report)) {
    const outOfUnit = move.roles.includes(actor.role);
    return {
      ok: false,
      kind: 'forbidden',
      allowed,
      message: outOfUnit
        ? {
            id: 'Laporan ini tidak ditugaskan ke unit kerja Anda.',
            en: 'This report is not assigned to your unit.',
          }
        : {
            id: `Peran Anda tidak berwenang mengubah status ke "${label(to).id}".`,
            en: `Your role may not move a report to "${label(to).en}".`,
          },
    };
  }

  const accepted = new Set<FieldName>([...move.required, ...move.optional]);
  for (const name of Object.keys(FIELD_LABELS) as FieldName[]) {
    const value = fields[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      return invalid(name, `Isian ${FIELD_LABELS[name].id} harus berupa teks.`, `The ${FIELD_LABELS[name].en} must be text.`);
    }
    if (!present(value)) continue;
    if (!accepted.has(name)) {
      return invalid(
        name,
        `Isian ${FIELD_LABELS[name].id} tidak berlaku untuk perubahan ke "${label(to).id}".`,
        `A ${FIELD_LABELS[name].en} does not apply to a move to "${label(to).en}".`,
      );
    }
    const max = FIELD_MAX[name];
    if (max !== undefined && value.trim().length > max) {
      return invalid(
        name,
        `Isian ${FIELD_LABELS[name].id} terlalu panjang (paling banyak ${max} karakter).`,
        `The ${FIELD_LABELS[name].en} is too long (at most ${max} characters).`,
      );
    }
  }
  for (const name of move.required) {
    if (!present(fields[name])) {
      return invalid(name, `Isian ${FIELD_LABELS[name].id} wajib diisi.`, `The ${FIELD_LABELS[name].en} is required.`);
    }
  }

  if (accepted.has('unit') && present(fields.unit) && !known.units.includes(fields.unit)) {
    return invalid('unit', `Unit kerja "${fields.unit}" tidak dikenal.`, `Unknown unit "${fields.unit}".`);
  }
  if (accepted.has('agency') && present(fields.agency) && !known.agencies.includes(fields.agency)) {
    return invalid('agency', `Instansi "${fields.agency}" tidak dikenal.`, `Unknown agency "${fields.agency}".`);
  }
  if (accepted.has('duplicateOf') && present(fields.duplicateOf)) {
    if (report.code !== undefined && fields.duplicateOf.trim() === report.code) {
      return invalid('duplicateOf', 'Laporan tidak dapat menjadi duplikat dirinya sendiri.', 'A report cannot duplicate itself.');
    }
    if (fields.duplicateOfOpen !== true) {
      return invalid(
        'duplicateOf',
        `Laporan asli "${fields.duplicateOf}" tidak ditemukan atau sudah tidak aktif.`,
        `The original report "${fields.duplicateOf}" does not exist or is no longer open.`,
      );
    }
  }
  if (accepted.has('expectedAt') && present(fields.expectedAt)) {
    const problem = checkPlannedDate(fields.expectedAt.trim(), now, input.timeZone ?? 'Asia/Jakarta');
    if (problem) return invalid('expectedAt', problem.id, problem.en);
  }
  return { ok: true };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** "YYYY-MM-DD" of an instant in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    instant,
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * A planned date may be today or later. A date-only value is a day in the jurisdiction's zone (a crew plans days,
 * not instants); a date-time must carry its offset and not lie before `now`.
 */
/** A plan further ahead than this is a typo, not a plan: public works are planned within a budget period or two. */
const MAX_PLAN_YEARS = 5;

function checkPlannedDate(value: string, now: Date, timeZone: string): Message | undefined {
  const badFormat: Message = {
    id: 'Tanggal rencana harus berformat YYYY-MM-DD atau tanggal-waktu ISO 8601 dengan zona waktu.',
    en: 'The planned date must be YYYY-MM-DD or an ISO 8601 date-time with an offset.',
  };
  const past: Message = {
    id: 'Tanggal rencana tidak boleh di masa lalu.',
    en: 'The planned date cannot be in the past.',
  };
  const tooFar: Message = {
    id: `Tanggal rencana paling jauh ${MAX_PLAN_YEARS} tahun ke depan.`,
    en: `The planned date can be at most ${MAX_PLAN_YEARS} years ahead.`,
  };
  const today = dayIn(now, timeZone);
  // the same day of the year, that many years on (a 29 February compares fine as text)
  const lastDay = `${Number(today.slice(0, 4)) + MAX_PLAN_YEARS}${today.slice(4)}`;
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
    if (!isCalendarDate(y, m, d)) return badFormat;
    return value < today ? past : value > lastDay ? tooFar : undefined;
  }
  const dateTime = DATE_TIME.exec(value);
  if (!dateTime) return badFormat;
  const [, y, m, d, hh, mm, ss, oh, om] = dateTime.map((part) => (part === undefined ? 0 : Number(part))) as number[];
  if (!isCalendarDate(y!, m!, d!) || hh! > 23 || mm! > 59 || ss! > 59 || oh! > 23 || om! > 59) return badFormat;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return badFormat;
  if (at < now.getTime()) return past;
  // also keeps a year past 9999 (which no ISO 8601 reader takes back) out of the record
  return y! > Number(lastDay.slice(0, 4)) || dayIn(new Date(at), timeZone) > lastDay ? tooFar : undefined;
}
