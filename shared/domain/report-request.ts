/**
 * What a citizen sends to create a report: validation, TypeScript type and OpenAPI from one zod definition.
 * Request schemas are strict: an unknown field is a 400, not silently dropped.
 */
import * as z from 'zod';
import { jurisdiction } from '../config/jurisdiction';
import { languageSchema } from '../config/language-schema';
import { normalizeMobile } from './phone';
import { categoryCode, districtCode, text } from './report';

const { south, west, north, east } = jurisdiction.boundingBox;
// With boundary polygons the lookup decides what is inside (and names the neighbour a point lies in), so the box,
// which cuts through the neighbours, is only the check of a jurisdiction without them.
const boxOnly = jurisdiction.boundaries === undefined;
export const locationSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .refine((p) => !boxOnly || (p.lat >= south && p.lat <= north && p.lon >= west && p.lon <= east), { message: 'location.outside' })
  .meta({ id: 'Location', description: `WGS84 point inside ${jurisdiction.name.en} (${south}..${north}, ${west}..${east})` });

export const createReportRequestSchema = z
  .strictObject({
    category: categoryCode,
    description: text(10, 2000).meta({ description: 'What is wrong, 10 to 2000 characters' }),
    district: districtCode.optional().meta({
      description: 'Required without a location; with one, the location decides the kecamatan (a different choice is kept for staff)',
    }),
    location: locationSchema.optional(),
    address: text(3, 300).optional(),
    reporter: z.strictObject({
      phone: z
        .string()
        .max(32)
        .transform((raw, ctx) => {
          const e164 = normalizeMobile(raw, jurisdiction.phoneCountry);
          if (e164) return e164;
          ctx.addIssue({ code: 'custom', message: 'phone.invalid' });
          return z.NEVER;
        })
        .meta({ description: 'Indonesian mobile number, any usual form (0812…, +62 812-…, 62812…); stored as E.164', example: '0810-0000-0123' }),
      name: text(1, 100).optional(),
      showName: z.boolean().default(false).meta({ description: 'Show the name in public views' }),
      anonymous: z.boolean().default(false).meta({ description: 'Hide name and number from officials too (SMS still reach the number)' }),
      language: languageSchema.default('id').meta({ description: 'Language of the SMS updates' }),
    }),
    confidential: z.boolean().default(false).meta({ description: 'Keep the report out of every public view' }),
  })
  .refine((r) => r.location !== undefined || r.address !== undefined, {
    message: 'report.where',
    path: ['location'],
    // checked even when other fields failed, so one answer lists every problem
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .refine((r) => r.district !== undefined || r.location !== undefined, {
    message: 'report.district',
    path: ['district'],
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  })
  .meta({ id: 'CreateReportRequest' });
export type CreateReportRequest = z.infer<typeof createReportRequestSchema>;
