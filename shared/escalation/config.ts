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
import { ENV, optionalEnv, requireEnv } from '../config/env';
import { MAX_DIGEST_BYTES, DEFAULT_DIGEST_MAX_BYTES } from './digest';
import { DEFAULT_PAGE_SIZE, DEFAULT_SAFETY_MARGIN_MS } from './run-escalation';

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

function intIn(name: string, fallback: number, min: number, max: number): number {
  const raw = optionalEnv(name, String(fallback));
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new Error(`Environment variable ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function escalationEnv(): EscalationEnv {
  return {
    tableName: requireEnv(ESCALATION_ENV.tableName),
    topicArn: requireEnv(ESCALATION_ENV.topicArn),
    pageSize: intIn(ESCALATION_ENV.pageSize, DEFAULT_PAGE_SIZE, 1, 1000),
    safetyMarginMs: intIn(ESCALATION_ENV.safetyMarginMs, DEFAULT_SAFETY_MARGIN_MS, 0, 600_000),
    digestMaxBytes: intIn(ESCALATION_ENV.digestMaxBytes, DEFAULT_DIGEST_MAX_BYTES, 1024, MAX_DIGEST_BYTES),
  };
}
