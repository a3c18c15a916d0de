/**
 * The configuration a function bundle carries: the jurisdiction file validated once, where it is prepared (`cdk synth`,
 * the benchmark), and written as the schema's output (defaults filled in, holidays and boundaries read in) with a mark
 * that shared/config/jurisdiction.ts checks. A cold start then only parses JSON: no schema is built, no zod is
 * bundled, no time zone is checked.
 *
 * Per function: the boundary geometry goes only to the functions that look up a point, checked and cut into
 * polygon parts with their bounding boxes (shared/location/locator.ts, PreparedBoundaries), so their cold start
 * parses no polygon. The others get the boundaries without their geometry, so a function that starts looking up
 * points without being listed here fails its first cold start with a message (shared/location/configured-locator.ts),
 * and a unit test holds this list against the imports.
 */
import { prepareBoundaries } from '../location/locator';
import type { Jurisdiction } from './jurisdiction-schema';
import { SHIPPED_MARK } from './jurisdiction-file';

/** functions/<name>.ts whose imports reach shared/location/configured-locator.ts */
export const FUNCTIONS_THAT_LOCATE: readonly string[] = ['create-open311-request', 'create-report', 'locate-point'];

/** The JSON text of one function's configuration, from a validated one (loadJurisdiction in jurisdiction-schema.ts). */
export function shippedJurisdiction(config: Jurisdiction, functionName: string): string {
  const geometry = FUNCTIONS_THAT_LOCATE.includes(functionName);
  const b = config.boundaries;
  const boundaries = b && { officialCode: b.officialCode, snapMeters: b.snapMeters, ...(geometry && { prepared: prepareBoundaries(config) }) };
  return JSON.stringify({ [SHIPPED_MARK]: { function: functionName, geometry }, ...config, boundaries });
}
