/**
 * The escalation function's settings from the environment, read once at module load; a bad value fails the cold
 * start with its name. Rules (ladder, calendar, names) come from the jurisdiction configuration instead.
 *
 * - TABLE_NAME (required): the single table.
 * - ESCALATION_TOPIC_ARN (required): the SNS topic digests are published to (see official-digest-publisher.ts).
 * - ESCALATION_PAGE_SIZE (default 100): items per Query page of the deadline index.
 * - ESCALATION_SAFETY_MARGIN_MS (default 20000): the run stops when less than this is left of the invocation.
 * - ESCALATION_DIGEST_MAX_BYTES (default 65536, at most 256000): a larger digest is sent in parts.
 * - CLOCK_OFFSET_MS (optional): moves the run's clock (local runs and tests; never set it in AWS).
 */
import { ENV, requireEnv } from '../config/env';
import { readSettings } from '../config/settings';

export const ESCALATION_ENV = {
  tableName: ENV.tableName,
  topicArn: 'ESCALATION_TOPIC_ARN',
  pageSize: 'ESCALATION_PAGE_SIZE',
  safetyMarginMs: 'ESCALATION_SAFETY_MARGIN_MS',
  digestMaxBytes: 'ESCALATION_DIGEST_MAX_BYTES',
  clockOffsetMs: 'CLOCK_OFFSET_MS',
} as const;

export interface EscalationEnv {
  tableName: string;
  topicArn: string;
  pageSize: number;
  safetyMarginMs: number;
  digestMaxBytes: number;
}

export function escalationEnv(): EscalationEnv {
  const settings = readSettings();
  return {
    tableName: requireEnv(ESCALATION_ENV.tableName),
    topicArn: requireEnv(ESCALATION_ENV.topicArn),
    pageSize: settings.ESCALATION_PAGE_SIZE,
    safetyMarginMs: settings.ESCALATION_SAFETY_MARGIN_MS,
    digestMaxBytes: settings.ESCALATION_DIGEST_MAX_BYTES,
  };
}
