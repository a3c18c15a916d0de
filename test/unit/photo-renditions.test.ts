/**
 * The sharp pipeline with real files: what the public sees carries no metadata at all (read back with exifr
 * and sharp, and searched byte by byte), stands the right way up, and has bounded size; bad files are refused.
 */
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderPhoto, sniffFormat, type RenderedPhoto } from '../../shared/photos/renditions';
import { cameraJpeg, EXIFR_EVERYTHING, gifImage, pngBomb, pngWithAlpha, svgImage, textFile, webpImage } from '../support/photo-fixtures';

async function accepted(bytes: Buffer): Promise<RenderedPhoto> {
  const result = await renderPhoto(bytes);
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.detail ?? ''}`);
  return result.photo;
}

/** No metadata of any kind, by three independent looks. */
async function expectNoMetadata(jpeg: Buffer) {
  expect(await exifr.parse(jpeg, EXIFR_EVERYTHING)).toBeUndefined();
  const meta = await sharp(jpeg).metadata();
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  expect(meta.comments ?? []).toEqual([]);
  const text = jpeg.toString('latin1');
  for (const marker of ['Exif\0\0', 'http://ns.adobe.com/xap', 'ICC_PROFILE', 'Photoshop 3.0', 'TestCam', 'Serang X1', 'SN-0812345', 'Budi', '0812'])
    expect(text.includes(marker), marker).toBe(false);
  // JPEG segments: only JFIF (APP0) may precede the frame; no APP1..APP15, no COM
  for (let i = 2; i + 3 < jpeg.length && jpeg[i] === 0xff; ) {
    const marker = jpeg[i + 1]!;
    if (marker === 0xda) break;
    expect(marker === 0xfe || (marker >= 0xe1 && marker <= 0xef), `segment 0x${marker.toString(16)}`).toBe(false);
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
}

describe('a photo from a phone camera (EXIF with GPS and orientation 6, XMP, ICC, a comment)', () => {
  it('the original really carries all of it (the fixture is what it claims)', async () => {
    const original = await cameraJpeg({ gps: { lat: -6.15, lon: 106.0 }, orientation: 6 });
    const tags = await exifr.parse(original, EXIFR_EVERYTHING);
    expect(tags).toMatchObject({ Make: 'TestCam', Model: 'Serang X1', Orientation: 'Rotate 90 CW', creator: 'Budi Santoso' });
    expect(tags.latitude).toBeCloseTo(-6.15, 5);
    const meta = await sharp(original).metadata();
    expect(meta.icc).toBeDefined();
    expect(original.toString('latin1')).toContain('Budi Santoso 0812-3456-7890');
  });

  it('becomes a rendition and a thumbnail with no metadata at all', async () => {
    const photo = await accepted(await cameraJpeg({ gps: { lat: -6.15, lon: 106.0 }, orientation: 6 }));
    await expectNoMetadata(photo.rendition.data);
    await expectNoMetadata(photo.thumbnail.data);
    expect(photo.format).toBe('jpeg');
  });

  it('stands the right way up: 400×200 stored with orientation 6 becomes 200×400, red on top', async () => {
    const photo = await accepted(await cameraJpeg({ width: 400, height: 200, orientation: 6 }));
    expect([photo.rendition.width, photo.rendition.height]).toEqual([200, 400]);
    const meta = await sharp(photo.rendition.data).metadata();
    expect([meta.width, meta.height]).toEqual([200, 400]);
    // stored: left half red, right half blue; turned 90° clockwise the left edge becomes the top
    const { data, info } = await sharp(photo.rendition.data).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [r1, , b1] = pixel(100, 50);
    const [r2, , b2] = pixel(100, 350);
    expect(r1).toBeGreaterThan(150);
    expect(b1).toBeLessThan(100);
    expect(b2).toBeGreaterThan(150);
    expect(r2).toBeLessThan(100);
  });

  it('hands the GPS position to the caller (for staff), taken from the original', async () => {
    const photo = await accepted(await cameraJpeg({ gps: { lat: -6.118611, lon: 106.150278 } }));
    expect(photo.gps!.lat).toBeCloseTo(-6.118611, 5);
    expect(photo.gps!.lon).toBeCloseTo(106.150278, 5);
    expect((await accepted(await cameraJpeg())).gps).toBeUndefined();
  });
});

describe('sizes', () => {
  it('scales a large photo to 1600 px on its longest side, and the thumbnail to 320', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const photo = await accepted(big);
    expect([photo.rendition.width, photo.rendition.height]).toEqual([1600, 1200]);
    expect([photo.thumbnail.width, photo.thumbnail.height]).toEqual([320, 240]);
  });

  it('never enlarges a small photo', async () => {
    const photo = await accepted(await webpImage(200, 100));
    expect([photo.rendition.width, photo.rendition.height]).toEqual([200, 100]);
    expect([photo.thumbnail.width, photo.thumbnail.height]).toEqual([200, 100]);
  });
});

describe('the other allowed types', () => {
  it('turns a PNG with transparency into a JPEG over white', async () => {
    const photo = await accepted(await pngWithAlpha());
    expect(photo.format).toBe('png');
    const meta = await sharp(photo.rendition.data).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', hasAlpha: false, width: 300, height: 200 });
    await expectNoMetadata(photo.rendition.data);
  });

  it('turns a WebP into a JPEG', async () => {
    const photo = await accepted(await webpImage());
    expect(photo.format).toBe('webp');
    expect((await sharp(photo.rendition.data).metadata()).format).toBe('jpeg');
  });
});

describe('refusals', () => {
  it('refuses a text file, whatever it is called', async () => {
    expect(await renderPhoto(textFile())).toEqual({ ok: false, reason: 'not-an-allowed-image' });
  });

  const others: Array<[string, () => Promise<Buffer> | Buffer]> = [
    ['GIF', gifImage],
    ['SVG', svgImage],
    ['TIFF', () => sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).tiff().toBuffer()],
  ];
  it.each(others)('refuses a %s image before any decoder sees it', async (_name, make) => {
    expect(await renderPhoto(await make())).toEqual({ ok: false, reason: 'not-an-allowed-image' });
  });

  it('refuses a decompression bomb from its header, quickly and without decoding it', async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(200_000);
    const started = Date.now();
    const result = await renderPhoto(bomb);
    expect(result).toMatchObject({ ok: false, reason: 'too-many-pixels' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a file over 10 MB before looking at it', async () => {
    const big = Buffer.concat([await cameraJpeg(), Buffer.alloc(10 * 1024 * 1024)]);
    expect(await renderPhoto(big)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('refuses a truncated JPEG and a file whose signature lies', async () => {
    const full = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).jpeg().toBuffer();
    expect(await renderPhoto(full.subarray(0, full.length / 2))).toMatchObject({ ok: false, reason: 'undecodable' });
    // a JPEG start marker in front of a PNG
    const liar = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), await pngWithAlpha()]);
    expect(await renderPhoto(liar)).toMatchObject({ ok: false, reason: 'undecodable' });
  });

  it('knows the three signatures', async () => {
    expect(sniffFormat(await cameraJpeg())).toBe('jpeg');
    expect(sniffFormat(await pngWithAlpha())).toBe('png');
    expect(sniffFormat(await webpImage())).toBe('webp');
    expect(sniffFormat(Buffer.alloc(0))).toBeUndefined();
  });
});
