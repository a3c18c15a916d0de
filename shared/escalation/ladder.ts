/**
 * The escalation ladder, as pure rules: who hears of an overdue report next, and by when the report must move
 * before the rung above hears of it. Values in, values out; the rungs and calendar come from configuration.
 *
 * - A report at level L whose `dueAt` passes goes to level L + 1, and rung L + 1 is told. Its next `dueAt` is the
 *   rung's `respondWithin` (or the rung's figure for the report's priority) in working time from the run's clock,
 *   so a report is never escalated twice in one period, and a run that comes late does not shorten the next step.
 * - At the top rung the report stays at the top: each time the top rung's period passes again, the same recipient
 *   is reminded (a repeat), so a report nobody acts on keeps coming back to the most senior desk instead of going
 *   silent. The repeat is written as an internal history event; the public history shows an escalation once per
 *   level.
 * - Whoever it is, the recipient is the rung's `recipient`, for the report's unit when the rung is per unit; a
 *   report without a unit (not yet verified) belongs to the desk that should verify it (`unassignedUnit`).
 */
import type { EscalationRung } from '../config/jurisdiction';
import type { Priority } from '../domain/report';
import { addWorkingTime, workingTimeBetween, type WorkingCalendar, type WorkingDuration } from '../domain/working-calendar';

export interface EscalationStep {
  /** the level the report moves to (the top level again for a repeat) */
  level: number;
  rung: EscalationRung;
  /** true when the report was already at the top: a reminder, not a new level */
  repeat: boolean;
  /** when the next rung hears of it (or the top rung is reminded) */
  dueAt: Date;
}

export function rungDuration(rung: EscalationRung, priority: Priority): WorkingDuration {
  return rung.byPriority[priority] ?? rung.respondWithin;
}

export function nextStep(
  currentLevel: number,
  priority: Priority,
  ladder: readonly EscalationRung[],
  calendar: WorkingCalendar,
  now: Date,
): EscalationStep {
  if (ladder.length === 0) throw new Error('The escalation ladder has no rungs');
  const top = ladder.length;
  const from = Number.isInteger(currentLevel) && currentLevel > 0 ? currentLevel : 0;
  const level = Math.min(from + 1, top);
  const rung = ladder[level - 1]!;
  return { level, rung, repeat: from >= top, dueAt: addWorkingTime(now, rungDuration(rung, priority), calendar) };
}

export interface Recipient {
  level: number;
  recipient: string;
  /** set for per-unit rungs only */
  unit?: string;
}

export function recipientFor(rung: EscalationRung, reportUnit: string | undefined, unassignedUnit: string): Recipient {
  return {
    level: rung.level,
    recipient: rung.recipient,
    ...(rung.perUnit && { unit: reportUnit ?? unassignedUnit }),
  };
}

/** A stable key per recipient: one digest per key and run. */
export const recipientKey = (r: Recipient) => `${r.level}|${r.recipient}|${r.unit ?? '*'}`;

export interface Lateness {
  /** working milliseconds since the deadline was missed */
  workingMs: number;
  /** whole working days since then (0 while less than one has passed) */
  workingDays: number;
}

/** Beyond this many working days a count is shown as "more than": a report a year late needs no exact figure. */
export const MAX_COUNTED_DAYS = 260;

/** How late a report is: working time since `since` (the stage deadline it first missed), up to `now`. */
export function latenessOf(since: Date, now: Date, calendar: WorkingCalendar): Lateness {
  const workingMs = workingTimeBetween(since, now, calendar);
  let workingDays = 0;
  let cursor = since;
  while (workingDays < MAX_COUNTED_DAYS) {
    const next = addWorkingTime(cursor, { workingDays: 1 }, calendar);
    if (next.getTime() > now.getTime()) break;
    workingDays += 1;
    cursor = next;
  }
  return { workingMs, workingDays };
}
