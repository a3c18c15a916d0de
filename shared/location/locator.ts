/**
 * Where is a point? The kecamatan of the jurisdiction it lies in, or the neighbouring regency or city, or nothing.
 *
 * Polygons come from the jurisdiction configuration (shared/config/places.ts), joined on the Kemendagri code, not
 * on names or slugs, which differ between sources (the data's `waringinkurung` is our `waringin-kurung`).
 *
 *   1. each polygon part's bounding box, then @turf/boolean-point-in-polygon (holes and islands handled): kecamatan
 *      first, then the neighbours' outlines (the jurisdiction's own outline is the union of its kecamatan)
 *   2. outside every polygon (a beach, a pier, the sea by the coast: simplification moves coastlines by tens of
 *      metres): the nearest border segment within `snapMeters`, found in a flatbush index over every segment, decides
 *   3. else: nowhere we know
 *
 * Creating the locator from GeoJSON parses it and notes each part's bounding box (locally and in tests); a function
 * bundle gets the parts prepared at build time and parses a part's rings at the first point inside its box (see
 * PreparedBoundaries). The snap index is built at the first point outside every polygon.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Jurisdiction, Localized } from '../config/jurisdiction';
import type { Neighbour } from '../config/places';
import { localProjection, pointSegmentDistance, type LatLon } from './geometry';

export interface LocatedDistrict {
  code: string;
  officialCode: string;
  name: Localized;
}

export interface Location {
  inJurisdiction: boolean;
  district: LocatedDistrict | null;
  neighbour: Neighbour | null;
  /** metres to the polygon the point was snapped to; absent when the point lies inside it */
  snappedMeters?: number;
}

type Ring = number[][];
type PolygonCoords = Ring[];

interface Part {
  /** index into places */
  place: number;
  bbox: [number, number, number, number];
  /** a getter on prepared boundaries: the rings are parsed at the first point inside the box */
  readonly coordinates: PolygonCoords;
}

type Place = { kind: 'district'; district: LocatedDistrict } | { kind: 'neighbour'; neighbour: Neighbour };

/**
 * The boundaries as the build ships them to a function that locates (shared/config/shipped-jurisdiction.ts):
 * checked, each polygon part with its bounding box, its rings as JSON text. A cold start then parses no polygon;
 * a point parses the few parts whose box holds it, and only a point outside every polygon (the snap) parses all.
 */
export interface PreparedBoundaries {
  places: Place[];
  parts: { place: number; bbox: [number, number, number, number]; rings: string }[];
}

/** The configured boundaries, as read from the repository (GeoJSON) or from a bundle's configuration (prepared). */
export type LocatorBoundaries = NonNullable<Jurisdiction['boundaries']> & { prepared?: PreparedBoundaries };

type BoundarySource = Pick<Jurisdiction, 'districts' | 'neighbours' | 'boundingBox'> & { boundaries?: LocatorBoundaries | undefined };

interface Feature {
  properties?: { code?: unknown } | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

export class BoundaryError extends Error {}

function parseCollection(text: string, what: string): Feature[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BoundaryError(`${what}: not JSON (${(err as Error).message})`);
  }
  const fc = value as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new BoundaryError(`${what}: not a GeoJSON FeatureCollection`);
  return fc.features as Feature[];
}

function polygonsOf(feature: Feature, what: string): PolygonCoords[] {
  const g = feature.geometry;
  const ok = (rings: unknown): rings is PolygonCoords =>
    Array.isArray(rings) && rings.length > 0 && rings.every((r) => Array.isArray(r) && r.length >= 4 && r.every((p) => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number'));
  if (g?.type === 'Polygon' && ok(g.coordinates)) return [g.coordinates];
  if (g?.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.every(ok)) return g.coordinates as PolygonCoords[];
  throw new BoundaryError(`${what}: feature ${String(feature.properties?.code)} is not a valid Polygon or MultiPolygon`);
}

// An index loop: destructuring each point in a for-of loop cost milliseconds over the regency's thousands of points
// (once per part, where the GeoJSON is read: at build time, and in local runs and tests).
function bboxOf(rings: PolygonCoords): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const outer = rings[0]!;
  for (let i = 0; i < outer.length; i++) {
    const lon = outer[i]![0]!;
    const lat = outer[i]![1]!;
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return [w, s, e, n];
}

export type Locator = (point: LatLon) => Location;

/** The places and polygon parts of a jurisdiction's GeoJSON; throws BoundaryError naming what does not fit together. */
function collectParts(j: BoundarySource): { places: Place[]; parts: Part[] } {
  const b = j.boundaries;
  if (!b?.districtsGeoJson) throw new BoundaryError('The jurisdiction configuration has no boundaries');
  const places: Place[] = [];
  const parts: Part[] = [];

  const districtByOfficial = new Map(j.districts.filter((d) => d.officialCode).map((d) => [d.officialCode!, d]));
  const seen = new Set<string>();
  for (const f of parseCollection(b.districtsGeoJson, 'boundaries.districts')) {
    const official = String(f.properties?.code ?? '');
    const d = districtByOfficial.get(official);
    if (!d) throw new BoundaryError(`boundaries.districts: polygon ${official} is no configured district (give the district officialCode ${official})`);
    if (seen.has(official)) throw new BoundaryError(`boundaries.districts: two polygons for ${official}`);
    seen.add(official);
    places.push({ kind: 'district', district: { code: d.code, officialCode: official, name: d.name } });
    for (const coordinates of polygonsOf(f, 'boundaries.districts')) parts.push({ place: places.length - 1, bbox: bboxOf(coordinates), coordinates });
  }
  const missing = j.districts.filter((d) => !d.officialCode || !seen.has(d.officialCode)).map((d) => d.code);
  if (missing.length > 0) throw new BoundaryError(`boundaries.districts: no polygon for district(s) ${missing.join(', ')}`);

  const neighbourByOfficial = new Map(j.neighbours.map((n) => [n.officialCode, n]));
  const found = new Set<string>();
  if (b.regionsGeoJson) {
    for (const f of parseCollection(b.regionsGeoJson, 'boundaries.regions')) {
      const official = String(f.properties?.code ?? '');
      const n = neighbourByOfficial.get(official);
      // the jurisdiction's own outline, and regions nobody configured an office for, are not neighbours
      if (!n || official === b.officialCode) continue;
      found.add(official);
      places.push({ kind: 'neighbour', neighbour: n });
      for (const coordinates of polygonsOf(f, 'boundaries.regions')) parts.push({ place: places.length - 1, bbox: bboxOf(coordinates), coordinates });
    }
  }
  const noOutline = j.neighbours.filter((n) => !found.has(n.officialCode)).map((n) => n.code);
  if (noOutline.length > 0) throw new BoundaryError(`boundaries.regions: no outline for neighbour(s) ${noOutline.join(', ')}`);
  return { places, parts };
}

/** At build time: the boundaries checked and cut into parts for a bundle (see PreparedBoundaries). */
export function prepareBoundaries(j: BoundarySource): PreparedBoundaries {
  const { places, parts } = collectParts(j);
  return { places, parts: parts.map(({ place, bbox, coordinates }) => ({ place, bbox, rings: JSON.stringify(coordinates) })) };
}

function partsOf(prepared: PreparedBoundaries): Part[] {
  return prepared.parts.map(({ place, bbox, rings }) => {
    let coordinates: PolygonCoords | undefined;
    return {
      place,
      bbox,
      get coordinates() {
        return (coordinates ??= JSON.parse(rings) as PolygonCoords);
      },
    };
  });
}

/**
 * Builds the lookup for a jurisdiction, from the boundaries a bundle ships prepared or else from its GeoJSON; throws
 * BoundaryError naming what does not fit together.
 */
export function createLocator(j: BoundarySource): Locator {
  const prepared = j.boundaries?.prepared;
  const { places, parts } = prepared ? { places: prepared.places, parts: partsOf(prepared) } : collectParts(j);
  const snapMeters = j.boundaries!.snapMeters;

  // Every border segment in metres, for the snap: built at the first point that needs it (most points lie inside a
  // polygon), in flat typed arrays, so a cold start pays for neither.
  const { south, north } = j.boundingBox;
  const project = localProjection((south + north) / 2);
  let snapIndex: { index: Flatbush; coords: Float64Array; placeOf: Uint16Array } | undefined;
  const buildSnapIndex = () => {
    let n = 0;
    for (const part of parts) for (const ring of part.coordinates) n += ring.length - 1;
    const coords = new Float64Array(n * 4);
    const placeOf = new Uint16Array(n);
    const index = new Flatbush(n);
    let k = 0;
    for (const part of parts) {
      for (const ring of part.coordinates) {
        let [ax, ay] = project(ring[0]![0]!, ring[0]![1]!);
        for (let i = 1; i < ring.length; i++, k++) {
          const [bx, by] = project(ring[i]![0]!, ring[i]![1]!);
          coords.set([ax, ay, bx, by], k * 4);
          placeOf[k] = part.place;
          index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
          [ax, ay] = [bx, by];
        }
      }
    }
    index.finish();
    return { index, coords, placeOf };
  };

  const answer = (place: Place, snappedMeters?: number): Location => ({
    inJurisdiction: place.kind === 'district',
    district: place.kind === 'district' ? place.district : null,
    neighbour: place.kind === 'neighbour' ? place.neighbour : null,
    ...(snappedMeters !== undefined && { snappedMeters: Math.round(snappedMeters) }),
  });
  const nowhere: Location = { inJurisdiction: false, district: null, neighbour: null };

  return ({ lat, lon }) => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) return nowhere;
    const pt = [lon, lat];
    // kecamatan parts come first, so a point on the regency border counts as inside
    for (const p of parts) {
      const [w, s, e, n] = p.bbox;
      if (lon < w || lon > e || lat < s || lat > n) continue;
      if (booleanPointInPolygon(pt, { type: 'Polygon', coordinates: p.coordinates })) return answer(places[p.place]!);
    }
    const [x, y] = project(lon, lat);
    const r = snapMeters;
    snapIndex ??= buildSnapIndex();
    const { index, coords, placeOf } = snapIndex;
    let best: { place: number; d: number } | undefined;
    for (const i of index.search(x - r, y - r, x + r, y + r)) {
      const d = pointSegmentDistance(x, y, coords[i * 4]!, coords[i * 4 + 1]!, coords[i * 4 + 2]!, coords[i * 4 + 3]!);
      if (d <= r && (best === undefined || d < best.d)) best = { place: placeOf[i]!, d };
    }
    return best ? answer(places[best.place]!, best.d) : nowhere;
  };
}
