/** The photo limit counts accepted photos and grants still open, on DynamoDB Local: not grants once given. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoPhotoRepository, PhotoLimitReachedError } from '../../shared/adapters/dynamodb/photo-repository';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { newTrackingCode } from '../../shared/domain/tracking-code';
import { problemOf } from '../../shared/http/error-table';
import { grantCitizenUpload, type GrantDeps } from '../../shared/photos/grant-upload';
import type { PhotoEntry } from '../../shared/photos/photo';
import { createTestTables } from '../support/dynamo';

let reports: DynamoReportRepository;
let photos: DynamoPhotoRepository;

beforeAll(async () => {
  const tables = await createTestTables('grant-count');
  reports = new DynamoReportRepository(tables.doc, tables.main);
  photos = new DynamoPhotoRepository(tables.doc, tables.main);
});

const entry = (id: string): PhotoEntry => ({ id, kind: 'report', key: `public/x/${id}.jpg`, thumbKey: `public/x/${id}-thumb.jpg`, width: 10, height: 10, createdAt: new Date().toISOString() });

async function newReport(accepted: string[]): Promise<Report> {
  const at = new Date().toISOString();
  const report: Report = {
    id: newTrackingCode(), version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang di depan pasar', publicDescription: 'Jalan berlubang di depan pasar', address: 'Jl. Raya Cikande',
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: at, updatedAt: at, escalationLevel: 0, eventCount: 1, ...(accepted.length > 0 && { photos: accepted.map(entry) }),
  };
  const created: HistoryEvent = { reportId: report.id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
  await reports.create(report, created);
  return report;
}

let clock = Date.parse('2026-11-30T02:00:00.000Z');
let ids = 0;
const deps = (): GrantDeps => ({
  repository: photos,
  storage: { presignUpload: async () => ({ url: 'https://s3.local/bucket', fields: {} }) },
  limits: { report: 5, completion: 10 },
  now: () => new Date(clock),
  newId: () => `photo${String(++ids).padStart(15, '0')}`,
});
// a refusal as the HTTP answer it becomes, through the error table
const ask = (code: string) =>
  grantCitizenUpload({ code, contentType: 'image/jpeg' }, deps()).catch((err: unknown) => {
    throw problemOf(err) ?? err;
  });

describe('the photo limit', () => {
  it('lets a report with 2 accepted photos and grants that expired unused have more', async () => {
    const report = await newReport([]);
    // five grants: two become accepted photos, one a refused fake, two are never used
    const given = [];
    for (let i = 0; i < 5; i++) given.push(await ask(report.id));
    await expect(ask(report.id)).rejects.toMatchObject({ status: 409 });
    const current = (await photos.getReport(report.id))!;
    await reports.applyChange({ report: { ...current, photos: [entry(given[0]!.photoId), entry(given[1]!.photoId)], eventCount: 1 }, expectedVersion: current.version, events: [] });
    // an hour later the unused grants are closed: 2 photos count, and 3 more may come
    clock += 3_600_000;
    for (let i = 0; i < 3; i++) expect((await ask(report.id)).photoId).toBeDefined();
    await expect(ask(report.id)).rejects.toMatchObject({ status: 409 });
  });

  it('counts accepted photos and open grants together, exactly, under concurrency', async () => {
    const report = await newReport(['a'.repeat(20), 'b'.repeat(20)]);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ask(report.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await photos.grantsTaken(report.id)).toEqual({ report: 3, completion: 0 });
  });

  it('throws the limit error from the repository itself', async () => {
    const report = await newReport([]);
    await expect(
      photos.takeGrant(report.id, 'report', 1, { photoId: 'x', expiresAt: clock + 1000, acceptedIds: ['y'], now: clock }),
    ).rejects.toBeInstanceOf(PhotoLimitReachedError);
  });
});
