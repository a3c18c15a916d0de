/**
 * The guard against the same submission twice, on DynamoDB Local with a moved clock: within the window the first
 * report comes back (and the quotas are not counted again); after it, even before TTL has deleted the guard, the
 * same submission is a new report, which then guards the next window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { dedupeWindowMsFromEnv, normalizeDescription, submissionKey } from '../../shared/domain/submission-key';
import { createReportOnce, type PlacedReportRequest } from '../../shared/use-cases/create-report';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
let repo: DynamoReportRepository;
beforeAll(async () => {
  tables = await createTestTables('repeat');
  repo = new DynamoReportRepository(tables.doc, tables.main);
});
afterAll(() => tables?.client.destroy());

const MIN = 60_000;
const input = (description: string, phone = '+6281234567890'): PlacedReportRequest => ({
  category: 'lainnya',
  description,
  district: 'cikande',
  reporter: { phone, showName: false, anonymous: false, language: 'id' },
  confidential: false,
});

describe('the repeated-submission guard', () => {
  it('returns the first report within the window, makes a new one after it, and counts quotas once per report', async () => {
    const t0 = new Date('2026-11-30T03:00:00Z').getTime();
    let now = t0;
    let quotaCalls = 0;
    const deps = { repository: repo, now: () => new Date(now), dedupeWindowMs: 10 * MIN, consumeQuotas: async () => void quotaCalls++ };
    const text = 'Lampu jalan mati di depan balai desa sejak kemarin malam';

    const first = await createReportOnce(input(text), deps);
    expect(first.duplicate).toBe(false);
    now = t0 + 9 * MIN;
    const again = await createReportOnce(input(text.toUpperCase()), deps);
    expect(again).toMatchObject({ duplicate: true, report: { id: first.report.id } });
    expect(quotaCalls).toBe(1);

    // the guard outlives its window until TTL deletes it; the condition treats it as gone
    now = t0 + 11 * MIN;
    const guard = await tables.doc.send(
      new GetCommand({ TableName: tables.main, Key: { pk: `SUB#${await submissionKey('+6281234567890', text)}`, sk: 'SUB' } }),
    );
    expect(guard.Item).toMatchObject({ reportId: first.report.id, expiresAt: Math.ceil((t0 + 10 * MIN) / 1000) });
    const later = await createReportOnce(input(text), deps);
    expect(later.duplicate).toBe(false);
    expect(later.report.id).not.toBe(first.report.id);
    expect(quotaCalls).toBe(2);
    now = t0 + 12 * MIN;
    expect(await createReportOnce(input(text), deps)).toMatchObject({ duplicate: true, report: { id: later.report.id } });
  });

  it('is off without a window, and never applies without a number', async () => {
    const text = 'Saluran air tersumbat di depan sekolah dasar negeri';
    const off = { repository: repo, now: () => new Date() };
    const a = await createReportOnce(input(text, '+6281311112222'), off);
    const b = await createReportOnce(input(text, '+6281311112222'), off);
    expect(a.report.id).not.toBe(b.report.id);
    const on = { ...off, dedupeWindowMs: 10 * MIN };
    const noPhone = { ...input(text), reporter: { showName: false, anonymous: false, language: 'id' as const } };
    const c = await createReportOnce(noPhone, on);
    const d = await createReportOnce(noPhone, on);
    expect(c.report.id).not.toBe(d.report.id);
  });
});

describe('submission keys', () => {
  it('ignore case, spacing and Unicode forms, and nothing else', async () => {
    expect(normalizeDescription('  Jalan\u00a0RUSAK\n\tparah ')).toBe('jalan rusak parah');
    expect(await submissionKey('+6281234567890', 'Jalan rusak parah')).toBe(await submissionKey('+6281234567890', ' jalan  RUSAK parah'));
    expect(await submissionKey('+6281234567890', 'Jalan rusak parah')).not.toBe(await submissionKey('+6281234567890', 'Jalan rusak parah sekali'));
    expect(await submissionKey('+6281234567890', 'Jalan rusak parah')).not.toBe(await submissionKey('+6281234567891', 'Jalan rusak parah'));
    // the number itself never appears in the key
    expect(await submissionKey('+6281234567890', 'x')).not.toContain('81234567890');
  });

  it('the window is configuration: minutes, 0 turns it off, nonsense is refused', () => {
    expect(dedupeWindowMsFromEnv({})).toBe(10 * MIN);
    expect(dedupeWindowMsFromEnv({ REPORT_DEDUPE_WINDOW_MINUTES: '0' })).toBe(0);
    expect(dedupeWindowMsFromEnv({ REPORT_DEDUPE_WINDOW_MINUTES: '30' })).toBe(30 * MIN);
    expect(() => dedupeWindowMsFromEnv({ REPORT_DEDUPE_WINDOW_MINUTES: 'ten' })).toThrow(/REPORT_DEDUPE_WINDOW_MINUTES/);
  });
});
