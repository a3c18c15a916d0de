/**
 * The jurisdiction configuration: everything that makes this Kabupaten Serang rather than another region
 * (districts, categories, units, agencies, bounding box, languages, time zone). Another region is another
 * JSON file named by JURISDICTION_CONFIG, not a code change. Read and validated once, at module load.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ENV, optionalEnv } from './env';

const code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case code');
export const languageSchema = z.enum(['id', 'en']);
export type Language = z.infer<typeof languageSchema>;
const localized = z.object({ id: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof localized>;

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
    districts: z.array(z.object({ code, name: localized })).min(1),
    units: z.array(z.object({ code, name: localized })).min(1),
    categories: z
      .array(z.object({ code, name: localized, defaultUnit: code, completionPhotoRequired: z.boolean().default(false) }))
      .min(1),
    agencies: z.array(z.object({ code, name: localized })),
    sla: z.object({ stageHours: z.object({ received: z.number(), verified: z.number(), in_progress: z.number() }) }),
    publicBaseUrl: z.url(),
    /** a resolved report nobody reopens closes by itself after this many days */
    autoCloseDays: z.number().int().min(1).max(365).default(14),
  })
  .superRefine((cfg, ctx) => {
    const units = new Set(cfg.units.map((u) => u.code));
    cfg.categories.forEach((c, i) => {
      if (!units.has(c.defaultUnit))
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'defaultUnit'], message: `unknown unit ${c.defaultUnit}` });
    });
  });

export type Jurisdiction = z.infer<typeof jurisdictionSchema>;

export const DEFAULT_JURISDICTION_FILE = 'config/jurisdictions/kabupaten-serang.json';

export function loadJurisdiction(file = optionalEnv(ENV.jurisdictionConfig, DEFAULT_JURISDICTION_FILE)): Jurisdiction {
  const path = resolve(file);
  const parsed = jurisdictionSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid jurisdiction configuration ${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const jurisdiction: Jurisdiction = loadJurisdiction();

export const byCode = <T extends { code: string }>(items: T[], c: string): T | undefined => items.find((i) => i.code === c);
