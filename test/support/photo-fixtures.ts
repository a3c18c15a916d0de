/**
 * Real image files for the photo tests, made on the spot with sharp (and, for the bomb, by hand).
 * Not a test file itself: the unit and integration photo tests import it.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

export interface CameraJpegOptions {
  /** stored pixel size, before orientation */
  width?: number;
  height?: number;
  orientation?: number;
  gps?: { lat: number; lon: number };
}

const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Budi Santoso"/></rdf:RDF></x:xmpmeta>';

/** "d/1 m/1 s/100" as libvips writes EXIF rationals */
function dms(value: number): string {
  const abs = Math.abs(value);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
}

/** A JPEG COM segment, inserted after SOI: free text a phone app might leave (here: a name and number). */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const header = Buffer.from([0xff, 0xfe, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

/**
 * What a phone camera sends: EXIF with make, model, orientation and GPS, an XMP packet, an ICC profile and a
 * comment. The left half of the stored pixels is red, the right half blue, so orientation can be checked.
 */
export async function cameraJpeg(options: CameraJpegOptions = {}): Promise<Buffer> {
  const width = options.width ?? 400;
  const height = options.height ?? 200;
  const half = Math.floor(width / 2);
  const red = await sharp({ create: { width: half, height, channels: 3, background: { r: 220, g: 20, b: 20 } } }).png().toBuffer();
  const exif: Record<string, Record<string, string>> = {
    IFD0: { Make: 'TestCam', Model: 'Serang X1', Software: 'CameraApp 1.0' },
    IFD2: { DateTimeOriginal: '2026:11:20 09:15:00', BodySerialNumber: 'SN-0812345' },
  };
  if (options.gps) {
    exif.IFD3 = {
      GPSLatitudeRef: options.gps.lat < 0 ? 'S' : 'N',
      GPSLatitude: dms(options.gps.lat),
      GPSLongitudeRef: options.gps.lon < 0 ? 'W' : 'E',
      GPSLongitude: dms(options.gps.lon),
    };
  }
  const jpeg = await sharp({ create: { width, height, channels: 3, background: { r: 20, g: 20, b: 220 } } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif(exif)
    .withMetadata({ orientation: options.orientation ?? 1 })
    .withXmp(XMP)
    .toBuffer();
  return withComment(jpeg, 'Budi Santoso 0812-3456-7890');
}

export const pngWithAlpha = (width = 300, height = 200) =>
  sharp({ create: { width, height, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } }).png().toBuffer();

export const webpImage = (width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 200 } } }).webp().toBuffer();

export const gifImage = () => sharp({ create: { width: 20, height: 20, channels: 3, background: '#ff0' } }).gif().toBuffer();

export const svgImage = () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>');

/** A text file, as if named `foto.jpg`. */
export const textFile = () => Buffer.from('Ini bukan foto, hanya teks dengan nama foto.jpg\n');

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a valid PNG of about 100 KB that declares 30000×30000 pixels (900 MP, 1-bit grey),
 * every row compressed zeros. Decoded to RGBA it would need 3.6 GB.
 */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte + packed pixels
  const data = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', data),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every kind of metadata exifr can read; undefined when the file carries none. */
export const EXIFR_EVERYTHING = { tiff: true, exif: true, gps: true, interop: true, ifd1: true, xmp: true, icc: true, iptc: true, jfif: false, ihdr: false, makerNote: true, userComment: true } as const;
