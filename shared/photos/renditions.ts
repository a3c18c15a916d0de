/**
 * From an untrusted upload to what the public may see: check the bytes really are a JPEG, PNG or WebP image
 * of sane dimensions, apply the camera's orientation, and re-encode without any metadata.
 *
 * - The type comes from the file's own signature, then from sharp's decoder; never from the name or the
 *   Content-Type the client sent. Only the three allowed decoders are ever handed the bytes: anything else
 *   (SVG, TIFF, HEIF, PDF, GIF, text) is refused before sharp parses it.
 * - `limitInputPixels` makes sharp refuse, from the header alone, an image that would decode to more than
 *   MAX_INPUT_PIXELS (a decompression bomb is a few KB declaring 30000×30000).
 * - Metadata: sharp writes none (no EXIF, GPS, XMP, IPTC, ICC, maker notes) unless keepMetadata/withMetadata/
 *   keepExif/withExif/keepIccProfile is called, which this file never does; pixels are converted to sRGB.
 *   The tests read every output back with an EXIF reader to hold that true.
 */
import sharp, { type Metadata } from 'sharp';
import { readGpsPosition, type GpsPosition } from './exif-gps';
import { MAX_INPUT_PIXELS, MAX_UPLOAD_BYTES, RENDITION_MAX_SIDE, THUMBNAIL_MAX_SIDE, type AllowedFormat } from './photo';

export type RejectReason =
  /** more bytes than MAX_UPLOAD_BYTES */
  | 'too-large'
  /** not a JPEG, PNG or WebP file by its signature (another image type, text, anything) */
  | 'not-an-allowed-image'
  /** dimensions above MAX_INPUT_PIXELS */
  | 'too-many-pixels'
  /** the signature says one thing, the decoder another, or the decoder fails (truncated, corrupt) */
  | 'undecodable';

export interface Rendered {
  data: Buffer;
  width: number;
  height: number;
}

export interface RenderedPhoto {
  format: AllowedFormat;
  rendition: Rendered;
  thumbnail: Rendered;
  /** the camera's GPS position, from the original's EXIF; the renditions carry none */
  gps?: GpsPosition;
}

export type RenderResult = { ok: true; photo: RenderedPhoto } | { ok: false; reason: RejectReason; detail?: string };

export interface RenderOptions {
  maxBytes?: number;
  maxPixels?: number;
  /** upper bound on the time sharp spends on one output */
  timeoutSeconds?: number;
}

/** The format by the file's leading bytes: JPEG SOI marker, the PNG signature, or a RIFF/WEBP container. */
export function sniffFormat(bytes: Buffer): AllowedFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

const JPEG_OUT = { quality: 80, mozjpeg: true } as const;

export async function renderPhoto(bytes: Buffer, options: RenderOptions = {}): Promise<RenderResult> {
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const maxPixels = options.maxPixels ?? MAX_INPUT_PIXELS;
  const timeout = { seconds: options.timeoutSeconds ?? 20 };
  if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes` };
  const sniffed = sniffFormat(bytes);
  if (!sniffed) return { ok: false, reason: 'not-an-allowed-image' };

  // failOn 'warning' (the default, stated): a truncated or damaged file is refused, not half-rendered
  const input = { limitInputPixels: maxPixels, failOn: 'warning' as const };
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, input).metadata();
  } catch (err) {
    return decodeFailure(err);
  }
  if (metadata.format !== sniffed) return { ok: false, reason: 'undecodable', detail: `signature ${sniffed}, decoded as ${metadata.format}` };
  if (metadata.width * metadata.height > maxPixels) return { ok: false, reason: 'too-many-pixels', detail: `${metadata.width}x${metadata.height}` };

  try {
    // the first frame of an animated WebP; transparency over white, as JPEG has none
    const rendition = await sharp(bytes, input)
      .autoOrient()
      .resize({ width: RENDITION_MAX_SIDE, height: RENDITION_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg(JPEG_OUT)
      .timeout(timeout)
      .toBuffer({ resolveWithObject: true });
    // from the rendition, not the original: a 1600 px decode instead of up to 40 MP, and it is already upright
    const thumbnail = await sharp(rendition.data)
      .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg(JPEG_OUT)
      .timeout(timeout)
      .toBuffer({ resolveWithObject: true });
    const gps = readGpsPosition(metadata.exif);
    return {
      ok: true,
      photo: {
        format: sniffed,
        rendition: { data: rendition.data, width: rendition.info.width, height: rendition.info.height },
        thumbnail: { data: thumbnail.data, width: thumbnail.info.width, height: thumbnail.info.height },
        ...(gps && { gps }),
      },
    };
  } catch (err) {
    return decodeFailure(err);
  }
}

function decodeFailure(err: unknown): RenderResult {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return { ok: false, reason: 'too-many-pixels', detail: message };
  return { ok: false, reason: 'undecodable', detail: message };
}
