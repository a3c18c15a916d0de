/**
 * The jurisdiction configuration: everything that makes this Kabupaten Serang rather than another region
 * (districts, categories, units, agencies, bounding box, languages, time zone, working calendar, SLA policy,
 * escalation ladder). Another region is another JSON file named by JURISDICTION_CONFIG, not a code change.
 * Its schema is shared/config/jurisdiction-schema.ts.
 *
 * Read once, at module load, in one of two ways:
 * - in a function bundle, the file is the one the build prepared for that function, already validated at synth
 *   (shared/config/shipped-jurisdiction.ts): only JSON.parse runs at a cold start, no schema and no zod. The
 *   bundler replaces `process.env.SI_CENTANG_CONFIG_SHIPPED` by "true" (infra/constructs/bundling-settings.ts),
 *   which also leaves the schema module out of the bundle.
 * - everywhere else (local stack, scripts, tests), the repository file is read and validated here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENV, optionalEnv } from './env';
import { DEFAULT_JURISDICTION_FILE, SHIPPED_MARK } from './jurisdiction-file';
import type { Jurisdiction } from './jurisdiction-schema';

export type { Jurisdiction } from './jurisdiction-schema';
export type { Language, Localized } from './language';
export { DEFAULT_JURISDICTION_FILE };
export type EscalationConfig = Jurisdiction['escalation'];
export type EscalationRung = EscalationConfig['ladder'][number];

function readShipped(path: string): Jurisdiction {
  const value = JSON.parse(readFileSync(path, 'utf8')) as Jurisdiction & { [SHIPPED_MARK]?: unknown };
  // a raw repository file here would run unvalidated and without its holiday and boundary files
  if (value[SHIPPED_MARK] === undefined)
    throw new Error(`${ENV.jurisdictionConfig} names ${path}, which the build did not prepare (see shared/config/shipped-jurisdiction.ts)`);
  return value;
}

const file = resolve(optionalEnv(ENV.jurisdictionConfig, DEFAULT_JURISDICTION_FILE));

export const jurisdiction: Jurisdiction =
  process.env.SI_CENTANG_CONFIG_SHIPPED === 'true' ? readShipped(file) : (await import('./jurisdiction-schema')).loadJurisdiction(file);

export const byCode = <T extends { code: string }>(items: T[], c: string): T | undefined => items.find((i) => i.code === c);
