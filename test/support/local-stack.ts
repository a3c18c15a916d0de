/**
 * The whole local stack for one e2e test file: the run's shared DynamoDB Local, its own tables, s3rver,
 * SMS sink and API on free ports. Call from beforeAll; the functions read the environment it sets.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack';
import { observeAnswer } from './openapi-contract';
import { KECAMATAN_POINTS } from './kecamatan-points';

/** Tests create many reports from one number and address: they set their own quotas (env is read at function load). */
export async function startTestStack(
  quotas: { perPhonePerDay?: number; perIpPerHour?: number; firstContactPerHour?: number; firstContactPerDay?: number; dedupeWindowMinutes?: number } = {},
  extra: Pick<LocalStackOptions, 'webRoot' | 'statistics'> = {},
): Promise<LocalStack> {
  process.env.QUOTA_REPORTS_PER_PHONE_PER_DAY = String(quotas.perPhonePerDay ?? 100_000);
  process.env.QUOTA_WRITES_PER_IP_PER_HOUR = String(quotas.perIpPerHour ?? 100_000);
  // the SMS breaker for new numbers: tests text many new numbers unless they test the breaker itself
  process.env.SMS_FIRST_CONTACT_PER_HOUR = String(quotas.firstContactPerHour ?? 100_000);
  process.env.SMS_FIRST_CONTACT_PER_DAY = String(quotas.firstContactPerDay ?? 100_000);
  // tests send the same report from the same number many times and mean many reports; the dedupe test turns it on
  process.env.REPORT_DEDUPE_WINDOW_MINUTES = String(quotas.dedupeWindowMinutes ?? 0);
  // keep the run's output readable; a test that reads the logs sets its own level first
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const id = `e2e-${randomUUID().slice(0, 8)}`;
  return startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    names: { main: `${id}-main`, idempotency: `${id}-idempotency`, bucket: id },
    log: () => undefined,
    escalationIntervalMs: false,
    observeAnswers: observeAnswer,
    // the aggregator writes beside every report write: only files that read statistics turn it on
    statistics: false,
    ...extra,
    smsDrainIntervalMs: false,
  });
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small fetch wrapper: JSON in, parsed JSON (or text) out. */
export function client(base: string) {
  return async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await fetch(base + path, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
}

/** A report that passes validation; its location lies in its district (the location decides the kecamatan). */
export const validReport = (overrides: Record<string, unknown> = {}) => ({
  category: 'jalan-rusak',
  description: 'Jalan berlubang besar di depan pasar Cikande, membahayakan motor',
  district: 'cikande',
  location: KECAMATAN_POINTS[typeof overrides.district === 'string' ? overrides.district : 'cikande'] ?? KECAMATAN_POINTS.cikande,
  reporter: { phone: '0812-3456-7890', name: 'Budi Santoso' },
  ...overrides,
});

/** Uploads a file with a presigned POST grant, as a browser form would: every field, then the file last. */
export async function uploadWithGrant(grant: { url: string; fields: Record<string, string> }, bytes: Buffer, contentType: string): Promise<number> {
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: contentType }), 'photo');
  const res = await fetch(grant.url, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}
