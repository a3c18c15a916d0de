/**
 * The schema of the jurisdiction configuration (see shared/config/jurisdiction.ts for what it holds) and the reading
 * of a repository file into one self-contained, validated value. Runs where configuration is prepared: `cdk synth`
 * (infra/constructs/lambda-function.ts), the benchmark, the local stack and the tests. A function bundle never
 * contains it: it receives its configuration already validated (shared/config/shipped-jurisdiction.ts).
 *
 * The working calendar's holidays are data to keep current every year, so they may live in a file of their own
 * (`workingCalendar.holidaysFile`, a path relative to the jurisdiction file, in the format of
 * config/holidays/id-2026-2027.json) instead of inline (`workingCalendar.holidays`). The calendar's time zone is
 * the jurisdiction's `timeZone`. Boundary files (`boundaries.districtsFile`, `regionsFile`) are named the same way.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { PRIORITIES } from '../domain/sla-policy';
import { DEFAULT_JURISDICTION_FILE } from './jurisdiction-file';
import { LANGUAGES } from './language';
import { boundariesSchema, nearbySchema, neighbourSchema, officialCodeSchema, selfContainedBoundaries } from './places';
import { slaPolicySchema, workingCalendarSchema, workingDurationSchema } from './sla-policy-schema';

const code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case code');
const languageSchema = z.enum(LANGUAGES);
const localized = z.object({ id: z.string().min(1), en: z.string().min(1) });

/**
 * One rung of the escalation ladder: who is told when a report at the level below it misses its deadline, and
 * how much working time they get before the next rung is told. At the top rung the report stays at the top and
 * its recipient is reminded every `respondWithin` (see shared/escalation/ladder.ts).
 */
const escalationRungSchema = z.strictObject({
  level: z.number().int().min(1),
  /** a code for the recipient, sent as the `recipient` message attribute (e.g. unit-head) */
  recipient: code,
  name: localized,
  /** one digest per unit (a head of unit hears only of the own unit's reports), or one for all units */
  perUnit: z.boolean(),
  respondWithin: workingDurationSchema,
  /** a shorter (or longer) step for some priorities, e.g. urgent */
  byPriority: z.partialRecord(z.enum(PRIORITIES), workingDurationSchema).default({}),
  /** the language of the SMS summary of this rung's digest; the jurisdiction's default language when absent */
  language: languageSchema.optional(),
});

const escalationSchema = z
  .strictObject({
    /** how often the scheduled run starts in AWS (EventBridge rate), in minutes */
    scheduleMinutes: z.number().int().min(1).max(1440).default(15),
    /** the unit whose head hears of reports that have no unit yet (received, not yet verified): the triage desk */
    unassignedUnit: code,
    ladder: z.array(escalationRungSchema).min(1),
  })
  .superRefine((esc, ctx) => {
    esc.ladder.forEach((rung, i) => {
      if (rung.level !== i + 1)
        ctx.addIssue({ code: 'custom', path: ['ladder', i, 'level'], message: `rungs are listed in order from level 1: expected ${i + 1}` });
    });
  });

export const jurisdictionSchema = z
  .object({
    code,
    name: localized,
    office: localized,
    serviceName: z.string().min(1),
    languages: z.array(languageSchema).min(1),
    defaultLanguage: languageSchema,
    timeZone: z.string().min(1),
    phoneCountry: z.string().length(2),
    boundingBox: z.object({
      south: z.number().min(-90).max(90),
      west: z.number().min(-180).max(180),
      north: z.number().min(-90).max(90),
      east: z.number().min(-180).max(180),
    }),
    districts: z.array(z.object({ code, name: localized, officialCode: officialCodeSchema.optional() })).min(1),
    units: z.array(z.object({ code, name: localized })).min(1),
    categories: z
      .array(z.object({ code, name: localized, defaultUnit: code, completionPhotoRequired: z.boolean().default(false) }))
      .min(1),
    agencies: z.array(z.object({ code, name: localized })),
    /** working days, hours and holidays that SLA deadlines and escalation steps are counted in */
    workingCalendar: workingCalendarSchema,
    /** the working time each stage may take, by category and priority (shared/domain/sla-policy.ts) */
    sla: slaPolicySchema,
    escalation: escalationSchema,
    publicBaseUrl: z.url(),
    /** a resolved report nobody reopens closes by itself after this many days */
    autoCloseDays: z.number().int().min(1).max(365).default(14),
    /** UU 27/2022: a finished report keeps the reporter's number and name this many days, then loses them */
    contactRetentionDays: z.number().int().min(1).max(3650).default(365),
    /** how many times citizens may reopen one report by answering TIDAK to the resolution SMS */
    citizenReopenLimit: z.number().int().min(0).max(10).default(2),
    /** a report still open this many days after it was made loses the contact and free text too; default twice contactRetentionDays */
    openReportMaxAgeDays: z.number().int().min(1).max(7300).optional(),
    /** for the cost figures only (bench): what one outbound SMS segment costs in this country, in USD */
    smsPricePerSegmentUsd: z.number().positive().default(0.04),
    /** kecamatan polygons and neighbour outlines (shared/config/places.ts); without them only the bounding box is checked */
    boundaries: boundariesSchema.optional(),
    /** neighbouring regencies and cities: a location there is refused with where to report instead */
    neighbours: z.array(neighbourSchema).default([]),
    nearby: nearbySchema,
    /** the license the open data (GET /v1/open-data/...) is published under */
    openDataLicense: z
      .object({ name: z.string().min(1), url: z.url() })
      .default({ name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' }),
  })
  .superRefine((cfg, ctx) => {
    const units = new Set(cfg.units.map((u) => u.code));
    cfg.categories.forEach((c, i) => {
      if (!units.has(c.defaultUnit))
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'defaultUnit'], message: `unknown unit ${c.defaultUnit}` });
    });
    if (cfg.workingCalendar.timeZone !== cfg.timeZone)
      ctx.addIssue({
        code: 'custom',
        path: ['workingCalendar', 'timeZone'],
        message: `the calendar runs in the jurisdiction's time zone ${cfg.timeZone}, not ${cfg.workingCalendar.timeZone}`,
      });
    // an override for a category that does not exist is a typo that would silently never apply
    const categories = new Set(cfg.categories.map((c) => c.code));
    cfg.sla.overrides.forEach((o, i) => {
      if (o.category !== undefined && !categories.has(o.category))
        ctx.addIssue({ code: 'custom', path: ['sla', 'overrides', i, 'category'], message: `unknown category ${o.category}` });
    });
    if (!units.has(cfg.escalation.unassignedUnit))
      ctx.addIssue({ code: 'custom', path: ['escalation', 'unassignedUnit'], message: `unknown unit ${cfg.escalation.unassignedUnit}` });
  });

export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

/** A holiday list file (config/holidays/*.json): `days[].date` are the non-working dates; the rest documents them. */
export const holidayFileSchema = z.object({
  source: z.string().optional(),
  note: z.string().optional(),
  days: z.array(
    z.object({ date: z.iso.date(), name: z.string().min(1), kind: z.string().optional(), provisional: z.boolean().optional() }),
  ),
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The raw configuration with its holiday file read in (`holidaysFile` → `holidays`), its boundary files read in as
 * text (shared/config/places.ts) and the calendar's time zone
 * filled in from the jurisdiction's: one self-contained JSON value. Infra writes this into the Lambda bundle
 * instead of the bare file, so the bundle needs no second file and no path that only exists in the repository.
 */
export function selfContainedJurisdiction(file: string): Record<string, unknown> {
  const path = resolve(file);
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isRecord(raw)) throw new Error(`Invalid jurisdiction configuration ${path}: not a JSON object`);
  if (raw.boundaries !== undefined) raw.boundaries = selfContainedBoundaries(raw.boundaries, dirname(path), path, raw.neighbours);
  const calendar = raw.workingCalendar;
  if (!isRecord(calendar)) return raw;
  const { holidaysFile, ...rest } = calendar;
  const resolved: Record<string, unknown> = { timeZone: raw.timeZone, ...rest };
  if (holidaysFile !== undefined) {
    if (typeof holidaysFile !== 'string' || holidaysFile === '')
      throw new Error(`Invalid jurisdiction configuration ${path}: workingCalendar.holidaysFile must be a path`);
    if (rest.holidays !== undefined)
      throw new Error(`Invalid jurisdiction configuration ${path}: give workingCalendar.holidays or holidaysFile, not both`);
    const holidayPath = resolve(dirname(path), holidaysFile);
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(holidayPath, 'utf8'));
    } catch (err) {
      throw new Error(`Invalid jurisdiction configuration ${path}: cannot read holiday file ${holidayPath}: ${(err as Error).message}`);
    }
    const parsed = holidayFileSchema.safeParse(content);
    if (!parsed.success) throw new Error(`Invalid holiday file ${holidayPath}: ${z.prettifyError(parsed.error)}`);
    resolved.holidays = parsed.data.days.map((d) => d.date);
  }
  return { ...raw, workingCalendar: resolved };
}

/** Reads and validates a jurisdiction file; throws naming the file and every problem found. */
export function loadJurisdiction(file = DEFAULT_JURISDICTION_FILE): Jurisdiction {
  const path = resolve(file);
  const parsed = jurisdictionSchema.safeParse(selfContainedJurisdiction(path));
  if (!parsed.success) throw new Error(`Invalid jurisdiction configuration ${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
