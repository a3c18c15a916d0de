/**
 * Deadlines in working time, held against a reference that shares no code with the production calendar
 * (shared/domain/working-calendar.ts, sla-policy.ts): it walks the clock minute by minute and asks of each minute
 * "is this working time?", with local time read by plain arithmetic on the zone's fixed offset (Asia/Jakarta is
 * UTC+7 all year, so no time-zone library is needed to be right). Slow and obviously correct, on purpose.
 *
 * Calendars, start instants and durations are random (fast-check): working weekdays, per-weekday hours, holidays.
 * `PROPERTY_RUNS=1000 npx vitest run test/property/deadlines.property.test.ts` runs longer; `FC_SEED=<seed>` replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stageDueAtIn } from '../../shared/domain/deadlines';
import { stageTarget } from '../../shared/domain/sla-policy';
import { OPEN_STATUSES } from '../../shared/domain/status-machine';
import { addWorkingTime, workingTimeBetween, type WorkingCalendar } from '../../shared/domain/working-calendar';
import { jurisdiction } from '../../shared/config/jurisdiction';

const RUNS = Number(process.env.PROPERTY_RUNS) || 150;
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

const MINUTE = 60_000;
const OFFSET = 7 * 60 * MINUTE; // Asia/Jakarta, UTC+7, no daylight saving

// ---- the reference: local fields by arithmetic, working time by asking each minute ----

interface RefCalendar {
  /** ISO weekday (1 = Monday) → [start minute, end minute) of local time */
  hours: Map<number, [number, number]>;
  /** holidays as local day numbers (days since 1970-01-01) */
  holidays: Set<number>;
}

const DAY = 86_400_000;
/** "YYYY-MM-DD" → local day number */
const dayNumberOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

function local(t: number) {
  const day = Math.floor((t + OFFSET) / DAY);
  // day 0, 1 January 1970, was a Thursday (ISO weekday 4)
  return { day, weekday: ((day + 3) % 7) + 1, minuteOfDay: Math.floor(((t + OFFSET) - day * DAY) / MINUTE) };
}

/** The instant of local midnight of the day `t` falls in. */
const localMidnight = (t: number) => local(t).day * DAY - OFFSET;

function hoursOf(cal: RefCalendar, t: number): [number, number] | undefined {
  const l = local(t);
  if (cal.holidays.has(l.day)) return undefined;
  return cal.hours.get(l.weekday);
}

/** The minute starting at `t` (a whole minute) is working time. */
function isWorkingMinute(cal: RefCalendar, t: number): boolean {
  const h = hoursOf(cal, t);
  const m = local(t).minuteOfDay;
  return h !== undefined && m >= h[0] && m < h[1];
}

/** Walks minute by minute until `minutes` working minutes have passed; the deadline is the end of the last one. */
function refAddWorkingMinutes(cal: RefCalendar, start: number, minutes: number): number {
  let t = start;
  let counted = 0;
  for (;;) {
    if (isWorkingMinute(cal, t)) counted++;
    t += MINUTE;
    if (counted === minutes) return t;
  }
}

/** The first working minute at or after `start`. */
function refNextWorkingStart(cal: RefCalendar, start: number): number {
  let t = start;
  while (!isWorkingMinute(cal, t)) t += MINUTE;
  return t;
}

/**
 * Whole working days, as the rule reads: the clock starts at the first working minute (day D0); the deadline is on
 * the Nth working day after D0 at the same local time (clamped into that day's hours), except that a deadline at a
 * day's opening is stated as the close of the working day before.
 */
function refAddWorkingDays(cal: RefCalendar, start: number, days: number): number {
  const clock = refNextWorkingStart(cal, start);
  const timeOfDay = local(clock).minuteOfDay;
  let day = localMidnight(clock); // D0
  let before = day;
  for (let n = 0; n < days; n++) {
    before = day;
    do day += DAY;
    while (!hoursOf(cal, day));
  }
  const [open, close] = hoursOf(cal, day)!;
  const at = Math.min(Math.max(timeOfDay, open), close);
  if (at > open) return day + at * MINUTE;
  return before + hoursOf(cal, before)![1] * MINUTE;
}

function refWorkingMinutesBetween(cal: RefCalendar, a: number, b: number): number {
  let n = 0;
  for (let t = a; t < b; t += MINUTE) if (isWorkingMinute(cal, t)) n++;
  return n;
}

// ---- random calendars in the production shape, and the same calendar for the reference ----

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const RANGE_START = Date.parse('2026-01-01T00:00:00+07:00');
const DAYS = 120;

const calendarArb = fc
  .record({
    workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    // per weekday: start 05:00–12:00 on the quarter hour, 1 to 12 hours long
    ranges: fc.array(fc.record({ start: fc.integer({ min: 20, max: 48 }), length: fc.integer({ min: 4, max: 48 }) }), { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: DAYS + 60 }), { maxLength: 20 }),
  })
  .map(({ workingDays, ranges, holidays }) => {
    const hours = new Map<number, [number, number]>();
    const workingHours: Record<string, { start: string; end: string }> = {};
    for (const day of workingDays) {
      const r = ranges[day - 1]!;
      const span: [number, number] = [r.start * 15, Math.min(r.start * 15 + r.length * 15, 24 * 60)];
      hours.set(day, span);
      workingHours[String(day)] = { start: hhmm(span[0]), end: span[1] === 24 * 60 ? '24:00' : hhmm(span[1]) };
    }
    const dates = holidays.map((d) => new Date(RANGE_START + OFFSET + d * DAY).toISOString().slice(0, 10));
    const production: WorkingCalendar = { timeZone: 'Asia/Jakarta', workingDays, workingHours, holidays: dates };
    const reference: RefCalendar = { hours, holidays: new Set(dates.map(dayNumberOf)) };
    return { production, reference };
  });

/** A start on a whole minute anywhere in the range (inside or outside working time). */
const startArb = fc.integer({ min: 0, max: DAYS * 24 * 60 }).map((m) => RANGE_START + m * MINUTE);

const settings = { numRuns: RUNS };

describe('working-time deadlines against a minute-by-minute reference', () => {
  it('working hours (in quarter hours, up to 24)', () => {
    fc.assert(
      fc.property(calendarArb, startArb, fc.integer({ min: 1, max: 24 * 4 }), ({ production, reference }, start, quarters) => {
        const due = addWorkingTime(new Date(start), { workingHours: quarters / 4 }, production).getTime();
        expect(new Date(due).toISOString()).toBe(new Date(refAddWorkingMinutes(reference, start, quarters * 15)).toISOString());
      }),
      settings,
    );
  });

  it('working days', () => {
    fc.assert(
      fc.property(calendarArb, startArb, fc.integer({ min: 1, max: 10 }), ({ production, reference }, start, days) => {
        const due = addWorkingTime(new Date(start), { workingDays: days }, production).getTime();
        expect(new Date(due).toISOString()).toBe(new Date(refAddWorkingDays(reference, start, days)).toISOString());
      }),
      settings,
    );
  });

  it('working time between two instants', () => {
    fc.assert(
      fc.property(calendarArb, startArb, fc.integer({ min: 0, max: 20 * 24 * 60 }), ({ production, reference }, a, span) => {
        const b = a + span * MINUTE;
        expect(workingTimeBetween(new Date(a), new Date(b), production)).toBe(refWorkingMinutesBetween(reference, a, b) * MINUTE);
      }),
      settings,
    );
  });
});

describe("Serang's stage deadlines against the reference", () => {
  const serang = jurisdiction.workingCalendar;
  const reference: RefCalendar = {
    hours: new Map(
      serang.workingDays.map((d) => {
        const h = 'start' in serang.workingHours ? serang.workingHours : serang.workingHours[String(d) as '1']!;
        const toMinutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
        return [d, [toMinutes(h.start), toMinutes(h.end)]];
      }),
    ),
    holidays: new Set(serang.holidays.map(dayNumberOf)),
  };

  it('every stage, category and priority, from any minute of 2026', () => {
    expect(serang.timeZone).toBe('Asia/Jakarta');
    const categories = jurisdiction.categories.map((c) => c.code);
    const yearStart = Date.parse('2026-01-01T00:00:00+07:00');
    fc.assert(
      fc.property(
        fc.constantFrom(...OPEN_STATUSES),
        fc.constantFrom(...categories),
        fc.constantFrom('low', 'normal', 'high', 'urgent' as const),
        fc.integer({ min: 0, max: 300 * 24 * 60 }),
        (stage, category, priority, minute) => {
          const from = yearStart + minute * MINUTE;
          const target = stageTarget(jurisdiction.sla, stage, category, priority);
          const expected = 'workingHours' in target ? refAddWorkingMinutes(reference, from, target.workingHours * 60) : refAddWorkingDays(reference, from, target.workingDays);
          expect(stageDueAtIn(jurisdiction, stage, category, priority, new Date(from))).toBe(new Date(expected).toISOString());
        },
      ),
      settings,
    );
  });
});
