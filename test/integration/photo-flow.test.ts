/**
 * Photos end to end on DynamoDB Local and s3rver: the grant functions are called with API Gateway events, the
 * file goes to s3rver as a real multipart/form-data POST (Node's fetch + FormData) with the presigned fields,
 * s3rver's object-created event reaches the processor through local/photo-events.ts, exactly as `npm start`
 * wires it, and the results are read back from the bucket and the table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context, S3Event } from 'aws-lambda';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectPhotoProcessor, toS3Event, type PhotoEvents } from '../../local/photo-events';
import { lambdaContext } from '../../local/http-adapter';
import { startS3, type LocalS3 } from '../../local/services/s3';
import { DynamoPhotoRepository, type ReportWithPhotos } from '../../shared/adapters/dynamodb/photo-repository';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { presignedGetSigner } from '../../shared/adapters/s3/get-url-signer';
import { toPublicView, type HistoryEvent, type Report } from '../../shared/domain/report';
import { newTrackingCode } from '../../shared/domain/tracking-code';
import type { PhotoUploadGrant } from '../../shared/photos/photo';
import { processUpload } from '../../shared/photos/process-upload';
import { issueUploadToken } from '../../shared/photos/upload-token';
import { photoViews } from '../../shared/photos/views';
import { createTestTables, type TestTables } from '../support/dynamo';
import { cameraJpeg, EXIFR_EVERYTHING, gifImage, pngBomb, pngWithAlpha, textFile } from '../support/photo-fixtures';

type HttpHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type S3Handler = (event: S3Event, context?: Context) => Promise<void>;

const region = 'ap-southeast-3';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const secret = 'integration-test-upload-token-secret-0123456789';
const bucket = `photos-${Date.now()}`;

let tmp: string;
let s3: LocalS3;
let s3Client: S3Client;
let tables: TestTables;
let reports: DynamoReportRepository;
let photos: DynamoPhotoRepository;
let events: PhotoEvents;
let createPhotoUpload: HttpHandler;
let createStaffPhotoUpload: HttpHandler;
let processPhoto: S3Handler;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'si-centang-photos-'));
  s3 = await startS3({ directory: join(tmp, 's3'), buckets: [bucket] });
  tables = await createTestTables('photo');
  s3Client = new S3Client({ endpoint: s3.endpoint, region, credentials, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  reports = new DynamoReportRepository(tables.doc, tables.main);
  photos = new DynamoPhotoRepository(tables.doc, tables.main);

  // what the functions read at module load, as on Lambda (local/stack.ts sets the same)
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    S3_FORCE_PATH_STYLE: 'true',
    TABLE_NAME: tables.main,
    IDEMPOTENCY_TABLE_NAME: tables.idempotency,
    BUCKET_NAME: bucket,
    UPLOAD_TOKEN_SECRET: secret,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  createPhotoUpload = (await import('../../functions/create-photo-upload')).handler as unknown as HttpHandler;
  createStaffPhotoUpload = (await import('../../functions/create-staff-photo-upload')).handler as unknown as HttpHandler;
  processPhoto = (await import('../../functions/process-photo')).handler;
  // the default loader, as local/stack.ts uses it: functions/process-photo.ts, imported at the first event
  events = connectPhotoProcessor(s3, { log: () => undefined, retryDelaysMs: [] });
});

afterAll(async () => {
  s3Client?.destroy();
  tables?.client.destroy();
  await s3?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------- helpers

async function newReport(overrides: Partial<Report> = {}): Promise<Report> {
  const at = new Date().toISOString();
  const report: Report = {
    id: newTrackingCode(), version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang di depan pasar', publicDescription: 'Jalan berlubang di depan pasar', address: 'Jl. Raya Cikande',
    reporter: { phone: '+6281234567890', name: 'Budi Santoso', showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: at, updatedAt: at, escalationLevel: 0, eventCount: 1,
    ...overrides,
  };
  const created: HistoryEvent = { reportId: report.id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
  await reports.create(report, created);
  return report;
}

const tokenFor = (code: string, now = new Date()) => issueUploadToken(code, [secret], now).uploadToken;

interface Call {
  id: string;
  body?: unknown;
  headers?: Record<string, string>;
  claims?: Record<string, string>;
}

function httpEvent(path: string, call: Call) {
  const body = call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path.replace('{id}', call.id),
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...call.headers },
    pathParameters: { id: call.id },
    requestContext: {
      accountId: '000000000000', apiId: 'local', domainName: 'localhost', domainPrefix: 'localhost', requestId: 'r', routeKey: `POST ${path}`, stage: '$default', time: '', timeEpoch: Date.now(),
      http: { method: 'POST', path: path.replace('{id}', call.id), protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(call.claims && { authorizer: { jwt: { claims: call.claims, scopes: null } } }),
    },
    ...(body !== undefined && { body }),
    isBase64Encoded: false,
  };
}

async function invoke(handler: HttpHandler, path: string, call: Call) {
  const result = await handler(httpEvent(path, call), lambdaContext('test'));
  return { status: result.statusCode, headers: result.headers ?? {}, body: result.body ? JSON.parse(result.body) : undefined };
}

/** token: the report's own by default; null sends none */
const askCitizen = (code: string, contentType = 'image/jpeg', token: string | null = tokenFor(code)) =>
  invoke(createPhotoUpload, '/v1/reports/{id}/photos', { id: code, body: { contentType }, headers: token === null ? {} : { 'x-upload-token': token } });

const officer = (unit: string, sub = 'officer-1') => ({ sub, token_use: 'access', 'cognito:groups': '[officer]', 'custom:unit': unit });
const askStaff = (code: string, claims: Record<string, string>, contentType = 'image/jpeg') =>
  invoke(createStaffPhotoUpload, '/v1/staff/reports/{id}/photos', { id: code, body: { contentType }, claims });

/** The upload exactly as a browser or app does it: every presigned field, then the file, as multipart/form-data. */
async function upload(grant: PhotoUploadGrant, bytes: Buffer, contentType = 'image/jpeg', filename = 'foto.jpg') {
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: contentType }), filename);
  const res = await fetch(grant.url, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}

async function grantAndUpload(code: string, bytes: Buffer, contentType = 'image/jpeg'): Promise<PhotoUploadGrant> {
  const granted = await askCitizen(code, contentType);
  expect(granted.status).toBe(201);
  expect(await upload(granted.body, bytes, contentType)).toBe(204);
  await events.idle();
  return granted.body;
}

async function getObject(key: string): Promise<Buffer | undefined> {
  try {
    const out = await s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch (err) {
    if ((err as Error).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3Client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

const reportNow = async (code: string) => (await photos.getReport(code)) as ReportWithPhotos;
const history = async (code: string) => (await reports.getWithHistory(code))!.events;

// ---------------------------------------------------------------------------------------------- tests

describe('a citizen adds a photo', () => {
  it('gets a presigned POST for a fixed key, with size, type and expiry pinned in the policy', async () => {
    const report = await newReport();
    const { status, body, headers } = await askCitizen(report.id, 'image/png');
    expect(status).toBe(201);
    expect(headers['cache-control']).toBe('no-store');
    expect(body.photoId).toMatch(/^[0-9a-f]{20}$/);
    expect(body.url).toBe(`${s3.endpoint}/${bucket}`);
    expect(body.fields.key).toBe(`uploads/${report.id}/report/${body.photoId}`);
    expect(body.fields['Content-Type']).toBe('image/png');
    expect(body.maxBytes).toBe(10 * 1024 * 1024);
    const minutes = (Date.parse(body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
    const policy = JSON.parse(Buffer.from(body.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 10 * 1024 * 1024],
        ['eq', '$Content-Type', 'image/png'],
        { key: body.fields.key },
        { bucket },
      ]),
    );
    expect(Date.parse(policy.expiration)).toBeCloseTo(Date.parse(body.expiresAt), -4);
  });

  it('uploads a camera JPEG; the processor stores an upright rendition and thumbnail with no metadata, and records it', async () => {
    const report = await newReport(); // an address, no location
    const original = await cameraJpeg({ width: 800, height: 400, orientation: 6, gps: { lat: -6.118611, lon: 106.150278 } });
    const grant = await grantAndUpload(report.id, original);

    const after = await reportNow(report.id);
    expect(after.photos).toEqual([
      {
        id: grant.photoId, kind: 'report', key: `public/${report.id}/${grant.photoId}.jpg`, thumbKey: `public/${report.id}/${grant.photoId}-thumb.jpg`,
        width: 400, height: 800, createdAt: expect.any(String),
      },
    ]);
    // the event count moved on together with the history event; a photo is no change of state, so the version
    // (the staff ETag) stays and an official's move in between is not refused
    expect(after.version).toBe(1);
    expect(after.eventCount).toBe(2);
    const last = (await history(report.id)).at(-1)!;
    expect(last).toMatchObject({
      seq: 2, type: 'photo', visibility: 'internal', notify: false, actor: { role: 'citizen' },
      data: { photoId: grant.photoId, kind: 'report', outcome: 'accepted', width: 400, height: 800, suggestedLocation: true },
    });

    // the report had no location: the camera's position, inside the regency, is suggested to staff
    expect(after.suggestedLocation).toEqual({ lat: -6.118611, lon: 106.150278, source: 'photo-exif', photoId: grant.photoId });
    expect(JSON.stringify(toPublicView(after))).not.toContain('106.15');

    for (const key of [after.photos![0]!.key, after.photos![0]!.thumbKey]) {
      const bytes = (await getObject(key))!;
      expect(await exifr.parse(bytes, EXIFR_EVERYTHING), key).toBeUndefined();
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg' });
      expect([meta.exif, meta.xmp, meta.icc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined]);
      expect(meta.height).toBeGreaterThan(meta.width);
      expect(bytes.toString('latin1')).not.toContain('Budi');
    }
    // the original stays, untouched and private, until the bucket's lifecycle rule expires it
    expect((await getObject(grant.fields.key!))!.equals(original)).toBe(true);
  });

  it('lists the photo in views with working, absolute presigned URLs of the renditions only', async () => {
    const report = await newReport();
    await grantAndUpload(report.id, await pngWithAlpha(), 'image/png');
    const views = await photoViews(await reportNow(report.id), presignedGetSigner(bucket, 300));
    expect(views).toHaveLength(1);
    const [view] = views;
    expect(view!.url).toMatch(new RegExp(`^${s3.endpoint}/${bucket}/public/${report.id}/[0-9a-f]{20}\\.jpg\\?.*X-Amz-Expires=300`));
    for (const url of [view!.url, view!.thumbnailUrl]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe('jpeg');
    }
  });

  it('suggests no location when the report has one, or when the GPS lies outside the regency', async () => {
    const located = await newReport({ location: { lat: -6.2, lon: 106.3 } });
    await grantAndUpload(located.id, await cameraJpeg({ gps: { lat: -6.15, lon: 106.0 } }));
    expect((await reportNow(located.id)).suggestedLocation).toBeUndefined();

    const jakarta = await newReport();
    await grantAndUpload(jakarta.id, await cameraJpeg({ gps: { lat: -6.2, lon: 106.82 } }));
    const after = await reportNow(jakarta.id);
    expect(after.photos).toHaveLength(1);
    expect(after.suggestedLocation).toBeUndefined();
  });
});

describe('bad files', () => {
  const cases: Array<[string, () => Promise<Buffer> | Buffer, string, string]> = [
    ['a text file named foto.jpg', textFile, 'image/jpeg', 'not-an-allowed-image'],
    ['a GIF sent as image/jpeg', gifImage, 'image/jpeg', 'not-an-allowed-image'],
    ['a decompression bomb (30000×30000 PNG)', () => pngBomb(), 'image/png', 'too-many-pixels'],
    // s3rver enforces no POST policy; S3 would refuse this upload itself, the processor refuses it everywhere
    ['a file over 10 MB', async () => Buffer.concat([await cameraJpeg(), Buffer.alloc(10 * 1024 * 1024)]), 'image/jpeg', 'too-large'],
  ];

  it.each(cases)('refuses %s: deleted from uploads/, nothing published, recorded as an internal event', async (_name, make, contentType, reason) => {
    const report = await newReport();
    const grant = await grantAndUpload(report.id, await make(), contentType);

    expect(await getObject(grant.fields.key!)).toBeUndefined();
    expect(await keysUnder(`public/${report.id}/`)).toEqual([]);
    const after = await reportNow(report.id);
    expect(after.photos ?? []).toEqual([]);
    expect(after.eventCount).toBe(2);
    expect((await history(report.id)).at(-1)).toMatchObject({
      type: 'photo', visibility: 'internal', notify: false,
      data: { photoId: grant.photoId, kind: 'report', outcome: 'rejected', reason },
    });
  });

  it('deletes anything under uploads/ that no grant produced, decoding the key as S3 encodes it', async () => {
    const stray = 'uploads/foto jalan+1.jpg';
    await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: stray, Body: await cameraJpeg(), ContentType: 'image/jpeg' }));
    await events.idle();
    expect(await getObject(stray)).toBeUndefined();
  });
});

describe('limits', () => {
  it('gives at most 5 citizen grants, even to concurrent requests; the sixth is a 409 problem', async () => {
    const report = await newReport();
    const answers = await Promise.all(Array.from({ length: 8 }, () => askCitizen(report.id)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ type: expect.stringMatching(/\/problems\/photo-limit-reached$/), status: 409, limit: 5, detail: 'Laporan ini sudah mencapai batas 5 foto' });
    }
    expect(await photos.grantsTaken(report.id)).toEqual({ report: 5, completion: 0 });
    // grants do not touch the report: its version (the staff ETag) is unchanged
    expect((await reportNow(report.id)).version).toBe(1);
    const quota = await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `R#${report.id}`, sk: 'PHOTOS' } }));
    expect(quota.Item).toMatchObject({ entity: 'photo-quota' });
    expect(Object.keys(quota.Item!.open_report)).toHaveLength(5);
    // the report and its history still read as before
    expect((await reports.getWithHistory(report.id))!.events).toHaveLength(1);
  });

  it('refuses photos on a finished report (409) and a type that is not allowed (400)', async () => {
    const closed = await newReport({ status: 'closed' });
    const refused = await askCitizen(closed.id);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/\/photos-closed$/);

    const open = await newReport();
    const gif = await askCitizen(open.id, 'image/gif');
    expect(gif.status).toBe(400);
    expect(gif.body.errors).toEqual([{ field: 'contentType', message: expect.any(String) }]);
  });
});

describe('the upload token', () => {
  it('is required: 401 without it', async () => {
    const report = await newReport();
    const res = await askCitizen(report.id, 'image/jpeg', null);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('X-Upload-Token');
    expect(res.body.type).toMatch(/\/upload-token-missing$/);
  });

  it("is refused for another report, when expired, and when malformed (403), before the body is even read", async () => {
    const mine = await newReport();
    const other = await newReport();
    const wrong = await invoke(createPhotoUpload, '/v1/reports/{id}/photos', { id: other.id, body: { contentType: 'image/jpeg' }, headers: { 'x-upload-token': tokenFor(mine.id) } });
    expect([wrong.status, wrong.body.type]).toEqual([403, expect.stringMatching(/\/upload-token-invalid$/)]);

    const expired = await askCitizen(mine.id, 'image/jpeg', tokenFor(mine.id, new Date(Date.now() - 25 * 3600_000)));
    expect([expired.status, expired.body.type]).toEqual([403, expect.stringMatching(/\/upload-token-expired$/)]);
    expect(expired.body.detail).toContain('kedaluwarsa');

    const malformed = await invoke(createPhotoUpload, '/v1/reports/{id}/photos', { id: mine.id, body: 'not json', headers: { 'x-upload-token': 'garbage' } });
    expect([malformed.status, malformed.body.type]).toEqual([403, expect.stringMatching(/\/upload-token-invalid$/)]);

    // none of it counted a grant
    expect(await photos.grantsTaken(mine.id)).toEqual({ report: 0, completion: 0 });
    expect(await photos.grantsTaken(other.id)).toEqual({ report: 0, completion: 0 });
  });

  it('answers in English when asked', async () => {
    const report = await newReport();
    const res = await invoke(createPhotoUpload, '/v1/reports/{id}/photos', { id: report.id, body: { contentType: 'image/jpeg' }, headers: { 'accept-language': 'en' } });
    expect(res.body.detail).toBe('Send the upload token (header X-Upload-Token) you received when the report was created');
  });

  it('is not asked of a code that cannot exist: 404', async () => {
    const res = await askCitizen('NOT-A-CODE!');
    expect(res.status).toBe(404);
  });
});

describe('completion photos from officers', () => {
  it('an officer of the report’s unit adds one; it is recorded as a completion photo by that officer', async () => {
    const report = await newReport({ status: 'in_progress', unit: 'bina-marga', location: { lat: -6.2, lon: 106.3 } });
    const granted = await askStaff(report.id, officer('bina-marga', 'sub-officer-7'));
    expect(granted.status).toBe(201);
    expect(granted.body.fields.key).toBe(`uploads/${report.id}/completion/${granted.body.photoId}`);
    expect(await upload(granted.body, await cameraJpeg())).toBe(204);
    await events.idle();

    const after = await reportNow(report.id);
    expect(after.photos).toEqual([expect.objectContaining({ id: granted.body.photoId, kind: 'completion' })]);
    expect((await history(report.id)).at(-1)).toMatchObject({ type: 'photo', actor: { role: 'officer', id: 'sub-officer-7' }, data: { kind: 'completion', outcome: 'accepted' } });
    // completion grants are counted apart from the citizen's
    expect(await photos.grantsTaken(report.id)).toEqual({ report: 0, completion: 1 });
  });

  it('refuses other units (403), district offices (403), callers without a staff role (403) and reports not yet verified (409)', async () => {
    const report = await newReport({ status: 'verified', unit: 'bina-marga' });
    const otherUnit = await askStaff(report.id, officer('sumber-daya-air'));
    expect([otherUnit.status, otherUnit.body.type]).toEqual([403, expect.stringMatching(/\/out-of-scope$/)]);
    const district = await askStaff(report.id, { sub: 'd-1', token_use: 'access', 'cognito:groups': '[district]', 'custom:district': 'cikande' });
    expect([district.status, district.body.type]).toEqual([403, expect.stringMatching(/\/photo-not-allowed$/)]);
    const nobody = await askStaff(report.id, { sub: 'x-1', token_use: 'access', 'cognito:groups': '[]' });
    expect(nobody.status).toBe(403);

    const received = await newReport();
    const early = await askStaff(received.id, { sub: 't-1', token_use: 'access', 'cognito:groups': '[triage]' });
    expect([early.status, early.body.type]).toEqual([409, expect.stringMatching(/\/photos-closed$/)]);
    expect(await photos.grantsTaken(report.id)).toEqual({ report: 0, completion: 0 });
  });
});

/** A staff change as the staff use cases write it: the report with a new version, and its event, together. */
async function staffEdit(code: string) {
  const current = await reportNow(code);
  const seq = current.eventCount + 1;
  await tables.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tables.main, Key: { pk: `R#${code}`, sk: 'R' },
            UpdateExpression: 'SET version = :next, eventCount = :seq, priority = :p',
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': current.version, ':next': current.version + 1, ':seq': seq, ':p': 'urgent' },
          },
        },
        {
          Put: {
            TableName: tables.main,
            Item: { pk: `R#${code}`, sk: `E#${String(seq).padStart(6, '0')}`, entity: 'event', reportId: code, seq, type: 'edit', at: new Date().toISOString(), actor: { role: 'triage' }, visibility: 'internal', notify: false },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

describe('processing is safe to repeat and to race', () => {
  it('records a photo once when S3 delivers the same event again', async () => {
    const report = await newReport();
    const granted = await askCitizen(report.id);
    await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: granted.body.fields.key, Body: await cameraJpeg(), ContentType: 'image/jpeg' }));
    await events.idle(); // processed once through the hook
    const event = toS3Event({ bucket, key: granted.body.fields.key, size: 1 });
    await processPhoto(event);
    await processPhoto(event);
    expect((await reportNow(report.id)).photos).toHaveLength(1);
    expect((await history(report.id)).filter((e) => e.type === 'photo')).toHaveLength(1);
  });

  it('keeps both a staff change and a photo that arrives in the middle of it', async () => {
    const report = await newReport();
    const key = `uploads/${report.id}/report/${'c'.repeat(20)}`;
    // the bucket in memory: this test is about the table (the race), and the hook must not get there first
    const objects = new Map<string, Buffer>([[key, await cameraJpeg()]]);
    const storage = {
      read: async (k: string) => (objects.has(k) ? { status: 'ok' as const, bytes: objects.get(k)!, metadata: { uploader: 'citizen' } } : { status: 'missing' as const }),
      write: async (k: string, data: Buffer) => void objects.set(k, data),
      delete: async (k: string) => void objects.delete(k),
    };
    let writes = 0;
    const racing = {
      getReport: (code: string) => photos.getReport(code),
      claimUpload: (...args: Parameters<DynamoPhotoRepository['claimUpload']>) => photos.claimUpload(...args),
      // a staff member saves a change after the processor read the report and before it writes
      recordOutcome: async (write: Parameters<DynamoPhotoRepository['recordOutcome']>[0]) => {
        if (writes++ === 0) await staffEdit(report.id);
        return photos.recordOutcome(write);
      },
    };
    const outcome = await processUpload(key, {
      repository: racing, storage, limits: { report: 5, completion: 10 }, boundingBox: { south: -6.45, west: 105.8, north: -5.8, east: 106.5 }, now: () => new Date(),
    });
    expect(outcome.outcome).toBe('accepted');
    expect(writes).toBe(2);
    const after = await reportNow(report.id);
    expect(after.priority).toBe('urgent');
    expect(after.photos).toHaveLength(1);
    // the staff change moved the version; the photo only the history
    expect([after.version, after.eventCount]).toEqual([2, 3]);
    expect((await history(report.id)).map((e) => e.type)).toEqual(['created', 'edit', 'photo']);
    expect(objects.has(`public/${report.id}/${'c'.repeat(20)}.jpg`)).toBe(true);
  });
});

describe('one grant, one upload', () => {
  it('turns a POST sent again and again with one grant into one outcome: refused files, then a photo, give one event', async () => {
    const report = await newReport();
    const granted = await askCitizen(report.id);
    expect(granted.status).toBe(201);
    // the policy can be replayed until it expires: three refused files, then a real photo, all with the same grant
    for (let i = 0; i < 3; i++) {
      expect(await upload(granted.body, textFile())).toBe(204);
      await events.idle();
    }
    expect(await upload(granted.body, await cameraJpeg())).toBe(204);
    await events.idle();

    const after = await reportNow(report.id);
    expect(after.photos ?? []).toHaveLength(0);
    expect([after.version, after.eventCount]).toEqual([1, 2]);
    const photoEvents = (await history(report.id)).filter((e) => e.type === 'photo');
    expect(photoEvents).toHaveLength(1);
    expect(photoEvents[0]!.data).toMatchObject({ photoId: granted.body.photoId, outcome: 'rejected', reason: 'not-an-allowed-image' });
    expect(await keysUnder(`uploads/${report.id}/`)).toEqual([]);
    expect(await keysUnder(`public/${report.id}/`)).toEqual([]);
  });

  it('keeps the first photo and drops every later object under its grant, with no further event', async () => {
    const report = await newReport();
    const grant = await grantAndUpload(report.id, await cameraJpeg({ width: 800, height: 400 }));
    const rendition = (await getObject(`public/${report.id}/${grant.photoId}.jpg`))!;
    for (const bytes of [textFile(), await cameraJpeg({ width: 300, height: 600 })]) {
      expect(await upload(grant, bytes)).toBe(204);
      await events.idle();
    }
    const after = await reportNow(report.id);
    expect(after.photos).toHaveLength(1);
    expect([after.version, after.eventCount]).toEqual([1, 2]);
    expect((await history(report.id)).filter((e) => e.type === 'photo')).toHaveLength(1);
    expect((await getObject(`public/${report.id}/${grant.photoId}.jpg`))!.equals(rendition)).toBe(true);
  });

  it('lets a repeated delivery of the same object finish what a failed run claimed', async () => {
    const report = await newReport();
    const granted = await askCitizen(report.id);
    const key = granted.body.fields.key as string;
    const put = await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: textFile(), ContentType: 'image/jpeg' }));
    await events.idle();
    // the claim of the object just processed is settled: a second claim by the same object is refused
    expect(await photos.claimUpload(report.id, { photoId: granted.body.photoId, etag: put.ETag! }, new Date())).toBe(false);
    // a claim taken by a run that then failed is taken again by the same object, never by another one
    const other = await askCitizen(report.id);
    expect(await photos.claimUpload(report.id, { photoId: other.body.photoId, etag: '"one"' }, new Date())).toBe(true);
    expect(await photos.claimUpload(report.id, { photoId: other.body.photoId, etag: '"one"' }, new Date())).toBe(true);
    expect(await photos.claimUpload(report.id, { photoId: other.body.photoId, etag: '"two"' }, new Date())).toBe(false);
  });
});
