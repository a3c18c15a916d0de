/** Quota counters on DynamoDB Local: a sliding hour per address (IPv6 per /64), a local calendar day per number. */
import { beforeAll, describe, expect, it } from 'vitest';
import { consumeQuota, ipQuotaSubject, localDay, QUOTAS, type QuotaRule } from '../../shared/abuse/quotas';
import { problemOf } from '../../shared/http/error-table';
import { ProblemError } from '../../shared/http/problem';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables('quotas');
});

const at = (iso: string) => new Date(iso);
async function outcome(rule: QuotaRule, subject: string, when: Date): Promise<number> {
  try {
    await consumeQuota(tables.doc, tables.main, rule, subject, when);
    return 200;
  } catch (err) {
    // the refusal as the HTTP answer it becomes, through the error table
    const problem = problemOf(err);
    if (problem) return problem.status;
    throw err;
  }
}

describe('per address: a sliding hour', () => {
  const rule = { ...QUOTAS.requestsPerIp, max: 5 };

  it('gives no second budget right after the hour turns', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await outcome(rule, '198.51.100.1', at('2026-11-30T10:59:00Z')));
    results.push(await outcome(rule, '198.51.100.1', at('2026-11-30T10:59:30Z')));
    // a fixed window would start afresh here and let five more through
    results.push(await outcome(rule, '198.51.100.1', at('2026-11-30T11:00:30Z')));
    expect(results).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('lets requests through again as the earlier ones slide out of the hour', async () => {
    for (let i = 0; i < 5; i++) expect(await outcome(rule, '198.51.100.2', at('2026-11-30T10:30:00Z'))).toBe(200);
    expect(await outcome(rule, '198.51.100.2', at('2026-11-30T11:10:00Z'))).toBe(429);
    // at 11:40 only a third of the previous hour overlaps the last hour: ceil(5 / 3) = 2 still count
    const later = [];
    for (let i = 0; i < 4; i++) later.push(await outcome(rule, '198.51.100.2', at('2026-11-30T11:40:00Z')));
    expect(later).toEqual([200, 200, 200, 429]);
  });

  it('says when to retry, within the hour', async () => {
    for (let i = 0; i < 5; i++) await outcome(rule, '198.51.100.3', at('2026-11-30T10:50:00Z'));
    const err = await consumeQuota(tables.doc, tables.main, rule, '198.51.100.3', at('2026-11-30T11:05:00Z')).catch((e: unknown) => problemOf(e));
    expect(err).toBeInstanceOf(ProblemError);
    const retryAfter = Number((err as ProblemError).extra.headers?.['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(55 * 60);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it gains nothing', async () => {
    expect(ipQuotaSubject('2001:db8:aa:bb::1')).toBe(ipQuotaSubject('2001:0db8:00aa:00bb:ffff:1:2:3'));
    expect(ipQuotaSubject('2001:db8:aa:bb::1')).not.toBe(ipQuotaSubject('2001:db8:aa:bc::1'));
    expect(ipQuotaSubject('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(ipQuotaSubject('203.0.113.9')).toBe('203.0.113.9');
    const results = [];
    for (let i = 1; i <= 6; i++) results.push(await outcome(rule, ipQuotaSubject(`2001:db8:aa:bb::${i.toString(16)}`), at('2026-11-30T12:00:00Z')));
    expect(results).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await outcome(rule, ipQuotaSubject('2001:db8:aa:bc::1'), at('2026-11-30T12:00:00Z'))).toBe(200);
  });
});

describe('per number: the jurisdiction’s calendar day', () => {
  const rule = { ...QUOTAS.reportsPerPhone, max: 2 };

  it('does not start a new day at 07:00 WIB (midnight UTC)', async () => {
    expect(rule.timeZone).toBe('Asia/Jakarta');
    // 06:30 WIB and 07:30 WIB on 1 December are the same day in Serang
    expect(await outcome(rule, 'phone-a', at('2026-11-30T23:30:00Z'))).toBe(200);
    expect(await outcome(rule, 'phone-a', at('2026-11-30T23:40:00Z'))).toBe(200);
    expect(await outcome(rule, 'phone-a', at('2026-12-01T00:30:00Z'))).toBe(429);
    // midnight WIB starts the next day
    expect(await outcome(rule, 'phone-a', at('2026-12-01T16:59:00Z'))).toBe(429);
    expect(await outcome(rule, 'phone-a', at('2026-12-01T17:00:00Z'))).toBe(200);
  });

  it('tells the citizen to retry at local midnight', async () => {
    await outcome(rule, 'phone-b', at('2026-12-01T01:00:00Z'));
    await outcome(rule, 'phone-b', at('2026-12-01T01:00:00Z'));
    const err = (await consumeQuota(tables.doc, tables.main, rule, 'phone-b', at('2026-12-01T16:00:00Z')).catch((e: unknown) => problemOf(e))) as ProblemError;
    expect(err.extra.headers?.['retry-after']).toBe('3600');
    expect(localDay(at('2026-12-01T16:00:00Z'), 'Asia/Jakarta').day).toBe('2026-12-01');
    expect(localDay(at('2026-12-01T17:00:00Z'), 'Asia/Jakarta').day).toBe('2026-12-02');
  });
});
