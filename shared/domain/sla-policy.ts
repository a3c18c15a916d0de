/**
 * SLA policy: how much working time each stage of a report may take, and the deadline (`dueAt`) that follows.
 *
 * Pure: the policy and calendar come from configuration (validated by the schemas below), the instant from the
 * caller. Target for a stage = the time allowed to leave it: `received` → verified, `verified` → in progress,
 * `in_progress` → resolved.
 *
 * Precedence: the most specific matching override wins, category+priority > category > priority > the stage's
 * default. The schema rejects two overrides with the same stage, category and priority, so no tie is left to
 * the order of the list.
 */
import * as z from 'zod';
import { addWorkingTime, parseTimeOfDay } from './working-calendar';
import type { WeekdayHours, WorkingCalendar, WorkingDuration } from './working-calendar';
import { OPEN_STATUSES, type Stage } from './status-machine';


export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface SlaOverride {
  stage: Stage;
  category?: string;
  priority?: Priority;
  target: WorkingDuration;
}

export interface SlaPolicy {
  stages: Record<Stage, WorkingDuration>;
  overrides: SlaOverride[];
}

/** The override (or stage default) that applies to a report of this category and priority in this stage. */
export function stageTarget(policy: SlaPolicy, stage: Stage, category: string, priority: Priority): WorkingDuration {
  let best: { rank: number; target: WorkingDuration } | undefined;
  for (const override of policy.overrides) {
    if (override.stage !== stage) continue;
    if (override.category !== undefined && override.category !== category) continue;
    if (override.priority !== undefined && override.priority !== priority) continue;
    const rank = (override.category !== undefined ? 2 : 0) + (override.priority !== undefined ? 1 : 0);
    if (!best || rank > best.rank) best = { rank, target: override.target };
  }
  return best ? best.target : policy.stages[stage];
}

/** The deadline for leaving `stage`, counted in working time from `from` (when the report entered the stage). */
export function dueAtFor(
  policy: SlaPolicy,
  cal: WorkingCalendar,
  stage: Stage,
  category: string,
  priority: Priority,
  from: Date,
): Date {
  return addWorkingTime(from, stageTarget(policy, stage, category, priority), cal);
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration schemas (merged into the jurisdiction configuration schema elsewhere)

const ISO_WEEKDAY_KEYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

function isTimeOfDay(value: string): boolean {
  try {
    parseTimeOfDay(value);
    return true;
  } catch {
    return false;
  }
}

function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeRangeSchema = z
  .object({
    start: z.string().refine(isTimeOfDay, 'expected "HH:mm"'),
    end: z.string().refine(isTimeOfDay, 'expected "HH:mm" (24:00 allowed)'),
  })
  .refine((r) => !isTimeOfDay(r.start) || !isTimeOfDay(r.end) || parseTimeOfDay(r.end) > parseTimeOfDay(r.start), {
    message: 'end must be after start (ranges within one day)',
    path: ['end'],
  });

export const workingCalendarSchema = z
  .object({
    timeZone: z.string().refine(isIanaTimeZone, 'unknown IANA time zone'),
    workingDays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .refine((days) => new Set(days).size === days.length, 'working days must not repeat'),
    workingHours: z.union([timeRangeSchema, z.partialRecord(z.enum(ISO_WEEKDAY_KEYS), timeRangeSchema)]),
    holidays: z.array(z.iso.date()),
  })
  .superRefine((cal, ctx) => {
    if ('start' in cal.workingHours) return;
    const byDay: WeekdayHours = cal.workingHours;
    for (const day of cal.workingDays) {
      if (!byDay[String(day) as (typeof ISO_WEEKDAY_KEYS)[number]]) {
        ctx.addIssue({ code: 'custom', message: `working day ${day} has no working hours`, path: ['workingHours'] });
      }
    }
  });

export const workingDurationSchema = z.union([
  z.strictObject({ workingHours: z.number().positive() }),
  z.strictObject({ workingDays: z.number().int().positive() }),
]);

const stageSchema = z.enum(OPEN_STATUSES);
const prioritySchema = z.enum(PRIORITIES);

export const slaPolicySchema = z
  .object({
    stages: z.object({
      received: workingDurationSchema,
      verified: workingDurationSchema,
      in_progress: workingDurationSchema,
    }),
    overrides: z
      .array(
        z
          .object({
            stage: stageSchema,
            category: z.string().min(1).optional(),
            priority: prioritySchema.optional(),
            target: workingDurationSchema,
          })
          .refine((o) => o.category !== undefined || o.priority !== undefined, {
            message: 'an override names a category, a priority or both (the stage default covers neither)',
          }),
      )
      .default([]),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.overrides.forEach((o, index) => {
      const key = `${o.stage}|${o.category ?? '*'}|${o.priority ?? '*'}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', message: `duplicate override ${key}`, path: ['overrides', index] });
      }
      seen.add(key);
    });
  });

// ---------------------------------------------------------------------------------------------------------------
// Proposed defaults for Kabupaten Serang (to be confirmed by the office; configuration may replace them)

/**
 * Serang's working week, without holidays (those come from config/holidays/): civil-service hours in WIB,
 * Monday–Thursday 07:30–16:00 and Friday 07:30–16:30. The lunch break is not modelled and counts as working time.
 * Merge as `{ ...SERANG_WORKING_HOURS, holidays }` to get a WorkingCalendar.
 */
export const SERANG_WORKING_HOURS: Omit<WorkingCalendar, 'holidays'> = {
  timeZone: 'Asia/Jakarta',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: {
    '1': { start: '07:30', end: '16:00' },
    '2': { start: '07:30', end: '16:00' },
    '3': { start: '07:30', end: '16:00' },
    '4': { start: '07:30', end: '16:00' },
    '5': { start: '07:30', end: '16:30' },
  },
};

/**
 * received → verified: 2 working days (urgent: 4 working hours);
 * verified → in progress: 3 working days (urgent: 1 working day);
 * in progress → resolved: 14 working days; bridges 30, street lights 5; urgent 2 in every category. Urgent is
 * spelled out for bridges and street lights because a category override outranks a priority-only one.
 */
export const SERANG_DEFAULT_SLA: SlaPolicy = {
  stages: {
    received: { workingDays: 2 },
    verified: { workingDays: 3 },
    in_progress: { workingDays: 14 },
  },
  overrides: [
    { stage: 'received', priority: 'urgent', target: { workingHours: 4 } },
    { stage: 'verified', priority: 'urgent', target: { workingDays: 1 } },
    { stage: 'in_progress', priority: 'urgent', target: { workingDays: 2 } },
    { stage: 'in_progress', category: 'jembatan', target: { workingDays: 30 } },
    { stage: 'in_progress', category: 'jembatan', priority: 'urgent', target: { workingDays: 2 } },
    { stage: 'in_progress', category: 'lampu-jalan', target: { workingDays: 5 } },
    { stage: 'in_progress', category: 'lampu-jalan', priority: 'urgent', target: { workingDays: 2 } },
  ],
};
