/**
 * Every tunable environment setting of the functions and the local stack, with its default and its rule. The
 * functions' config modules read them through `readSettings` at module load, so a bad value fails the cold start with
 * the variable's name instead of turning into NaN at the first request; infra and the local stack use the same
 * defaults (`SETTING_DEFAULTS`). Resource names (TABLE_NAME, topic ARNs) have no default and stay `requireEnv`.
 *
 * zod/mini: the same zod, tree-shakable, so a function pays for the few checks it bundles, not for all of zod.
 */
import * as z from 'zod/mini';
import { MAX_DIGEST_BYTES, SETTING_DEFAULTS } from './setting-defaults';

/** SNS sends SMS from few regions; the form of a region name (ap-southeast-1) */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export { MAX_DIGEST_BYTES, SETTING_DEFAULTS };

const wholeNumber = (min: number, max: number) =>
  z
    .pipe(z.string().check(z.regex(/^\d+$/, 'must be a whole number')), z.transform(Number))
    .check(z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`));

type Widen<T> = T extends number ? number : T extends string ? string : T;
export type Settings = { -readonly [K in keyof typeof SETTING_DEFAULTS]: Widen<(typeof SETTING_DEFAULTS)[K]> };

/*
 * One rule per setting, made only for the variables an environment sets: most functions set none, and building all
 * nineteen schemas cost every cold start more than the check itself.
 */
export const SETTING_RULES: { [K in keyof Settings]: () => z.ZodMiniType<Settings[K], string> } = {
  SMS_REGION: () => z.string().check(z.regex(REGION, 'must be a region such as ap-southeast-1')),
  SMS_DAILY_CAP: () => wholeNumber(1, 10_000),
  SMS_PUBLISH_TIMEOUT_MS: () => wholeNumber(1, 60_000),
  SMS_FIRST_CONTACT_PER_HOUR: () => wholeNumber(1, 1_000_000),
  SMS_FIRST_CONTACT_PER_DAY: () => wholeNumber(1, 1_000_000),
  SMS_DEFERRED_MAX_AGE_HOURS: () => wholeNumber(1, 24 * 365),
  // minutes, fractions allowed (tests use seconds); 0 sends every SMS at once
  SMS_COALESCE_MINUTES: () =>
    z.pipe(z.string().check(z.regex(/^\d+(\.\d+)?$/, 'must be a number of 0 or more')), z.transform(Number)).check(z.lte(24 * 60, 'must be at most 1440')),
  // a typo must not silently turn a limit off (0 means "no timeout" to the SDK)
  DYNAMODB_CONNECTION_TIMEOUT_MS: () => wholeNumber(50, 60_000),
  DYNAMODB_REQUEST_TIMEOUT_MS: () => wholeNumber(50, 120_000),
  DYNAMODB_MAX_ATTEMPTS: () => wholeNumber(1, 10),
  PHOTO_MAX_PER_REPORT: () => wholeNumber(0, 100),
  PHOTO_MAX_COMPLETION: () => wholeNumber(0, 100),
  ESCALATION_PAGE_SIZE: () => wholeNumber(1, 1000),
  ESCALATION_SAFETY_MARGIN_MS: () => wholeNumber(0, 600_000),
  ESCALATION_DIGEST_MAX_BYTES: () => wholeNumber(1024, MAX_DIGEST_BYTES),
  QUOTA_REPORTS_PER_PHONE_PER_DAY: () => wholeNumber(1, Number.MAX_SAFE_INTEGER),
  QUOTA_WRITES_PER_IP_PER_HOUR: () => wholeNumber(1, Number.MAX_SAFE_INTEGER),
  REPORT_DEDUPE_WINDOW_MINUTES: () => wholeNumber(0, 1440),
  ESCALATION_INTERVAL_MS: () => wholeNumber(1000, 24 * 3_600_000),
};
export type SettingName = keyof typeof SETTING_DEFAULTS;

/**
 * The settings from an environment (an empty value counts as unset), all validated at once; throws one error naming
 * every bad variable with its value and what it must be.
 */
export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  const given: Record<string, string> = {};
  const rules: Record<string, z.ZodMiniType> = {};
  for (const name of Object.keys(SETTING_DEFAULTS) as SettingName[]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    given[name] = value;
    rules[name] = SETTING_RULES[name]();
  }
  if (Object.keys(given).length === 0) return { ...SETTING_DEFAULTS };
  const parsed = z.object(rules).safeParse(given);
  if (parsed.success) return { ...SETTING_DEFAULTS, ...(parsed.data as Partial<Settings>) };
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name} ${issue.message}, got "${given[name]}"`;
  });
  throw new Error(`Invalid environment variable${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`);
}
