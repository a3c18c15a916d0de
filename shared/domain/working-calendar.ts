/**
 * Working-time calendar: the clock that SLA deadlines run on.
 *
 * Pure: values in, values out. No clock is read and nothing is loaded; the caller passes the instant and the
 * calendar (time zone, working days, working hours, holidays from configuration).
 *
 * All local-time reasoning goes through `TZDate` from `@date-fns/tz` and date-fns, so the module is correct in
 * any IANA zone, including days that a daylight-saving change makes 23 or 25 hours long. Asia/Jakarta has no DST,
 * but other regions using this code by configuration may not be so lucky.
 *
 * Rules (the ones a reader would otherwise have to guess):
 * - A working period is the half-open interval [start, end) of local wall-clock time on a working day, i.e. an
 *   ISO weekday listed in `workingDays` whose local date is not in `holidays`. 16:00 on a 07:30–16:00 day is
 *   already outside working time; 07:30 is inside.
 * - Its length is measured between the two real instants, so a period that a DST change cuts or stretches counts
 *   the hours that really pass.
 * - `workingHours` is one range for every working day, or a record by ISO weekday ("1" = Monday … "7" = Sunday)
 *   when days differ (Indonesian civil service: Friday ends later). Every working day needs an entry.
 * - Ranges lie within one local day ("24:00" may be used as end); breaks (e.g. lunch) are not modelled and count
 *   as working time.
 * - Duration in working hours: only time inside working periods counts; a start outside working time begins at
 *   the next period's start. A deadline that uses up a period exactly falls at that period's end (16:00), not at
 *   the next period's start.
 * - Duration in working days: see {@link addWorkingTime}.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, getISODay, startOfDay } from 'date-fns';

/** ISO weekday as a record key: "1" = Monday … "7" = Sunday (string keys so that JSON configuration fits). */
export type IsoWeekdayKey = '1' | '2' | '3' | '4' | '5' | '6' | '7';

/** Local wall-clock range, "HH:mm" 24-hour; `end` may be "24:00". */
export interface TimeRange {
  start: string;
  end: string;
}

export type WeekdayHours = Partial<Record<IsoWeekdayKey, TimeRange>>;

export interface WorkingCalendar {
  /** IANA time zone name, e.g. "Asia/Jakarta" */
  timeZone: string;
  /** ISO weekdays that are working days, 1 = Monday … 7 = Sunday; usually [1, 2, 3, 4, 5] */
  workingDays: number[];
  /** One range for every working day, or a range per ISO weekday */
  workingHours: TimeRange | WeekdayHours;
  /** Non-working local dates, "YYYY-MM-DD" (public holidays and joint leave days) */
  holidays: string[];
}

export type WorkingDuration = { workingHours: number } | { workingDays: number };

const MS_PER_HOUR = 3_600_000;
const TIME_PATTERN = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
/** How many consecutive days without working time we accept before calling the calendar broken (no endless loop). */
const MAX_IDLE_DAYS = 3_660;

/** Minutes after local midnight for "HH:mm"; throws on anything else. */
export function parseTimeOfDay(value: string): number {
  const match = TIME_PATTERN.exec(value);
  if (!match) throw new Error(`Invalid time of day "${value}": expected "HH:mm" (00:00–24:00)`);
  const hours = Number(match[1] ?? match[3]);
  const minutes = Number(match[2] ?? match[4]);
  return hours * 60 + minutes;
}

/** The range for one ISO weekday, or undefined when the calendar gives that weekday no hours. */
export function hoursForWeekday(cal: WorkingCalendar, isoWeekday: number): TimeRange | undefined {
  const hours = cal.workingHours;
  if (isSingleRange(hours)) return hours;
  return hours[String(isoWeekday) as IsoWeekdayKey];
}

function isSingleRange(hours: TimeRange | WeekdayHours): hours is TimeRange {
  return typeof (hours as TimeRange).start === 'string';
}

/** The calendar, checked once and prepared for repeated per-day look-ups. */
interface PreparedCalendar {
  timeZone: string;
  /** ISO weekday → [startMinutes, endMinutes] for working weekdays only */
  minutesByWeekday: Map<number, readonly [number, number]>;
  holidays: ReadonlySet<string>;
}

function prepare(cal: WorkingCalendar): PreparedCalendar {
  if (Number.isNaN(new TZDate(0, cal.timeZone).getTime())) {
    throw new Error(`Unknown time zone "${cal.timeZone}"`);
  }
  const minutesByWeekday = new Map<number, readonly [number, number]>();
  for (const day of cal.workingDays) {
    if (!Number.isInteger(day) || day < 1 || day > 7) throw new Error(`Invalid ISO weekday ${day}`);
    const range = hoursForWeekday(cal, day);
    if (!range) throw new Error(`Working day ${day} has no working hours`);
    const start = parseTimeOfDay(range.start);
    const end = parseTimeOfDay(range.end);
    if (end <= start) throw new Error(`Working hours ${range.start}–${range.end} end before they start`);
    minutesByWeekday.set(day, [start, end]);
  }
  return { timeZone: cal.timeZone, minutesByWeekday, holidays: new Set(cal.holidays) };
}

/** A local calendar day, as a TZDate at local midnight in the calendar's zone. */
type LocalDay = TZDate;

function localDayOf(instant: Date | number, cal: PreparedCalendar): LocalDay {
  return startOfDay(new TZDate(typeof instant === 'number' ? instant : instant.getTime(), cal.timeZone));
}

function nextDay(day: LocalDay): LocalDay {
  return addDays(day, 1);
}

/** The instant of a local wall-clock time (minutes after midnight) on a local day. */
function instantAt(day: LocalDay, minutes: number, cal: PreparedCalendar): number {
  const hours = Math.floor(minutes / 60);
  return new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes % 60, 0, 0, cal.timeZone).getTime();
}

/**
 * "YYYY-MM-DD" of a local day; read from the TZDate's zone-local fields (date-fns format() does the same, ~50× slower,
 * and would bring its formatter and English locale, about 14 KB, into every bundle that uses the calendar).
 */
function dateKey(day: LocalDay): string {
  const month = String(day.getMonth() + 1).padStart(2, '0');
  const date = String(day.getDate()).padStart(2, '0');
  return `${day.getFullYear()}-${month}-${date}`;
}

interface Period {
  start: number;
  end: number;
}

/** The working period of a local day as epoch milliseconds, or null for a weekend, holiday or day off. */
function periodOf(day: LocalDay, cal: PreparedCalendar): Period | null {
  const minutes = cal.minutesByWeekday.get(getISODay(day));
  if (!minutes) return null;
  if (cal.holidays.has(dateKey(day))) return null;
  return { start: instantAt(day, minutes[0], cal), end: instantAt(day, minutes[1], cal) };
}

/** Walks local days from `day` on (inclusive) to the first one with a working period. */
function firstWorkingDayFrom(day: LocalDay, cal: PreparedCalendar): { day: LocalDay; period: Period } {
  let current = day;
  for (let idle = 0; idle <= MAX_IDLE_DAYS; idle += 1) {
    const period = periodOf(current, cal);
    if (period) return { day: current, period };
    current = nextDay(current);
  }
  throw new Error(`No working time within ${MAX_IDLE_DAYS} days of ${dateKey(day)}: check the calendar`);
}

/** True when `d` lies inside a working period (start inclusive, end exclusive). */
export function isWorkingTime(d: Date, cal: WorkingCalendar): boolean {
  const prepared = prepare(cal);
  const period = periodOf(localDayOf(d, prepared), prepared);
  const t = d.getTime();
  return period !== null && t >= period.start && t < period.end;
}

/**
 * The earliest instant at or after `d` that is working time: `d` itself when it is inside working hours,
 * otherwise the start of the next working period.
 */
export function nextWorkingStart(d: Date, cal: WorkingCalendar): Date {
  const prepared = prepare(cal);
  return new Date(nextWorkingStartMs(d.getTime(), prepared).at);
}

function nextWorkingStartMs(t: number, cal: PreparedCalendar): { at: number; day: LocalDay; period: Period } {
  let day = localDayOf(t, cal);
  for (let idle = 0; idle <= MAX_IDLE_DAYS; idle += 1) {
    const found = firstWorkingDayFrom(day, cal);
    if (t < found.period.end) return { at: Math.max(t, found.period.start), day: found.day, period: found.period };
    day = nextDay(found.day);
  }
  throw new Error('No working time found: check the calendar');
}

/**
 * The deadline `duration` of working time after `start`.
 *
 * Working hours: the instant at which exactly that much working time has passed since `start` (a start outside
 * working hours is moved to the next period's start first). Fractions of an hour are allowed.
 *
 * Working days (whole numbers): N full working days. The clock starts at `nextWorkingStart(start)`, on working
 * day D0. The deadline is on D_N, the Nth working day after D0, at the same local time of day as that clock start
 * (clamped into D_N's working hours when D_N's hours are shorter, e.g. a Friday 16:15 start lands on Monday
 * 16:00). When that time is D_N's opening (the clock started at a period start, which is always the case for a
 * start outside working hours), the deadline is instead the close of D_{N-1}: the same point in working time,
 * stated as "by the end of the Nth working day". So:
 *   Tue 10:00 + 2 working days → Thu 10:00;  Tue 06:00, Tue 07:30 or Mon 17:00 + 1 working day → Tue 16:00.
 *
 * A zero duration returns `start` unchanged; negative or non-finite durations, and fractional days, throw.
 */
export function addWorkingTime(start: Date, duration: WorkingDuration, cal: WorkingCalendar): Date {
  const prepared = prepare(cal);
  if ('workingHours' in duration) {
    const hours = duration.workingHours;
    if (!Number.isFinite(hours) || hours < 0) throw new Error(`Invalid working hours ${hours}`);
    if (hours === 0) return new Date(start.getTime());
    return new Date(addWorkingMs(start.getTime(), Math.round(hours * MS_PER_HOUR), prepared));
  }
  const days = duration.workingDays;
  if (!Number.isInteger(days) || days < 0) throw new Error(`Invalid working days ${days}: a whole number >= 0`);
  if (days === 0) return new Date(start.getTime());
  return new Date(addWholeWorkingDays(start.getTime(), days, prepared));
}

function addWorkingMs(startMs: number, amount: number, cal: PreparedCalendar): number {
  let remaining = amount;
  let { at: cursor, day, period } = nextWorkingStartMs(startMs, cal);
  for (;;) {
    const available = period.end - cursor;
    if (remaining <= available) return cursor + remaining;
    remaining -= available;
    ({ day, period } = firstWorkingDayFrom(nextDay(day), cal));
    cursor = period.start;
  }
}

function addWholeWorkingDays(startMs: number, days: number, cal: PreparedCalendar): number {
  const clockStart = nextWorkingStartMs(startMs, cal);
  // Local wall-clock time of the clock start, kept as fields so that the target day's DST offset applies.
  const local = new TZDate(clockStart.at, cal.timeZone);

  let previous = clockStart;
  let target = clockStart;
  for (let n = 0; n < days; n += 1) {
    previous = target;
    const found = firstWorkingDayFrom(nextDay(target.day), cal);
    target = { at: found.period.start, day: found.day, period: found.period };
  }

  const sameTimeOfDay = new TZDate(
    target.day.getFullYear(),
    target.day.getMonth(),
    target.day.getDate(),
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
    local.getMilliseconds(),
    cal.timeZone,
  ).getTime();
  const due = Math.min(Math.max(sameTimeOfDay, target.period.start), target.period.end);
  return due <= target.period.start ? previous.period.end : due;
}

/** Working milliseconds that pass from `a` to `b`; 0 when `b` is not after `a`. Loops once per local day. */
export function workingTimeBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  const prepared = prepare(cal);
  let total = 0;
  for (let day = localDayOf(from, prepared); day.getTime() < to; day = nextDay(day)) {
    const period = periodOf(day, prepared);
    if (!period) continue;
    const overlap = Math.min(to, period.end) - Math.max(from, period.start);
    if (overlap > 0) total += overlap;
  }
  return total;
}
