/** Photos over HTTP on the local stack: grant, presigned POST to s3rver, processing, views. */
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { cameraJpeg, textFile } from '../support/photo-fixtures';
import { client, startTestStack, uploadWithGrant, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'triage' })}`;
});
afterAll(() => stack?.stop());

it('a citizen’s photo is stripped of metadata, turned upright, hidden until verification, then public', async () => {
  const created = await call('POST', '/v1/reports', validReport({ location: undefined, address: 'Jl. Raya Serang km 5' }));
  const { id, uploadToken } = created.body;
  const grant = await call('POST', `/v1/reports/${id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': uploadToken });
  expect(grant.status).toBe(201);
  const original = await cameraJpeg({ width: 400, height: 200, orientation: 6, gps: { lat: -6.12, lon: 106.15 } });
  expect(await uploadWithGrant(grant.body, original, 'image/jpeg')).toBeLessThan(300);
  await stack.photos.idle();

  // staff see the photo and the GPS as a suggested location; the public sees neither yet
  const staff = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage });
  expect(staff.body.photos).toHaveLength(1);
  expect(staff.body.suggestedLocation).toMatchObject({ lat: expect.closeTo(-6.12, 3), lon: expect.closeTo(106.15, 3) });
  const before = await call('GET', `/v1/reports/${id}`);
  expect(before.body.photos).toBeUndefined();
  expect(JSON.stringify(before.body)).not.toContain('106.15');

  await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, { authorization: triage, 'if-match': staff.headers.get('etag')! });
  const after = await call('GET', `/v1/reports/${id}`);
  expect(after.body.photos).toHaveLength(1);
  expect(after.body).not.toHaveProperty('suggestedLocation');
  const rendition = Buffer.from(await (await fetch(after.body.photos[0].url)).arrayBuffer());
  const meta = await sharp(rendition).metadata();
  expect([meta.width, meta.height]).toEqual([200, 400]);
  expect(meta.exif).toBeUndefined();
  expect(await exifr.parse(rendition, { tiff: true, gps: true, xmp: true }).catch(() => undefined)).toBeFalsy();
  const thumb = await sharp(Buffer.from(await (await fetch(after.body.photos[0].thumbnailUrl)).arrayBuffer())).metadata();
  expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(320);
});

it('refuses a wrong token, a token for another report, a sixth photo, and throws away what is not an image', async () => {
  const a = (await call('POST', '/v1/reports', validReport())).body;
  const b = (await call('POST', '/v1/reports', validReport())).body;
  const grant = (id: string, token?: string, contentType = 'image/jpeg') =>
    call('POST', `/v1/reports/${id}/photos`, { contentType }, token ? { 'x-upload-token': token } : {});
  expect((await grant(a.id)).status).toBe(401);
  expect((await grant(a.id, b.uploadToken)).status).toBe(403);
  expect((await grant(a.id, 'v1.0.forged')).status).toBe(403);
  expect((await grant(a.id, a.uploadToken, 'image/gif')).status).toBe(400);

  const fake = await grant(a.id, a.uploadToken);
  await uploadWithGrant(fake.body, textFile(), 'image/jpeg');
  for (let i = 0; i < 4; i++) expect((await grant(a.id, a.uploadToken)).status).toBe(201);
  const sixth = await grant(a.id, a.uploadToken);
  expect(sixth.status).toBe(409);
  await stack.photos.idle();
  const staff = await call('GET', `/v1/staff/reports/${a.id}`, undefined, { authorization: triage });
  expect(staff.body.photos).toEqual([]);
  expect(staff.body.history.some((e: { type: string }) => e.type === 'photo')).toBe(true);
});
