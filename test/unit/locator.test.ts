/**
 * The boundary lookup on the shipped Kabupaten Serang configuration: a point well inside each kecamatan and each
 * neighbour, points on borders, on islands, off the coast (snapped within 1 km) and far out at sea.
 * The inside points were chosen at 1.3–4 km from their kecamatan's border, so simplification cannot move them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { loadJurisdiction, selfContainedJurisdiction } from '../../shared/config/jurisdiction-schema';
import { locator } from '../../shared/location/configured-locator';
import { BoundaryError, createLocator } from '../../shared/location/locator';
import { distanceMeters, distanceToBoxMeters } from '../../shared/location/geometry';
import { KECAMATAN_POINTS } from '../support/kecamatan-points';

const locate = locator!;

/** [district code, lat, lon]: one point per kecamatan, deep inside it */
const KECAMATAN: [string, number, number][] = Object.entries(KECAMATAN_POINTS).map(([code, p]) => [code, p.lat, p.lon]);

/** [neighbour code, kind, lat, lon] */
const NEIGHBOURS: [string, string, number, number][] = [
  ['kota-serang', 'kota', -6.1189, 106.1659],
  ['kota-cilegon', 'kota', -6.0006, 106.0217],
  ['kabupaten-tangerang', 'kabupaten', -6.1328, 106.4793],
  ['kabupaten-pandeglang', 'kabupaten', -6.39, 105.93],
  ['kabupaten-lebak', 'kabupaten', -6.4, 106.2529],
];

describe('the boundary lookup', () => {
  it('covers every configured kecamatan with a test point', () => {
    expect(new Set(KECAMATAN.map(([c]) => c))).toEqual(new Set(jurisdiction.districts.map((d) => d.code)));
  });

  it.each(KECAMATAN)('a point in %s lies in it, in the jurisdiction', (code, lat, lon) => {
    const found = locate({ lat, lon });
    expect(found).toMatchObject({ inJurisdiction: true, neighbour: null, district: { code } });
    expect(found.snappedMeters).toBeUndefined();
    expect(found.district?.officialCode).toBe(jurisdiction.districts.find((d) => d.code === code)?.officialCode);
  });

  it.each(NEIGHBOURS)('a point in %s is the neighbour, not the jurisdiction', (code, kind, lat, lon) => {
    const found = locate({ lat, lon });
    expect(found).toMatchObject({ inJurisdiction: false, district: null, neighbour: { code, kind } });
    expect(found.neighbour?.reportTo.id).toMatch(/Dinas PUPR/);
  });

  it("joins on the Kemendagri code: the data's Waringinkurung is our waringin-kurung, 36.04.06", () => {
    expect(locate({ lat: -6.0935, lon: 106.0725 }).district).toMatchObject({ code: 'waringin-kurung', officialCode: '36.04.06', name: { id: 'Waringin Kurung' } });
  });

  it('a point on the border of two kecamatan lies in one of them, and 50 m either side in each', () => {
    // a vertex Kramatwatu and Waringinkurung share
    const onBorder = locate({ lat: -6.05733, lon: 106.09933 });
    expect(['kramatwatu', 'waringin-kurung']).toContain(onBorder.district?.code);
    const nearby = [-1, 1].flatMap((dy) => [-1, 1].map((dx) => locate({ lat: -6.05733 + dy * 0.00045, lon: 106.09933 + dx * 0.00045 }).district?.code));
    expect(nearby.every((c) => c === 'kramatwatu' || c === 'waringin-kurung')).toBe(true);
  });

  it('a point on the border with Kota Serang counts as inside (the kecamatan are looked up first)', () => {
    // a vertex Ciruas shares with Kota Serang
    expect(locate({ lat: -6.04559, lon: 106.22267 })).toMatchObject({ inJurisdiction: true, district: { code: 'ciruas' } });
  });

  it('islands belong to their kecamatan: Pulau Tunda (Tirtayasa), Pulau Sangiang (Anyar)', () => {
    expect(locate({ lat: -5.8105, lon: 106.2750 }).district?.code).toBe('tirtayasa');
    expect(locate({ lat: -5.955, lon: 105.85 }).district?.code).toBe('anyar');
  });

  it('a beach or pier just off the coast snaps to the nearest kecamatan', () => {
    // 300 m north of Pontang's northernmost vertex, in the sea
    const beach = locate({ lat: -5.93797, lon: 106.21807 });
    expect(beach).toMatchObject({ inJurisdiction: true, district: { code: 'pontang' } });
    expect(beach.snappedMeters).toBeGreaterThan(250);
    expect(beach.snappedMeters).toBeLessThan(350);
  });

  it('the sea within 1 km of the coast counts as inside; beyond it, nowhere', () => {
    expect(locate({ lat: -5.93346, lon: 106.21807 })).toMatchObject({ inJurisdiction: true, district: { code: 'pontang' } }); // 800 m out
    expect(locate({ lat: -5.92716, lon: 106.21807 })).toEqual({ inJurisdiction: false, district: null, neighbour: null }); // 1.5 km out
    expect(locate({ lat: -5.6, lon: 106.2 })).toEqual({ inJurisdiction: false, district: null, neighbour: null }); // Java Sea
  });

  it("the sea off Kota Serang's coast snaps to Kota Serang, not to a kecamatan further away", () => {
    expect(locate({ lat: -6.01246, lon: 106.19226 })).toMatchObject({ inJurisdiction: false, neighbour: { code: 'kota-serang' } });
  });

  it('answers nowhere for points that are not numbers, and far away', () => {
    expect(locate({ lat: Number.NaN, lon: 106 }).inJurisdiction).toBe(false);
    expect(locate({ lat: 51.5, lon: -0.12 })).toEqual({ inJurisdiction: false, district: null, neighbour: null });
  });
});

describe('the boundary configuration', () => {
  const base = loadJurisdiction();

  it('a Lambda bundle gets one file with the geometry inline, as text, and the same answers from it', () => {
    const self = selfContainedJurisdiction('config/jurisdictions/kabupaten-serang.json') as { boundaries: Record<string, unknown> };
    expect(self.boundaries.districtsFile).toBeUndefined();
    expect(self.boundaries.regionsFile).toBeUndefined();
    expect(typeof self.boundaries.districtsGeoJson).toBe('string');
    // only the configured neighbours' outlines travel: not the regency's own
    const regions = JSON.parse(self.boundaries.regionsGeoJson as string) as { features: { properties: { code: string } }[] };
    expect(regions.features.map((f) => f.properties.code).sort()).toEqual(['36.01', '36.02', '36.03', '36.72', '36.73']);
    // written alone into another folder, as infra does, it needs nothing beside it
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    writeFileSync(join(dir, 'jurisdiction.json'), JSON.stringify(self));
    const fromBundle = createLocator(loadJurisdiction(join(dir, 'jurisdiction.json')));
    for (const [code, lat, lon] of KECAMATAN) expect(fromBundle({ lat, lon }).district?.code).toBe(code);
    for (const [code, , lat, lon] of NEIGHBOURS) expect(fromBundle({ lat, lon }).neighbour?.code).toBe(code);
  });

  it('keeps the data attribution beside the copied files', () => {
    const readme = readFileSync('config/boundaries/kabupaten-serang/README.md', 'utf8');
    expect(readme).toContain('Copyright (c) 2024 Cahya DSN');
  });

  it('refuses a district without a polygon, and a neighbour without an outline, by name', () => {
    const districts = [...base.districts, { code: 'atlantis', name: { id: 'Atlantis', en: 'Atlantis' }, officialCode: '36.04.99' }];
    expect(() => createLocator({ ...base, districts })).toThrow(/no polygon for district\(s\) atlantis/);
    const neighbours = [...base.neighbours, { ...base.neighbours[0]!, code: 'kota-x', officialCode: '36.99' }];
    expect(() => createLocator({ ...base, neighbours })).toThrow(BoundaryError);
    const unmapped = base.districts.map((d) => (d.code === 'kopo' ? { ...d, officialCode: undefined } : d));
    expect(() => createLocator({ ...base, districts: unmapped })).toThrow(/36\.04\.25 is no configured district/);
  });

  it('measures distance on the sphere', () => {
    // 0.001° of latitude is about 111 m
    expect(distanceMeters({ lat: -6, lon: 106 }, { lat: -6.001, lon: 106 })).toBeCloseTo(111.2, 0);
  });

  it('measures distance to a box: 0 inside, to the nearest edge or corner outside', () => {
    const box = { south: -6.3, west: 106.0, north: -5.9, east: 106.5 };
    expect(distanceToBoxMeters({ lat: -6.1, lon: 106.2 }, box)).toBe(0);
    expect(distanceToBoxMeters({ lat: -5.899, lon: 106.2 }, box)).toBeCloseTo(111.2, 0);
    expect(distanceToBoxMeters({ lat: -6.301, lon: 106.501 }, box)).toBeCloseTo(distanceMeters({ lat: -6.301, lon: 106.501 }, { lat: -6.3, lon: 106.5 }), 6);
    expect(distanceToBoxMeters({ lat: 90, lon: 180 }, box)).toBeGreaterThan(10_000_000);
  });
});
