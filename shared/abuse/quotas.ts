/**
 * Quotas against abuse (and SMS pumping through report creation): counters in DynamoDB, one atomic conditional
 * update per request, expiring by TTL. A refused request does not count.
 *
 * Two kinds of window:
 * - `sliding` (per source address): the sliding-window counter of two fixed windows, the previous one weighted by
 *   how much of it still overlaps the last hour. A client can no longer spend a whole budget at 10:59 and another at
 *   11:00. IPv6 clients are counted per /64, the block one subscriber gets, so rotating addresses inside it is moot.
 * - `local-day` (per number): a calendar day in the jurisdiction's time zone (midnight WIB, not 07:00 WIB).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import ipaddr from 'ipaddr.js';
import { readSettings } from '../config/settings';
import { jurisdiction } from '../config/jurisdiction';
import { QuotaUsedUpError } from '../domain/errors';
import { phoneKey } from '../domain/phone';
import { metrics, MetricUnit } from '../observability/metrics';
import { QUOTA_REFUSED_METRIC } from './quota-metrics';

export type QuotaRule =
  | {
      /** what is counted, e.g. `write#ip` */
      name: string;
      kind: 'sliding';
      windowSeconds: number;
      max: number;
    }
  | {
      name: string;
      kind: 'local-day';
      timeZone: string;
      max: number;
    };

// read and validated at module load: a bad value fails the cold start with its name, not the first request as NaN
const settings = readSettings();

/** Defaults; deployments (and tests that need more) set the environment. */
export const QUOTAS = {
  reportsPerPhone: {
    name: 'report#phone',
    kind: 'local-day',
    timeZone: jurisdiction.timeZone,
    max: settings.QUOTA_REPORTS_PER_PHONE_PER_DAY,
  },
  requestsPerIp: { name: 'write#ip', kind: 'sliding', windowSeconds: 3_600, max: settings.QUOTA_WRITES_PER_IP_PER_HOUR },
} satisfies Record<string, QuotaRule>;

/**
 * Who a source address stands for: an IPv4 address as it is, an IPv6 address as its /64 prefix (an IPv4-mapped
 * IPv6 address as the IPv4 address). Something that is no address at all is counted as itself.
 */
export function ipQuotaSubject(sourceIp: string): string {
  if (!ipaddr.isValid(sourceIp)) return sourceIp;
  const parsed = ipaddr.process(sourceIp);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

/** The local calendar day of `now` in `timeZone`, and the instants it starts and ends. */
export function localDay(now: Date, timeZone: string): { day: string; start: Date; end: Date } {
  const start = startOfDay(new TZDate(now.getTime(), timeZone));
  const end = addDays(start, 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { day: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`, start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

function refused(retryAfter: number): QuotaUsedUpError {
  // published with the refusal by the function frame's logMetrics (every function that takes a quota passes its metrics)
  metrics.addMetric(QUOTA_REFUSED_METRIC, MetricUnit.Count, 1);
  const seconds = Math.max(1, Math.ceil(retryAfter));
  return new QuotaUsedUpError(
    'quota-exceeded',
    { id: 'Terlalu banyak laporan dalam waktu singkat. Coba lagi nanti.', en: 'Too many reports in a short time. Try again later.' },
    seconds,
  );
}

const quotaPk = (rule: QuotaRule, subject: string) => `QUOTA#${rule.name}#${subject}`;

/** Adds one to a counter unless it has reached `max`; false when it has. */
async function increment(doc: DynamoDBDocumentClient, table: string, key: { pk: string; sk: string }, max: number, expiresAt: number) {
  if (max <= 0) return false;
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':max': max, ':expires': expiresAt },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export async function consumeQuota(doc: DynamoDBDocumentClient, table: string, rule: QuotaRule, subject: string, now: Date): Promise<void> {
  const nowSeconds = now.getTime() / 1000;
  const pk = quotaPk(rule, subject);
  if (rule.kind === 'local-day') {
    const { day, end } = localDay(now, rule.timeZone);
    const endSeconds = end.getTime() / 1000;
    if (!(await increment(doc, table, { pk, sk: day }, rule.max, Math.ceil(endSeconds) + 3600))) throw refused(endSeconds - nowSeconds);
    return;
  }
  const w = rule.windowSeconds;
  const current = Math.floor(nowSeconds / w) * w;
  const overlap = 1 - (nowSeconds - current) / w;
  const previous = await doc.send(new GetCommand({ TableName: table, Key: { pk, sk: String(current - w) }, ConsistentRead: true }));
  const previousCount = Number(previous.Item?.count ?? 0);
  // rounded up: the estimate errs on the refusing side, never lets a double budget through
  const carried = Math.ceil(previousCount * overlap);
  if (await increment(doc, table, { pk, sk: String(current) }, rule.max - carried, current + 2 * w + 3600)) return;
  // when one more of the previous window has slid out; at most the end of the current window
  const untilOneSlidesOut = previousCount > 0 ? current + w * (1 - (carried - 1) / previousCount) - nowSeconds : Infinity;
  throw refused(Math.min(untilOneSlidesOut, current + w - nowSeconds));
}

/**
 * The quotas of a citizen's write that names a number (a report, a follow): its address's writes per hour, then the
 * number's reports per day, each refusing with a 429 that says when to retry.
 */
export function citizenQuotas(doc: DynamoDBDocumentClient, table: string, sourceIp: string) {
  return async (phone: string, now: Date): Promise<void> => {
    await consumeQuota(doc, table, QUOTAS.requestsPerIp, ipQuotaSubject(sourceIp), now);
    await consumeQuota(doc, table, QUOTAS.reportsPerPhone, await phoneKey(phone), now);
  };
}
