/** GPS positions as real tools write them: exiftool writes 106.30 as 106° 17′ 60″. */
import { describe, expect, it } from 'vitest';
import { readGpsPosition, roundPosition } from '../../shared/photos/exif-gps';

/** A hand-made TIFF (Motorola order): IFD0 with a GPS pointer; a GPS IFD with the given rationals. */
function tiff(lat: [number, number, number], lon: [number, number, number], denominators: [number, number, number] = [1, 1, 1]): Buffer {
  const b = Buffer.alloc(200);
  b.write('MM', 0, 'latin1');
  b.writeUInt16BE(42, 2);
  b.writeUInt32BE(8, 4);
  b.writeUInt16BE(1, 8);
  b.writeUInt16BE(0x8825, 10);
  b.writeUInt16BE(4, 12);
  b.writeUInt32BE(1, 14);
  b.writeUInt32BE(26, 18);
  b.writeUInt16BE(4, 26);
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
  const rationals = (at: number, values: number[]) =>
    values.forEach((v, i) => (b.writeUInt32BE(v, at + i * 8), b.writeUInt32BE(denominators[i]!, at + i * 8 + 4)));
  rationals(100, lat);
  rationals(124, lon);
  return b;
}

describe('GPS minutes and seconds of exactly 60', () => {
  it('reads 106° 17′ 60″ as 106.3', () => {
    expect(roundPosition(readGpsPosition(tiff([6, 9, 0], [106, 17, 60]))!)).toEqual({ lat: -6.15, lon: 106.3 });
  });
  it('reads 6° 60′ 0″ as 7°', () => {
    expect(readGpsPosition(tiff([6, 60, 0], [106, 0, 0]))).toEqual({ lat: -7, lon: 106 });
  });
  it('reads 59.999 seconds written as a rational', () => {
    expect(roundPosition(readGpsPosition(tiff([6, 8, 59_999], [106, 0, 0], [1, 1, 1000]))!).lat).toBeCloseTo(-6.15, 4);
  });
  it('still refuses values past 60', () => {
    expect(readGpsPosition(tiff([6, 9, 61], [106, 0, 0]))).toBeUndefined();
    expect(readGpsPosition(tiff([6, 61, 0], [106, 0, 0]))).toBeUndefined();
    expect(readGpsPosition(tiff([6, 9, 60_001], [106, 0, 0], [1, 1, 1000]))).toBeUndefined();
  });
});
