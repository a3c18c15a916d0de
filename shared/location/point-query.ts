/**
 * A point as a query string gives it (`?lat=…&lon=…`). Apart from the views, so that a function that only shows
 * locations or nearby reports builds no schema; the nearby search adds its category in ./nearby-request.ts.
 */
import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';

const coordinate = (min: number, max: number, what: string) =>
  meta(
    z.pipe(
      z.pipe(
        z
          .string()
          .check(z.trim(), z.maxLength(32), z.regex(/^[-+]?\d{1,3}(\.\d+)?$/, `${what}: decimal degrees, e.g. ${what === 'lat' ? '-6.12' : '106.15'}`)),
        z.transform(Number),
      ),
      z.number().check(z.gte(min), z.lte(max)),
    ),
    { description: `${what === 'lat' ? 'Latitude' : 'Longitude'}, WGS84 decimal degrees` },
  );

export const pointQuerySchema = z.object({ lat: coordinate(-90, 90, 'lat'), lon: coordinate(-180, 180, 'lon') });
