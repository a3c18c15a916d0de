/**
 * Quotas against abuse (and SMS pumping through report creation): fixed-window counters in DynamoDB, one
 * atomic conditional update per request, expiring by TTL. A refused request does not count.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { optionalEnv } from '../config/env';
import { ProblemError } from '../http/problem';

export interface QuotaRule {
  /** what is counted, e.g. `report#phone` */
  name: string;
  windowSeconds: number;
  max: number;
}

/** Defaults; deployments (and tests that need more) set the environment. */
export const QUOTAS = {
  reportsPerPhone: { name: 'report#phone', windowSeconds: 86_400, max: Number(optionalEnv('QUOTA_REPORTS_PER_PHONE_PER_DAY', '10')) },
  requestsPerIp: { name: 'write#ip', windowSeconds: 3_600, max: Number(optionalEnv('QUOTA_WRITES_PER_IP_PER_HOUR', '60')) },
} satisfies Record<string, QuotaRule>;

export async function consumeQuota(doc: DynamoDBDocumentClient, table: string, rule: QuotaRule, subject: string, now: Date): Promise<void> {
  const windowStart = Math.floor(now.getTime() / 1000 / rule.windowSeconds) * rule.windowSeconds;
  const windowEnd = windowStart + rule.windowSeconds;
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `QUOTA#${rule.name}#${subject}`, sk: String(windowStart) },
        UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':max': rule.max, ':expires': windowEnd + 3600 },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const retryAfter = Math.max(1, windowEnd - Math.floor(now.getTime() / 1000));
    throw new ProblemError(
      429,
      'quota-exceeded',
      { id: 'Terlalu banyak laporan dalam waktu singkat. Coba lagi nanti.', en: 'Too many reports in a short time. Try again later.' },
      { headers: { 'retry-after': String(retryAfter) }, retryAfter },
    );
  }
}
