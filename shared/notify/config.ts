/**
 * The notifier's settings, read from the environment once at module load; a bad value fails the cold start with
 * its name instead of failing every SMS.
 *
 * - TABLE_NAME (required): the single table; its stream feeds the notifier, delivery records and counters live in it.
 * - SMS_REGION (default ap-southeast-1): where the SNS client sends from. SNS sends SMS from a subset of regions,
 *   and the region decides which account-level SMS settings (spend limit, sandbox, sender IDs) apply.
 * - SMS_SENDER_ID (optional): alphanumeric sender ID, 1 to 11 letters and digits (e.g. SICENTANG). Left out, SNS
 *   sends without one. Indonesian carriers only show a registered sender ID.
 * - SMS_DAILY_CAP (default 20): SMS per number per day (jurisdiction time zone), against SMS pumping.
 * - SMS_FIRST_CONTACT_PER_HOUR (default 60), SMS_FIRST_CONTACT_PER_DAY (default 300): the breaker's budget of SMS
 *   to numbers never texted before (see first-contact.ts); past it those SMS wait in the deferral queue.
 * - SMS_DEFERRED_MAX_AGE_HOURS (default 48): a deferred SMS older than this is dropped (skipped, deferred-expired)
 *   by the drain instead of sent: a receipt days late helps nobody.
 * - SMS_PUBLISH_TIMEOUT_MS (default 10000): the deadline of one Publish, SDK retries included; the claim lease is
 *   5 s longer. Keep the function timeout well above it (60 s or more).
 * - SMS_COALESCE_MINUTES (default 20, 0 = off; fractions allowed): how long the SMS of an intermediate status
 *   change waits for a later change of the same report, which then goes out alone (see coalescing.ts).
 */
import { ENV, optionalEnv, requireEnv } from '../config/env';
import { SENDER_ID } from '../adapters/sns/sms-sender';
import { SETTING_DEFAULTS } from '../config/setting-defaults';
import { readSettings } from '../config/settings';

export const NOTIFY_ENV = {
  tableName: ENV.tableName,
  smsRegion: 'SMS_REGION',
  smsSenderId: 'SMS_SENDER_ID',
  smsDailyCap: 'SMS_DAILY_CAP',
  smsPublishTimeoutMs: 'SMS_PUBLISH_TIMEOUT_MS',
  firstContactPerHour: 'SMS_FIRST_CONTACT_PER_HOUR',
  firstContactPerDay: 'SMS_FIRST_CONTACT_PER_DAY',
  deferredMaxAgeHours: 'SMS_DEFERRED_MAX_AGE_HOURS',
  coalesceMinutes: 'SMS_COALESCE_MINUTES',
} as const;

export const DEFAULT_SMS_REGION = SETTING_DEFAULTS.SMS_REGION;
export const DEFAULT_SMS_DAILY_CAP = SETTING_DEFAULTS.SMS_DAILY_CAP;

export interface NotifierConfig {
  tableName: string;
  smsRegion: string;
  senderId?: string;
  dailyCap: number;
  publishTimeoutMs: number;
  firstContact: { perHour: number; perDay: number };
  deferredMaxAgeMs: number;
  /** 0: every SMS goes out at once */
  coalesceWindowMs: number;
}

export function loadNotifierConfig(): NotifierConfig {
  const senderId = optionalEnv(NOTIFY_ENV.smsSenderId, '');
  if (senderId !== '' && !SENDER_ID.test(senderId)) {
    throw new Error(`Environment variable ${NOTIFY_ENV.smsSenderId} must be 1 to 11 letters and digits with at least one letter`);
  }
  const settings = readSettings();
  return {
    tableName: requireEnv(NOTIFY_ENV.tableName),
    smsRegion: settings.SMS_REGION,
    ...(senderId !== '' && { senderId }),
    dailyCap: settings.SMS_DAILY_CAP,
    publishTimeoutMs: settings.SMS_PUBLISH_TIMEOUT_MS,
    firstContact: { perHour: settings.SMS_FIRST_CONTACT_PER_HOUR, perDay: settings.SMS_FIRST_CONTACT_PER_DAY },
    deferredMaxAgeMs: settings.SMS_DEFERRED_MAX_AGE_HOURS * 3_600_000,
    coalesceWindowMs: Math.round(settings.SMS_COALESCE_MINUTES * 60_000),
  };
}

