/**
 * The one table from domain errors to HTTP answers: each kind of refusal, its status, its problem members and its
 * headers, and the same refusal in the Open311 door's error list.
 */
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  MoveRefusedError,
  NotFoundError,
  QuotaUsedUpError,
  StaleVersionError,
  UnauthorizedError,
  UnavailableError,
  UnprocessableError,
  outOfScope,
  reportNotFound,
  serviceBusy,
  type DomainError,
} from '../../shared/domain/errors';
import { ERROR_TABLE, fromLibraryError, problemOf, toProblemError } from '../../shared/http/error-table';
import { problemMiddleware } from '../../shared/http/handler';
import { ProblemError, toProblem } from '../../shared/http/problem';
import { toErrorItems } from '../../shared/open311/errors';

const TEXT = { id: 'Teks', en: 'Text' };
const answer = (error: DomainError, lang: 'id' | 'en' = 'en') => {
  const problem = toProblemError(error);
  return { status: problem.status, headers: problem.extra.headers ?? {}, body: toProblem(problem, lang, '/v1/x') };
};

describe('the error table', () => {
  it('has one row for every kind of domain error', () => {
    expect(Object.keys(ERROR_TABLE).sort()).toEqual(
      ['conflict', 'forbidden', 'invalid-input', 'move-refused', 'not-found', 'quota-used-up', 'stale-version', 'unauthorized', 'unavailable', 'unprocessable'].sort(),
    );
  });

  it('not found → 404, out of scope → 403, in the caller’s language', () => {
    expect(answer(reportNotFound(), 'id')).toEqual({
      status: 404,
      headers: {},
      body: { type: expect.stringMatching(/\/problems\/report-not-found$/), title: 'Tidak ditemukan', status: 404, detail: 'Laporan tidak ditemukan', instance: '/v1/x' },
    });
    expect(answer(outOfScope())).toMatchObject({ status: 403, body: { title: 'Forbidden', detail: 'This report is outside your unit or district' } });
    expect(answer(new ForbiddenError('no-role', TEXT)).status).toBe(403);
    expect(answer(new NotFoundError('photo-not-found', TEXT)).body.type).toMatch(/\/problems\/photo-not-found$/);
  });

  it('stale version → 412 with the current ETag as a member and a header', () => {
    const a = answer(new StaleVersionError(7));
    expect(a.status).toBe(412);
    expect(a.headers).toEqual({ etag: '"7"' });
    expect(a.body).toMatchObject({ currentEtag: '"7"', detail: 'Someone else changed the report. Reload and try again.' });
    expect(a.body.type).toMatch(/\/problems\/stale-version$/);
  });

  it('a refused move → 409 (no such move), 403 (not this actor’s), 400 (a field), with the allowed moves', () => {
    expect(answer(new MoveRefusedError('not-allowed', TEXT, ['verified', 'rejected']))).toMatchObject({ status: 409, body: { allowed: ['verified', 'rejected'] } });
    expect(answer(new MoveRefusedError('forbidden', TEXT, []))).toMatchObject({ status: 403, body: { allowed: [] } });
    const invalid = answer(new MoveRefusedError('invalid', TEXT, undefined, 'unit'), 'id');
    expect(invalid).toMatchObject({ status: 400, body: { errors: [{ field: 'unit', message: 'Teks' }] } });
    expect(invalid.body).not.toHaveProperty('allowed');
    expect(invalid.body.type).toMatch(/\/problems\/move-invalid$/);
  });

  it('quota used up → 429 with Retry-After as a header and a member', () => {
    const a = answer(new QuotaUsedUpError('quota-exceeded', TEXT, 61));
    expect(a).toMatchObject({ status: 429, headers: { 'retry-after': '61' }, body: { retryAfter: 61, title: 'Too many requests' } });
  });

  it('invalid input → 400 naming each field in the caller’s language; details pass through', () => {
    const error = new InvalidInputError('invalid-query', TEXT, [
      { field: 'query.from', message: { id: 'Bulan salah', en: 'Bad month' } },
      { field: 'query.to', message: 'plain' },
    ]);
    expect(answer(error, 'id').body.errors).toEqual([
      { field: 'query.from', message: 'Bulan salah' },
      { field: 'query.to', message: 'plain' },
    ]);
    expect(answer(error).status).toBe(400);
    expect(answer(new UnprocessableError('location-in-neighbour', TEXT, { details: { reportTo: 'Kota Cilegon' } }))).toMatchObject({ status: 422, body: { reportTo: 'Kota Cilegon' } });
    expect(answer(new ConflictError('photo-limit-reached', TEXT, { details: { limit: 5 } }))).toMatchObject({ status: 409, body: { limit: 5 } });
  });

  it('unauthorized → 401 naming the credential to send; unavailable → 503 with Retry-After', () => {
    expect(answer(new UnauthorizedError('unauthorized', TEXT, 'Bearer'))).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Bearer' } });
    expect(answer(serviceBusy())).toMatchObject({ status: 503, headers: { 'retry-after': '2' }, body: { detail: 'The service is busy. Try again shortly.' } });
    expect(answer(new UnavailableError('service-unavailable', TEXT, 5)).headers).toEqual({ 'retry-after': '5' });
  });

  it('library errors become the domain errors they amount to; our own faults stay unknown', () => {
    expect(fromLibraryError(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))).toBeInstanceOf(UnavailableError);
    expect(problemOf(Object.assign(new Error('no db'), { code: 'ECONNREFUSED' }))).toMatchObject({ status: 503, slug: 'service-unavailable' });
    expect(problemOf(Object.assign(new Error('reused'), { name: 'IdempotencyValidationError' }))).toMatchObject({ status: 422, slug: 'idempotency-key-reused' });
    expect(problemOf(Object.assign(new Error('busy'), { name: 'IdempotencyAlreadyInProgressError' }))).toMatchObject({ status: 409, slug: 'request-in-progress' });
    expect(problemOf(new TypeError('bug'))).toBeUndefined();
    const http = new ProblemError(415, 'unsupported-media-type');
    expect(problemOf(http)).toBe(http);
  });

  it('the handler frame answers a thrown domain error as problem+json', async () => {
    const request = { event: { rawPath: '/v1/reports/X', headers: { 'accept-language': 'en' } }, error: new StaleVersionError(3), response: undefined } as never;
    await problemMiddleware().onError!(request);
    const response = (request as { response: { statusCode: number; headers: Record<string, string>; body: string } }).response;
    expect(response.statusCode).toBe(412);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json; charset=utf-8', 'content-language': 'en', etag: '"3"' });
    expect(JSON.parse(response.body)).toMatchObject({ status: 412, currentEtag: '"3"', instance: '/v1/reports/X' });
  });
});

describe('the Open311 door', () => {
  it('answers the same domain errors with the same status, in its own list', () => {
    expect(toErrorItems(reportNotFound(), 'id')).toEqual({ status: 404, items: [{ code: 404, description: 'Laporan tidak ditemukan' }], headers: {} });
    expect(toErrorItems(new QuotaUsedUpError('quota-exceeded', TEXT, 60), 'en')).toEqual({ status: 429, items: [{ code: 429, description: 'Text' }], headers: { 'retry-after': '60' } });
    const invalid = new InvalidInputError('validation', TEXT, [{ field: 'location', message: { id: 'Di luar wilayah', en: 'Outside the area' } }]);
    expect(toErrorItems(invalid, 'en')).toEqual({ status: 400, items: [{ code: 400, description: 'location: Outside the area' }], headers: {} });
  });
});
