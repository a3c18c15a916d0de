/**
 * The locator of the configured jurisdiction, built at module load: only functions that look up points import
 * this, so only they parse the geometry at a cold start, and a broken boundary file fails that cold start with its
 * reason. Undefined when the jurisdiction has no boundaries (then only the bounding box is checked).
 */
import { jurisdiction } from '../config/jurisdiction';
import { createLocator, type Locator, type LocatorBoundaries } from './locator';

// Boundaries without geometry: the build shipped this function's configuration without it (it is not listed among
// the functions that locate). Answering from the bounding box instead would accept points in the neighbours.
const boundaries: LocatorBoundaries | undefined = jurisdiction.boundaries;
if (boundaries && boundaries.districtsGeoJson === undefined && boundaries.prepared === undefined)
  throw new Error('This function looks up points but its configuration came without boundary geometry: add it to FUNCTIONS_THAT_LOCATE (shared/config/shipped-jurisdiction.ts)');

export const locator: Locator | undefined = jurisdiction.boundaries ? createLocator(jurisdiction) : undefined;
