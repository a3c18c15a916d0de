/**
 * The little plane geometry the boundary lookup needs on top of the libraries: a local equirectangular projection
 * to metres (over one regency, 0.2 % at most off a true distance: plenty for a 1 km snap and a 250 m radius) and
 * great-circle distance between two points for what citizens are shown.
 */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export interface LatLon {
  lat: number;
  lon: number;
}

/** Metres between two points (haversine). */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Metres from a point to a latitude/longitude box: to the box's nearest corner or edge, 0 inside it. */
export function distanceToBoxMeters(p: LatLon, box: { south: number; west: number; north: number; east: number }): number {
  return distanceMeters(p, { lat: Math.min(Math.max(p.lat, box.south), box.north), lon: Math.min(Math.max(p.lon, box.west), box.east) });
}

/** x/y in metres around a reference latitude: [lon, lat] → [x, y]. */
export function localProjection(refLat: number) {
  const metresPerDegLat = EARTH_RADIUS_M * RAD;
  const metresPerDegLon = metresPerDegLat * Math.cos(refLat * RAD);
  return (lon: number, lat: number): [number, number] => [lon * metresPerDegLon, lat * metresPerDegLat];
}

/** Distance from point p to segment ab, all in projected metres. */
export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
