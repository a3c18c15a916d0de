/** The photo use cases with in-memory fakes: order of checks, what is counted, what is deleted, retries. */
import { describe, expect, it, vi } from 'vitest';
import { PhotoLimitReachedError, PhotoVersionConflictError, type ReportWithPhotos } from '../../shared/adapters/dynamodb/photo-repository';
import type { ReadResult } from '../../shared/adapters/s3/photo-storage';
import { DomainError } from '../../shared/domain/errors';
import { toProblemError } from '../../shared/http/error-table';
import type { ProblemError } from '../../shared/http/problem';
import { authorizeCitizenUpload, grantCitizenUpload, grantCompletionUpload, type GrantDeps } from '../../shared/photos/grant-upload';
import { processUpload, type ProcessDeps } from '../../shared/photos/process-upload';
import { issueUploadToken } from '../../shared/photos/upload-token';
import { cameraJpeg, textFile } from '../support/photo-fixtures';

const secrets = ['unit-test-upload-token-secret-0123456789'];
const now = new Date('2026-11-20T02:00:00Z');
const box = { south: -6.45, west: 105.8, north: -5.8, east: 106.5 };
const limits = { report: 5, completion: 10 };

function report(overrides: Partial<ReportWithPhotos> = {}): ReportWithPhotos {
  return {
    id: '7KQ4-M9XP', version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang', publicDescription: 'Jalan berlubang', address: 'Jl. Raya',
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: now.toISOString(), updatedAt: now.toISOString(), escalationLevel: 0, eventCount: 1,
    ...overrides,
  };
}

async function problemOf(promise: Promise<unknown> | (() => unknown)): Promise<ProblemError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    // the refusal as the HTTP answer it becomes, through the error table
    if (err instanceof DomainError) return toProblemError(err);
    throw err;
  }
  throw new Error('no problem thrown');
}

function grantDeps(found: ReportWithPhotos | undefined, takeGrant: GrantDeps['repository']['takeGrant'] = async () => 1) {
  const presignUpload = vi.fn(async () => ({ url: 'https://bucket.example/', fields: { key: 'k' } }));
  const getReport = vi.fn(async () => found);
  const deps: GrantDeps = { repository: { getReport, takeGrant: vi.fn(takeGrant) }, storage: { presignUpload }, limits, now: () => now, newId: () => 'f'.repeat(20) };
  return { deps, presignUpload, getReport, takeGrant: deps.repository.takeGrant as ReturnType<typeof vi.fn> };
}

describe('citizen grants', () => {
  const token = issueUploadToken('7KQ4-M9XP', secrets, now).uploadToken;

  it('checks the token without touching the table: 404 odd code, 401 none, 403 wrong or expired', async () => {
    expect((await problemOf(() => authorizeCitizenUpload('not a code', token, secrets, now))).status).toBe(404);
    expect((await problemOf(() => authorizeCitizenUpload('7KQ4-M9XP', '  ', secrets, now))).slug).toBe('upload-token-missing');
    expect((await problemOf(() => authorizeCitizenUpload('7KQ4-M9XR', token, secrets, now))).slug).toBe('upload-token-invalid');
    const late = new Date(now.getTime() + 25 * 3600_000);
    expect((await problemOf(() => authorizeCitizenUpload('7KQ4-M9XP', token, secrets, late))).slug).toBe('upload-token-expired');
    // typed any way a person types it
    expect(authorizeCitizenUpload('7kq4m9xp', token, secrets, now)).toBe('7KQ4-M9XP');
  });

  it('presigns the fixed key with the type, 10 MB, 10 minutes and the uploader pinned', async () => {
    const { deps, presignUpload } = grantDeps(report());
    const grant = await grantCitizenUpload({ code: '7KQ4-M9XP', contentType: 'image/webp' }, deps);
    expect(presignUpload).toHaveBeenCalledWith({
      key: `uploads/7KQ4-M9XP/report/${'f'.repeat(20)}`, contentType: 'image/webp', maxBytes: 10 * 1024 * 1024, expiresInSeconds: 600, metadata: { uploader: 'citizen' },
    });
    expect(grant).toEqual({ photoId: 'f'.repeat(20), url: 'https://bucket.example/', fields: { key: 'k' }, expiresAt: '2026-11-20T02:10:00.000Z', maxBytes: 10 * 1024 * 1024 });
  });

  it('counts nothing for a report that takes no photos, and maps a used-up allowance to 409', async () => {
    for (const status of ['rejected', 'duplicate', 'referred', 'closed'] as const) {
      const { deps, takeGrant } = grantDeps(report({ status }));
      expect((await problemOf(grantCitizenUpload({ code: '7KQ4-M9XP', contentType: 'image/jpeg' }, deps))).status).toBe(409);
      expect(takeGrant).not.toHaveBeenCalled();
    }
    const { deps, presignUpload } = grantDeps(report(), async () => {
      throw new PhotoLimitReachedError('x');
    });
    const problem = await problemOf(grantCitizenUpload({ code: '7KQ4-M9XP', contentType: 'image/jpeg' }, deps));
    expect([problem.status, problem.slug, problem.extra.limit]).toEqual([409, 'photo-limit-reached', 5]);
    expect(presignUpload).not.toHaveBeenCalled();
  });
});

describe('completion grants', () => {
  it('refuses district offices before reading, other units after; officers of the unit get a completion key', async () => {
    const district = grantDeps(report({ status: 'in_progress', unit: 'bina-marga' }));
    const refused = await problemOf(grantCompletionUpload({ rawCode: '7KQ4-M9XP', who: { sub: 'd', role: 'district', district: 'cikande' }, contentType: 'image/jpeg' }, district.deps));
    expect(refused.slug).toBe('photo-not-allowed');
    expect(district.getReport).not.toHaveBeenCalled();

    const other = grantDeps(report({ status: 'in_progress', unit: 'bina-marga' }));
    expect((await problemOf(grantCompletionUpload({ rawCode: '7KQ4-M9XP', who: { sub: 'o', role: 'officer', unit: 'cipta-karya' }, contentType: 'image/jpeg' }, other.deps))).slug).toBe('out-of-scope');

    const own = grantDeps(report({ status: 'in_progress', unit: 'bina-marga' }));
    await grantCompletionUpload({ rawCode: '7KQ4-M9XP', who: { sub: 'o-9', role: 'officer', unit: 'bina-marga' }, contentType: 'image/jpeg' }, own.deps);
    expect(own.takeGrant).toHaveBeenCalledWith('7KQ4-M9XP', 'completion', 10, expect.objectContaining({ photoId: 'f'.repeat(20), acceptedIds: [] }));
    expect(own.presignUpload).toHaveBeenCalledWith(expect.objectContaining({ key: `uploads/7KQ4-M9XP/completion/${'f'.repeat(20)}`, metadata: { uploader: 'officer:o-9' } }));
  });
});

describe('processing', () => {
  const key = `uploads/7KQ4-M9XP/report/${'a'.repeat(20)}`;

  function processDeps(found: ReportWithPhotos | undefined, read: ReadResult, recordOutcome: ProcessDeps['repository']['recordOutcome'] = async () => undefined) {
    const storage = { read: vi.fn(async () => read), write: vi.fn(async () => undefined), delete: vi.fn(async () => undefined) };
    const repository = { getReport: vi.fn(async () => found), recordOutcome: vi.fn(recordOutcome), claimUpload: vi.fn(async () => true) };
    const deps: ProcessDeps = { repository, storage, limits, boundingBox: box, now: () => now };
    return { deps, storage, repository };
  }

  it('leaves objects outside uploads/ alone, and deletes what no grant could have produced', async () => {
    const { deps, storage } = processDeps(report(), { status: 'missing' });
    expect(await processUpload('public/7KQ4-M9XP/x.jpg', deps)).toEqual({ outcome: 'skipped', reason: 'outside-uploads' });
    expect(storage.delete).not.toHaveBeenCalled();
    expect(await processUpload('uploads/whatever.jpg', deps)).toEqual({ outcome: 'discarded', reason: 'not-an-upload-key' });
    expect(storage.delete).toHaveBeenCalledWith('uploads/whatever.jpg');
  });

  it('deletes an upload for a report that does not exist, and skips one already gone or already recorded', async () => {
    const none = processDeps(undefined, { status: 'missing' });
    expect(await processUpload(key, none.deps)).toEqual({ outcome: 'discarded', reason: 'unknown-report' });
    expect(none.storage.delete).toHaveBeenCalledWith(key);

    expect(await processUpload(key, processDeps(report(), { status: 'missing' }).deps)).toEqual({ outcome: 'skipped', reason: 'gone' });

    const photo = { id: 'a'.repeat(20), kind: 'report' as const, key: 'k', thumbKey: 't', width: 1, height: 1, createdAt: now.toISOString() };
    const again = processDeps(report({ photos: [photo] }), { status: 'ok', bytes: await cameraJpeg(), metadata: {} });
    expect(await processUpload(key, again.deps)).toEqual({ outcome: 'skipped', reason: 'already-recorded' });
    expect(again.storage.read).not.toHaveBeenCalled();
  });

  it('refuses an upload beyond the limit even without a grant (s3rver enforces nothing), recording it first', async () => {
    const full = Array.from({ length: 5 }, (_, i) => ({ id: String(i).repeat(20), kind: 'report' as const, key: 'k', thumbKey: 't', width: 1, height: 1, createdAt: now.toISOString() }));
    const { deps, storage, repository } = processDeps(report({ photos: full, eventCount: 3, version: 4 }), { status: 'ok', bytes: await cameraJpeg(), metadata: { uploader: 'citizen' } });
    expect(await processUpload(key, deps)).toMatchObject({ outcome: 'rejected', reason: 'limit-reached' });
    expect(repository.recordOutcome).toHaveBeenCalledWith({
      report: expect.objectContaining({ version: 4, eventCount: 3 }),
      event: expect.objectContaining({ seq: 4, type: 'photo', visibility: 'internal', notify: false, actor: { role: 'citizen' }, data: { photoId: 'a'.repeat(20), kind: 'report', outcome: 'rejected', reason: 'limit-reached' } }),
      claim: expect.objectContaining({ photoId: 'a'.repeat(20) }),
    });
    expect(repository.recordOutcome.mock.invocationCallOrder[0]!).toBeLessThan(storage.delete.mock.invocationCallOrder[0]!);
    expect(storage.write).not.toHaveBeenCalled();
  });

  it('refuses a too-large object without reading it through', async () => {
    const { deps, storage } = processDeps(report(), { status: 'too-large', size: 11 * 1024 * 1024, metadata: {} });
    expect(await processUpload(key, deps)).toMatchObject({ outcome: 'rejected', reason: 'too-large' });
    expect(storage.delete).toHaveBeenCalledWith(key);
  });

  it('gives up after repeated version conflicts, so the invocation fails and Lambda retries it', async () => {
    const { deps, storage } = processDeps(report(), { status: 'ok', bytes: await cameraJpeg(), metadata: {} }, async () => {
      throw new PhotoVersionConflictError('x');
    });
    await expect(processUpload(key, { ...deps, maxAttempts: 3 })).rejects.toBeInstanceOf(PhotoVersionConflictError);
    expect(deps.repository.recordOutcome).toHaveBeenCalledTimes(3);
    // renditions were written; the retry finds them and writes them again under the same keys
    expect(storage.write).toHaveBeenCalledTimes(2);
  });

  it('never suggests a location from a refused file', async () => {
    const { deps, repository } = processDeps(report(), { status: 'ok', bytes: textFile(), metadata: {} });
    await processUpload(key, deps);
    expect(repository.recordOutcome).toHaveBeenCalledWith(expect.not.objectContaining({ suggestedLocation: expect.anything() }));
  });
});
