/**
 * The geohash cell of a point and the eight around it: every report within a precision-6 cell's shorter side
 * (about 600 m here) of the point lies in one of these nine, whichever edge of its own cell the point is near.
 */
import { geohash } from './geohash';

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** [south, west, north, east] of a cell. */
export function geohashBounds(hash: string): [number, number, number, number] {
  let lat: [number, number] = [-90, 90];
  let lon: [number, number] = [-180, 180];
  let even = true;
  for (const ch of hash) {
    const bits = BASE32.indexOf(ch);
    if (bits < 0) throw new Error(`not a geohash: ${hash}`);
    for (let b = 4; b >= 0; b--) {
      const range = even ? lon : lat;
      const mid = (range[0] + range[1]) / 2;
      if ((bits >> b) & 1) range[0] = mid;
      else range[1] = mid;
      even = !even;
    }
  }
  return [lat[0], lon[0], lat[1], lon[1]];
}

/** The cell of the point first, then its neighbours (fewer at the poles; longitude wraps). */
export function cellAndNeighbours(lat: number, lon: number, precision = 6): string[] {
  const own = geohash(lat, lon, precision);
  const [s, w, n, e] = geohashBounds(own);
  const [cLat, cLon, h, wd] = [(s + n) / 2, (w + e) / 2, n - s, e - w];
  const cells = [own];
  for (const dy of [-1, 0, 1]) {
    for (const dx of [-1, 0, 1]) {
      const la = cLat + dy * h;
      if ((dx === 0 && dy === 0) || la > 90 || la < -90) continue;
      const lo = ((cLon + dx * wd + 540) % 360) - 180;
      const cell = geohash(la, lo, precision);
      if (!cells.includes(cell)) cells.push(cell);
    }
  }
  return cells;
}

/** Metres of a precision-6 cell's shorter side at a latitude: the largest radius the nine cells always cover. */
export function coveredRadiusMeters(lat: number, precision = 6): number {
  const [s, w, n, e] = geohashBounds(geohash(lat, 0, precision));
  return Math.min((n - s) * 111_195, (e - w) * 111_195 * Math.cos((lat * Math.PI) / 180));
}
