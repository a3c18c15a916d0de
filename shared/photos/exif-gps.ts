/**
 * Reads the GPS position out of a raw EXIF block (as sharp's `metadata().exif` returns it), and nothing else.
 *
 * Why a small reader here instead of a library: the processor needs four tags, from bytes an untrusted client
 * chose. A reader that follows only IFD0 → GPS IFD, checks every offset against the buffer and gives up on
 * anything odd is short enough to review, and keeps a dependency out of the Lambda bundle. The tests hold it
 * against exifr, a full EXIF reader.
 */

export interface GpsPosition {
  lat: number;
  lon: number;
}

const GPS_IFD_POINTER = 0x8825;
const GPS_LATITUDE_REF = 0x0001;
const GPS_LATITUDE = 0x0002;
const GPS_LONGITUDE_REF = 0x0003;
const GPS_LONGITUDE = 0x0004;

const TYPE_ASCII = 2;
const TYPE_LONG = 4;
const TYPE_RATIONAL = 5;
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

/** A real IFD has a few dozen entries; more means garbage, and bounds the work. */
const MAX_ENTRIES = 512;

interface Entry {
  type: number;
  count: number;
  /** where the value starts, relative to the TIFF header */
  valueOffset: number;
}

class Tiff {
  constructor(
    private readonly buf: Buffer,
    private readonly little: boolean,
  ) {}

  fits(offset: number, length: number): boolean {
    return Number.isInteger(offset) && offset >= 0 && length >= 0 && offset + length <= this.buf.length;
  }
  u16(offset: number): number | undefined {
    if (!this.fits(offset, 2)) return undefined;
    return this.little ? this.buf.readUInt16LE(offset) : this.buf.readUInt16BE(offset);
  }
  u32(offset: number): number | undefined {
    if (!this.fits(offset, 4)) return undefined;
    return this.little ? this.buf.readUInt32LE(offset) : this.buf.readUInt32BE(offset);
  }

  /** The entries of the IFD at `offset`, by tag; undefined if it does not fit the buffer. */
  ifd(offset: number): Map<number, Entry> | undefined {
    const count = this.u16(offset);
    if (count === undefined || count > MAX_ENTRIES || !this.fits(offset + 2, count * 12)) return undefined;
    const entries = new Map<number, Entry>();
    for (let i = 0; i < count; i++) {
      const at = offset + 2 + i * 12;
      const tag = this.u16(at)!;
      const type = this.u16(at + 2)!;
      const n = this.u32(at + 4)!;
      const size = TYPE_SIZES[type];
      if (size === undefined) continue;
      const valueOffset = n * size <= 4 ? at + 8 : this.u32(at + 8)!;
      if (!this.fits(valueOffset, n * size)) continue;
      if (!entries.has(tag)) entries.set(tag, { type, count: n, valueOffset });
    }
    return entries;
  }

  ascii(entry: Entry | undefined): string | undefined {
    if (!entry || entry.type !== TYPE_ASCII || entry.count < 1) return undefined;
    return this.buf.toString('latin1', entry.valueOffset, entry.valueOffset + entry.count).replace(/\0.*$/s, '');
  }

  /** degrees, minutes, seconds as three unsigned rationals, to decimal degrees */
  degrees(entry: Entry | undefined): number | undefined {
    if (!entry || entry.type !== TYPE_RATIONAL || entry.count !== 3) return undefined;
    const parts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const num = this.u32(entry.valueOffset + i * 8);
      const den = this.u32(entry.valueOffset + i * 8 + 4);
      if (num === undefined || den === undefined || den === 0) return undefined;
      parts.push(num / den);
    }
    const [d = 0, m = 0, s = 0] = parts;
    // exactly 60 is a rounding artefact some tools write (exiftool: 106.30 as 106° 17' 60"): it adds up right
    if (m > 60 || s > 60) return undefined;
    return d + m / 60 + s / 3600;
  }
}

/** The TIFF structure inside an EXIF block, with or without the `Exif\0\0` prefix JPEG's APP1 segment has. */
function openTiff(exif: Buffer): { tiff: Tiff; ifd0: number } | undefined {
  let buf = exif;
  if (buf.length >= 6 && buf.toString('latin1', 0, 6) === 'Exif\0\0') buf = buf.subarray(6);
  if (buf.length < 8) return undefined;
  const order = buf.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const tiff = new Tiff(buf, order === 'II');
  if (tiff.u16(2) !== 42) return undefined;
  const ifd0 = tiff.u32(4);
  return ifd0 === undefined ? undefined : { tiff, ifd0 };
}

/** The position the camera recorded, or undefined when there is none or it cannot be read with confidence. */
export function readGpsPosition(exif: Buffer | undefined): GpsPosition | undefined {
  if (!exif) return undefined;
  const opened = openTiff(exif);
  if (!opened) return undefined;
  const { tiff, ifd0 } = opened;
  const pointer = tiff.ifd(ifd0)?.get(GPS_IFD_POINTER);
  if (!pointer || pointer.type !== TYPE_LONG || pointer.count !== 1) return undefined;
  const gpsOffset = tiff.u32(pointer.valueOffset);
  const gps = gpsOffset === undefined ? undefined : tiff.ifd(gpsOffset);
  if (!gps) return undefined;

  const latRef = tiff.ascii(gps.get(GPS_LATITUDE_REF))?.toUpperCase();
  const lonRef = tiff.ascii(gps.get(GPS_LONGITUDE_REF))?.toUpperCase();
  const lat = tiff.degrees(gps.get(GPS_LATITUDE));
  const lon = tiff.degrees(gps.get(GPS_LONGITUDE));
  if (lat === undefined || lon === undefined || (latRef !== 'N' && latRef !== 'S') || (lonRef !== 'E' && lonRef !== 'W')) return undefined;
  if (lat > 90 || lon > 180) return undefined;
  return { lat: latRef === 'S' ? -lat : lat, lon: lonRef === 'W' ? -lon : lon };
}

export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export const insideBox = (p: GpsPosition, box: BoundingBox): boolean =>
  p.lat >= box.south && p.lat <= box.north && p.lon >= box.west && p.lon <= box.east;

/** Six decimals (about 10 cm): more than any phone's GPS is worth, less noise in the record. */
export const roundPosition = (p: GpsPosition): GpsPosition => ({ lat: Math.round(p.lat * 1e6) / 1e6, lon: Math.round(p.lon * 1e6) / 1e6 });
