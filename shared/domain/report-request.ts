/**
 * What a citizen sends to create a report: validation, TypeScript type and OpenAPI from one zod definition.
 * Request schemas are strict: an unknown field is a 400, not silently dropped.
 */
import * as z from 'zod/mini';
import { jurisdiction } from '../config/jurisdiction';
import { languageSchema } from '../config/language-schema';
import { mobileNumberSchema } from './mobile-schema';
import { categoryCode, districtCode, text } from './report-fields';
import { meta } from './schema-meta';

const { south, west, north, east } = jurisdiction.boundingBox;
// With boundary polygons the lookup decides what is inside (and names the neighbour a point lies in), so the box,
// which cuts through the neighbours, is only the check of a jurisdiction without them.
const boxOnly = jurisdiction.boundaries === undefined;
export const locationSchema = meta(
  z
    .strictObject({
      lat: z.number().check(z.gte(-90), z.lte(90)),
      lon: z.number().check(z.gte(-180), z.lte(180)),
    })
    .check(z.refine((p) => !boxOnly || (p.lat >= south && p.lat <= north && p.lon >= west && p.lon <= east), { message: 'location.outside' })),
  { id: 'Location', description: `WGS84 point inside ${jurisdiction.name.en} (${south}..${north}, ${west}..${east})` },
);

export const createReportRequestSchema = meta(
  z
    .strictObject({
      category: categoryCode,
      description: meta(text(10, 2000), { description: 'What is wrong, 10 to 2000 characters' }),
      district: meta(z.optional(districtCode), {
        description: 'Required without a location; with one, the location decides the kecamatan (a different choice is kept for staff)',
      }),
      location: z.optional(locationSchema),
      address: z.optional(text(3, 300)),
      reporter: z.strictObject({
        phone: meta(
          mobileNumberSchema,
          { description: 'Indonesian mobile number, any usual form (0812…, +62 812-…, 62812…); stored as E.164', example: '0810-0000-0123' },
        ),
        name: z.optional(text(1, 100)),
        showName: meta(z._default(z.boolean(), false), { description: 'Show the name in public views' }),
        anonymous: meta(z._default(z.boolean(), false), { description: 'Hide name and number from officials too (SMS still reach the number)' }),
        language: meta(z._default(languageSchema, 'id'), { description: 'Language of the SMS updates' }),
      }),
      confidential: meta(z._default(z.boolean(), false), { description: 'Keep the report out of every public view' }),
    })
    .check(
      z.refine((r) => r.location !== undefined || r.address !== undefined, {
        message: 'report.where',
        path: ['location'],
        // checked even when other fields failed, so one answer lists every problem
        when: (payload) => typeof payload.value === 'object' && payload.value !== null,
      }),
      z.refine((r) => r.district !== undefined || r.location !== undefined, {
        message: 'report.district',
        path: ['district'],
        when: (payload) => typeof payload.value === 'object' && payload.value !== null,
      }),
    ),
  { id: 'CreateReportRequest' },
);
export type CreateReportRequest = z.infer<typeof createReportRequestSchema>;
