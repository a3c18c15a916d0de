/**
 * The locator of the configured jurisdiction, built at module load: only functions that look up points import
 * this, so only they parse the geometry at a cold start, and a broken boundary file fails that cold start with its
 * reason. Undefined when the jurisdiction has no boundaries (then only the bounding box is checked).
 */
import { jurisdiction } from '../config/jurisdiction';
import { createLocator, type Locator } from './locator';

export const locator: Locator | undefined = jurisdiction.boundaries ? createLocator(jurisdiction) : undefined;
