/**
 * The configuration schemas of the working calendar and the SLA policy (shared/domain/sla-policy.ts), merged into
 * the jurisdiction schema. Build-time and test-time only: functions receive their configuration already validated
 * (shared/config/jurisdiction.ts), so neither zod nor these checks run at a cold start.
 */
import * as z from 'zod';
import { PRIORITIES } from '../domain/sla-policy';
import { OPEN_STATUSES } from '../domain/status-machine';
import { parseTimeOfDay, type WeekdayHours } from '../domain/working-calendar';

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

