/** Photo domain rules: keys, S3 event key encoding, the EXIF GPS reader (held against exifr), views. */
import exifr from 'exifr';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { insideBox, readGpsPosition, roundPosition } from '../../shared/photos/exif-gps';
import { createPhotoUploadRequestSchema } from '../../shared/photos/upload-request';
import {
  decodeS3EventKey,
  encodeS3EventKey,
  isPhotoId,
  newPhotoId,
  parseUploadKey,
  renditionKey,
  thumbnailKey,
  uploadKey,
} from '../../shared/photos/photo';
import { photoViews } from '../../shared/photos/views';
import { cameraJpeg } from '../support/photo-fixtures';

const serang = { south: -6.45, west: 105.8, north: -5.8, east: 106.5 };

describe('object keys', () => {
  it('puts originals under uploads/<code>/<kind>/ and renditions under public/<code>/', () => {
    const id = newPhotoId();
    expect(isPhotoId(id)).toBe(true);
    expect(uploadKey('7KQ4-M9XP', 'report', id)).toBe(`uploads/7KQ4-M9XP/report/${id}`);
    expect(renditionKey('7KQ4-M9XP', id)).toBe(`public/7KQ4-M9XP/${id}.jpg`);
    expect(thumbnailKey('7KQ4-M9XP', id)).toBe(`public/7KQ4-M9XP/${id}-thumb.jpg`);
    expect(parseUploadKey(uploadKey('7KQ4-M9XP', 'completion', id))).toEqual({ code: '7KQ4-M9XP', kind: 'completion', photoId: id });
  });

  it('reads back only keys this service hands out', () => {
    const id = 'a'.repeat(20);
    for (const key of [
      `uploads/7kq4-m9xp/report/${id}`, // not the canonical code
      `uploads/7KQ4M9XP/report/${id}`,
      `uploads/7KQ4-M9X0/report/${id}`, // 0 is not in the alphabet
      `uploads/7KQ4-M9XP/selfie/${id}`,
      `uploads/7KQ4-M9XP/report/${id}.jpg`,
      `uploads/7KQ4-M9XP/report/../${id}`,
      `uploads/7KQ4-M9XP/report/${id}/x`,
      `public/7KQ4-M9XP/${id}.jpg`,
      `uploads/7KQ4-M9XP/${id}`,
    ])
      expect(parseUploadKey(key), key).toBeUndefined();
  });

  it('decodes S3 event keys as S3 encodes them (spaces as +)', () => {
    expect(decodeS3EventKey('uploads/foto+jalan%2B1.jpg')).toBe('uploads/foto jalan+1.jpg');
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 60 }), (key) => decodeS3EventKey(encodeS3EventKey(key)) === key));
    expect(encodeS3EventKey('uploads/a b/c:d')).toBe('uploads/a+b/c%3Ad');
  });

  it('accepts JPEG, PNG and WebP grants only', () => {
    for (const contentType of ['image/jpeg', 'image/png', 'image/webp']) expect(createPhotoUploadRequestSchema.safeParse({ contentType }).success).toBe(true);
    for (const contentType of ['image/gif', 'image/svg+xml', 'image/heic', 'application/pdf', 'text/plain', 'IMAGE/JPEG'])
      expect(createPhotoUploadRequestSchema.safeParse({ contentType }).success, contentType).toBe(false);
    expect(createPhotoUploadRequestSchema.safeParse({ contentType: 'image/jpeg', key: 'uploads/x' }).success).toBe(false);
  });
});

describe('EXIF GPS reader', () => {
  it.each([
    { lat: -6.15, lon: 106.0 },
    { lat: -6.118611, lon: 106.150278 },
    { lat: 40.689247, lon: -74.044502 },
  ])('reads the position a camera wrote, as exifr does ($lat, $lon)', async (gps) => {
    const jpeg = await cameraJpeg({ gps, orientation: 6 });
    const { exif } = await sharp(jpeg).metadata();
    const ours = readGpsPosition(exif);
    const theirs = await exifr.gps(jpeg);
    expect(ours!.lat).toBeCloseTo(theirs.latitude, 6);
    expect(ours!.lon).toBeCloseTo(theirs.longitude, 6);
    expect(ours!.lat).toBeCloseTo(gps.lat, 4);
    expect(ours!.lon).toBeCloseTo(gps.lon, 4);
  });

  it('reads big-endian EXIF and EXIF without the "Exif\\0\\0" prefix', () => {
    // hand-made TIFF, Motorola order: IFD0 with a GPS pointer; GPS IFD with S 6°9'0" / E 106°0'0"
    const b = Buffer.alloc(200);
    b.write('MM', 0, 'latin1');
    b.writeUInt16BE(42, 2);
    b.writeUInt32BE(8, 4);
    b.writeUInt16BE(1, 8); // IFD0: one entry
    b.writeUInt16BE(0x8825, 10);
    b.writeUInt16BE(4, 12); // LONG
    b.writeUInt32BE(1, 14);
    b.writeUInt32BE(26, 18); // GPS IFD at 26
    b.writeUInt32BE(0, 22);
    b.writeUInt16BE(4, 26); // GPS IFD: four entries
    const entry = (i: number, tag: number, type: number, count: number, value: number | string) => {
      const at = 28 + i * 12;
      b.writeUInt16BE(tag, at);
      b.writeUInt16BE(type, at + 2);
      b.writeUInt32BE(count, at + 4);
      if (typeof value === 'string') b.write(value, at + 8, 'latin1');
      else b.writeUInt32BE(value, at + 8);
    };
    entry(0, 1, 2, 2, 'S\0');
    entry(1, 2, 5, 3, 100);
    entry(2, 3, 2, 2, 'E\0');
    entry(3, 4, 5, 3, 124);
    const rationals = (at: number, values: number[]) => values.forEach((v, i) => (b.writeUInt32BE(v, at + i * 8), b.writeUInt32BE(1, at + i * 8 + 4)));
    rationals(100, [6, 9, 0]);
    rationals(124, [106, 0, 0]);
    expect(readGpsPosition(b)).toEqual({ lat: -6.15, lon: 106 });
    expect(readGpsPosition(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), b]))).toEqual({ lat: -6.15, lon: 106 });
    // a zero denominator, or an out-of-range minute, is no position at all
    b.writeUInt32BE(0, 104);
    expect(readGpsPosition(b)).toBeUndefined();
  });

  it('finds nothing in a photo without GPS, and never throws on garbage (property)', async () => {
    const { exif } = await sharp(await cameraJpeg()).metadata();
    expect(exif).toBeDefined();
    expect(readGpsPosition(exif)).toBeUndefined();
    expect(readGpsPosition(undefined)).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, prefix) => {
        const buf = Buffer.concat([Buffer.from(prefix ? 'Exif\0\0II*\0\x08\0\0\0' : 'MM\0*\0\0\0\x08', 'latin1'), Buffer.from(bytes)]);
        readGpsPosition(buf);
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('tells positions inside the jurisdiction from those outside, and rounds to six decimals', () => {
    expect(insideBox({ lat: -6.15, lon: 106.0 }, serang)).toBe(true);
    expect(insideBox({ lat: -6.2, lon: 106.8 }, serang)).toBe(false); // Jakarta
    expect(insideBox({ lat: 6.15, lon: 106.0 }, serang)).toBe(false); // hemisphere mix-up
    expect(roundPosition({ lat: -6.123456789, lon: 106.000000449 })).toEqual({ lat: -6.123457, lon: 106 });
  });
});

describe('photoViews', () => {
  const report = {
    photos: [
      { id: 'a'.repeat(20), kind: 'report' as const, key: 'public/X/a.jpg', thumbKey: 'public/X/a-thumb.jpg', width: 1600, height: 1200, createdAt: '2026-11-20T02:00:00.000Z' },
      { id: 'b'.repeat(20), kind: 'completion' as const, key: 'public/X/b.jpg', thumbKey: 'public/X/b-thumb.jpg', width: 900, height: 1600, createdAt: '2026-11-21T02:00:00.000Z' },
    ],
  };
  const signer = async (key: string) => `https://bucket.example/${key}?sig=1`;

  it('lists every photo with signed URLs of the rendition and thumbnail, never of the original', async () => {
    const views = await photoViews(report, signer);
    expect(views).toEqual([
      { id: 'a'.repeat(20), kind: 'report', url: 'https://bucket.example/public/X/a.jpg?sig=1', thumbnailUrl: 'https://bucket.example/public/X/a-thumb.jpg?sig=1', width: 1600, height: 1200, createdAt: '2026-11-20T02:00:00.000Z' },
      { id: 'b'.repeat(20), kind: 'completion', url: 'https://bucket.example/public/X/b.jpg?sig=1', thumbnailUrl: 'https://bucket.example/public/X/b-thumb.jpg?sig=1', width: 900, height: 1600, createdAt: '2026-11-21T02:00:00.000Z' },
    ]);
    expect(JSON.stringify(views)).not.toContain('uploads/');
  });

  it('filters by kind and copes with a report without photos', async () => {
    expect((await photoViews(report, signer, { kinds: ['completion'] })).map((v) => v.kind)).toEqual(['completion']);
    expect(await photoViews({}, signer)).toEqual([]);
  });
});
