/**
 * Geohash cells for "already reported nearby?": a precision-6 cell is about 1.2 km × 0.6 km.
 * Encoding is a dozen lines of bit interleaving; a dependency would be larger than the code.
 */
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export function geohash(lat: number, lon: number, precision = 6): string {
  let latRange = [-90, 90] as [number, number];
  let lonRange = [-180, 180] as [number, number];
  let hash = '';
  let bits = 0;
  let bitCount = 0;
  let even = true;
  while (hash.length < precision) {
    const range = even ? lonRange : latRange;
    const value = even ? lon : lat;
    const mid = (range[0] + range[1]) / 2;
    bits = (bits << 1) | (value >= mid ? 1 : 0);
    if (value >= mid) range[0] = mid;
    else range[1] = mid;
    if (even) lonRange = range;
    else latRange = range;
    even = !even;
    if (++bitCount === 5) {
      hash += BASE32[bits];
      bits = 0;
      bitCount = 0;
    }
  }
  return hash;
}
