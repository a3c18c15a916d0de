/**
 * Place as configuration: the kecamatan polygons and the outlines of the neighbouring regencies and cities, with
 * the office a citizen should contact when a location lies in a neighbour. The geometry lives in GeoJSON files
 * beside the jurisdiction file (`boundaries.districtsFile`, `boundaries.regionsFile`, relative paths, like the
 * holiday file); the self-contained form a Lambda bundle carries holds their text instead
 * (`districtsGeoJson`, `regionsGeoJson`). The text is kept as a string on purpose: JSON.parse of a string is about
 * five times cheaper than of the nested coordinate arrays, and only the functions that look up a point parse it
 * (shared/location/boundaries.ts), so the others do not pay for geometry at every cold start.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';

const localized = z.object({ id: z.string().min(1), en: z.string().min(1) });
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case code');
/** Kemendagri code: `36.04` for a regency or city, `36.04.05` for a kecamatan */
export const officialCodeSchema = z.string().regex(/^\d{2}(\.\d{2}){1,3}$/, 'Kemendagri code such as 36.04.05');

export const neighbourSchema = z.strictObject({
  code: slug,
  officialCode: officialCodeSchema,
  kind: z.enum(['kabupaten', 'kota']),
  name: localized,
  /** where to report instead: the office responsible there, as a citizen should read it */
  reportTo: localized,
});
export type Neighbour = z.infer<typeof neighbourSchema>;

export const boundariesSchema = z
  .strictObject({
    /** the jurisdiction's own Kemendagri code; its outline in the regions file is not a neighbour */
    officialCode: officialCodeSchema,
    /** GeoJSON FeatureCollection, one Feature per kecamatan, `properties.code` = the district's officialCode */
    districtsFile: z.string().min(1).optional(),
    /** GeoJSON FeatureCollection of regency/city outlines, `properties.code` = a neighbour's officialCode */
    regionsFile: z.string().min(1).optional(),
    districtsGeoJson: z.string().min(1).optional(),
    regionsGeoJson: z.string().min(1).optional(),
    /** a point outside every polygon but this close to one (a beach, a pier, the sea by the coast) belongs to it */
    snapMeters: z.number().min(0).max(10_000).default(1000),
  })
  .refine((b) => (b.districtsFile === undefined) !== (b.districtsGeoJson === undefined), {
    message: 'give boundaries.districtsFile (or, self-contained, districtsGeoJson), exactly one',
  })
  .refine((b) => b.regionsFile === undefined || b.regionsGeoJson === undefined, {
    message: 'give boundaries.regionsFile or regionsGeoJson, not both',
  });
export type BoundariesConfig = z.infer<typeof boundariesSchema>;

/** "Already reported nearby?": how far and how far back to look. */
export const nearbySchema = z
  .strictObject({
    /** the public list of reports a citizen may follow instead of reporting again */
    followRadiusMeters: z.number().int().min(10).max(600).default(250),
    /** staff see open reports of the same category this close and this recent as likely duplicates */
    duplicateRadiusMeters: z.number().int().min(10).max(600).default(100),
    duplicateWindowDays: z.number().int().min(1).max(365).default(30),
  })
  .default({ followRadiusMeters: 250, duplicateRadiusMeters: 100, duplicateWindowDays: 30 });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `boundaries` value with its files read in as text (`districtsFile` → `districtsGeoJson`). Of the regions, only
 * the configured neighbours' outlines are kept (`neighbours`, from the same configuration): the jurisdiction's own
 * outline is the union of its kecamatan, and an outline without an office to name would never be used; both would
 * only add to every cold start's parse.
 */
export function selfContainedBoundaries(raw: unknown, configDir: string, configPath: string, neighbours?: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const { districtsFile, regionsFile, ...rest } = raw;
  const wanted = new Set(Array.isArray(neighbours) ? neighbours.map((n) => (isRecord(n) ? n.officialCode : undefined)) : []);
  const onlyNeighbours = (text: string): string => {
    const fc = JSON.parse(text) as { features?: { properties?: { code?: unknown } }[] };
    if (!Array.isArray(fc.features)) return text;
    return JSON.stringify({ ...fc, features: fc.features.filter((f) => wanted.has(f.properties?.code)) });
  };
  const read = (file: unknown, key: string): string => {
    if (typeof file !== 'string' || file === '')
      throw new Error(`Invalid jurisdiction configuration ${configPath}: boundaries.${key} must be a path`);
    const path = resolve(configDir, file);
    try {
      const text = readFileSync(path, 'utf8');
      // re-serialised: one line, and a broken file fails here with its name rather than at a cold start
      return JSON.stringify(JSON.parse(text));
    } catch (err) {
      throw new Error(`Invalid jurisdiction configuration ${configPath}: cannot read ${path}: ${(err as Error).message}`);
    }
  };
  return {
    ...rest,
    ...(districtsFile !== undefined && { districtsGeoJson: read(districtsFile, 'districtsFile') }),
    ...(regionsFile !== undefined && { regionsGeoJson: onlyNeighbours(read(regionsFile, 'regionsFile')) }),
  };
}
