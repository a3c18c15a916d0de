/**
 * Phone followers and nearby reports against DynamoDB Local: the follow transaction under concurrency (no lost
 * count, no lost staff change), the follower list the notifier reads, and the geohash-cell query's edges.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoFollowerStore } from '../../shared/adapters/dynamodb/follower-store';
import { queryNearby } from '../../shared/adapters/dynamodb/nearby-query';
import { ConcurrentChangeError, DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { geohash } from '../../shared/domain/geohash';
import { newTrackingCode } from '../../shared/domain/tracking-code';
import { geohashBounds } from '../../shared/domain/geohash-cells';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { problemOf } from '../../shared/http/error-table';
import { followReport } from '../../shared/use-cases/follow-report';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
let repo: DynamoReportRepository;
let store: DynamoFollowerStore;

beforeAll(async () => {
  tables = await createTestTables('followers');
  repo = new DynamoReportRepository(tables.doc, tables.main);
  store = new DynamoFollowerStore(tables.doc, tables.main);
});

let counter = 0;
async function stored(overrides: Partial<Report> = {}): Promise<Report> {
  counter++;
  const at = new Date(Date.UTC(2026, 10, 1, 0, counter)).toISOString();
  const r: Report = {
    id: newTrackingCode(), version: 1, status: 'verified', category: 'drainase', district: 'tanara', priority: 'normal',
    description: 'Saluran tersumbat sampah', publicDescription: 'Saluran tersumbat sampah', location: { lat: -6.0092, lon: 106.3769 },
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' }, confidential: false, unit: 'sumber-daya-air',
    createdAt: at, updatedAt: at, escalationLevel: 0, eventCount: 1,
    ...overrides,
  };
  const event: HistoryEvent = { reportId: r.id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
  await repo.create(r, event);
  return r;
}
const deps = { store: undefined as unknown as DynamoFollowerStore, now: () => new Date('2026-11-02T00:00:00.000Z') };
// a refusal as the HTTP answer it becomes, through the error table
const follow = (id: string, phone: string, language: 'id' | 'en' = 'id') =>
  followReport(id, { phone, language }, { ...deps, store }).catch((err: unknown) => {
    throw problemOf(err) ?? err;
  });

describe('following a report by phone', () => {
  it('stores the decided item shape and counts each number once', async () => {
    const r = await stored();
    expect(await follow(r.id, '+6285700000001', 'en')).toMatchObject({ created: true, followerCount: 1 });
    expect(await follow(r.id, '+6285700000001', 'en')).toMatchObject({ created: false, followerCount: 1 });
    const followers = await repo.listPhoneFollowers(r.id);
    expect(followers).toEqual([{ phone: '+6285700000001', language: 'en', createdAt: '2026-11-02T00:00:00.000Z' }]);
    const item = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `R#${r.id}`, sk: 'R' } }))).Item!;
    expect(item).toMatchObject({ followerCount: 1, version: 2 });
    // the report's own partition read (public and staff views) does not surface the number
    const found = await repo.getWithHistory(r.id);
    expect(JSON.stringify(found)).not.toContain('85700000001');
  });

  it('loses no count when twenty numbers follow at once', async () => {
    const r = await stored();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => follow(r.id, `+62857000001${String(i).padStart(2, '0')}`)));
    const ok = results.filter((x) => x.status === 'fulfilled').length;
    const report = await store.getReport(r.id);
    const followers = await repo.listPhoneFollowers(r.id);
    // every number that got a yes is stored, and the counter agrees with the items
    expect(followers).toHaveLength(ok);
    expect(report?.followerCount).toBe(ok);
    expect(ok).toBeGreaterThan(0);
  });

  it('a staff change made from a read before the follow fails its version check instead of erasing the count', async () => {
    const r = await stored();
    await follow(r.id, '+6285700000301');
    const stale = { ...r, version: 2, status: 'in_progress' as const };
    await expect(repo.applyChange({ report: stale, expectedVersion: 1, events: [] })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await store.getReport(r.id))?.followerCount).toBe(1);
  });

  it('refuses closed and confidential reports, and unknown codes', async () => {
    const closed = await stored({ status: 'closed' });
    await expect(follow(closed.id, '+6285700000401')).rejects.toMatchObject({ status: 409 });
    const secret = await stored({ confidential: true });
    await expect(follow(secret.id, '+6285700000401')).rejects.toMatchObject({ status: 404 });
    await expect(follow('not a code', '+6285700000401')).rejects.toMatchObject({ status: 404 });
    expect(await repo.listPhoneFollowers(closed.id)).toEqual([]);
  });
});

describe('reports near a point', () => {
  it('finds a report across a geohash cell edge, and not one just beyond the radius', async () => {
    // a point 20 m inside the western edge of its cell, and a report 60 m west of it, in the next cell
    const here = { lat: -6.012, lon: 0 };
    const [, west] = geohashBounds(geohash(-6.012, 106.377));
    here.lon = west + 20 / 110_580;
    const across = await stored({ category: 'banjir', location: { lat: here.lat, lon: here.lon - 60 / 110_580 } });
    const beyond = await stored({ category: 'banjir', location: { lat: here.lat + 260 / 111_195, lon: here.lon } });
    expect(geohash(across.location!.lat, across.location!.lon)).not.toBe(geohash(here.lat, here.lon));
    const found = await queryNearby(tables.doc, tables.main, { point: here, category: 'banjir', radiusMeters: 250, statuses: ['verified'], publicOnly: true });
    expect(found.map((f) => f.report.id)).toEqual([across.id]);
    expect(found[0]!.distanceMeters).toBeGreaterThanOrEqual(59);
    expect(found[0]!.distanceMeters).toBeLessThanOrEqual(61);
    expect(found.map((f) => f.report.id)).not.toContain(beyond.id);
  });

  it('keeps confidential reports out of the public answer but not out of the staff one, and honours the window', async () => {
    const point = { lat: -6.2856, lon: 106.2999 };
    const secret = await stored({ category: 'irigasi', location: point, confidential: true, status: 'received' });
    const pub = await queryNearby(tables.doc, tables.main, { point, category: 'irigasi', radiusMeters: 100, statuses: ['received'], publicOnly: true });
    expect(pub).toEqual([]);
    const staff = await queryNearby(tables.doc, tables.main, { point, category: 'irigasi', radiusMeters: 100, statuses: ['received'], publicOnly: false });
    expect(staff.map((f) => f.report.id)).toEqual([secret.id]);
    const later = await queryNearby(tables.doc, tables.main, { point, category: 'irigasi', radiusMeters: 100, statuses: ['received'], publicOnly: false, since: '2030-01-01T00:00:00.000Z' });
    expect(later).toEqual([]);
  });
});
