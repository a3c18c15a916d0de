/**
 * The defaults of the environment settings (checked by shared/config/settings.ts), in a module without zod: infra,
 * the local stack and domain code take their defaults from here without bundling the schema.
 */
export const SETTING_DEFAULTS = {
  /** where SNS sends SMS from */
  SMS_REGION: 'ap-southeast-1',
  /** SMS per phone number per day (against SMS pumping) */
  SMS_DAILY_CAP: 20,
  SMS_PUBLISH_TIMEOUT_MS: 10_000,
  /** first SMS to numbers never texted before, per hour and per day (shared/notify/first-contact.ts) */
  SMS_FIRST_CONTACT_PER_HOUR: 60,
  SMS_FIRST_CONTACT_PER_DAY: 300,
  /** a deferred SMS older than this is dropped, not sent late */
  SMS_DEFERRED_MAX_AGE_HOURS: 48,
  SMS_COALESCE_MINUTES: 20,
  DYNAMODB_CONNECTION_TIMEOUT_MS: 1000,
  DYNAMODB_REQUEST_TIMEOUT_MS: 1500,
  DYNAMODB_MAX_ATTEMPTS: 4,
  PHOTO_MAX_PER_REPORT: 5,
  PHOTO_MAX_COMPLETION: 10,
  ESCALATION_PAGE_SIZE: 100,
  ESCALATION_SAFETY_MARGIN_MS: 20_000,
  ESCALATION_DIGEST_MAX_BYTES: 64 * 1024,
  /** report creations per phone number per day, and writes per address per hour (shared/abuse/quotas.ts) */
  QUOTA_REPORTS_PER_PHONE_PER_DAY: 10,
  QUOTA_WRITES_PER_IP_PER_HOUR: 60,
  /** how long a repeated submission gets the first report back; 0 turns it off */
  REPORT_DEDUPE_WINDOW_MINUTES: 10,
  /** `npm start` only: how often the local stack runs the escalation (AWS: the jurisdiction's schedule) */
  ESCALATION_INTERVAL_MS: 60_000,
} as const;

/** The largest escalation digest SNS can carry (its message limit is 256 KB). */
export const MAX_DIGEST_BYTES = 250 * 1024;
