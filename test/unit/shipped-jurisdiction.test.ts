/**
 * A function bundle carries its jurisdiction configuration validated at build time, per function
 * (shared/config/shipped-jurisdiction.ts): the geometry only where points are looked up, prepared.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importClosure } from '../../bench/lib/import-graph';
import { DEFAULT_JURISDICTION_FILE, SHIPPED_MARK } from '../../shared/config/jurisdiction-file';
import { loadJurisdiction } from '../../shared/config/jurisdiction-schema';
import { FUNCTIONS_THAT_LOCATE, shippedJurisdiction } from '../../shared/config/shipped-jurisdiction';
import { createLocator, prepareBoundaries } from '../../shared/location/locator';

const config = loadJurisdiction(DEFAULT_JURISDICTION_FILE);
const dir = mkdtempSync(join(tmpdir(), 'shipped-jurisdiction-'));
const write = (name: string, content: string) => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('FUNCTIONS_THAT_LOCATE', () => {
  it('is exactly the functions whose imports reach the configured locator', () => {
    const functions = readdirSync('functions').filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
    const locating = functions.filter((fn) => importClosure(`functions/${fn}.ts`).modules.has('shared/location/configured-locator.ts'));
    expect(locating).toContain('locate-point');
    expect([...FUNCTIONS_THAT_LOCATE].sort()).toEqual(locating.sort());
  });
});

describe('shippedJurisdiction', () => {
  it('is the validated configuration with the mark; geometry for a function that locates, prepared', () => {
    const shipped = JSON.parse(shippedJurisdiction(config, 'locate-point'));
    expect(shipped[SHIPPED_MARK]).toEqual({ function: 'locate-point', geometry: true });
    const { [SHIPPED_MARK]: _mark, boundaries, ...rest } = shipped;
    const { boundaries: _geoJson, ...configRest } = config;
    expect(rest).toEqual(JSON.parse(JSON.stringify(configRest)));
    expect(boundaries).toEqual({
      officialCode: config.boundaries!.officialCode,
      snapMeters: config.boundaries!.snapMeters,
      prepared: JSON.parse(JSON.stringify(prepareBoundaries(config))),
    });
  });

  it('prepares boundaries that answer as the GeoJSON does, everywhere in and around the regency', () => {
    const fromGeoJson = createLocator(config);
    const fromBundle = createLocator(JSON.parse(shippedJurisdiction(config, 'locate-point')));
    const { south, north, west, east } = config.boundingBox;
    // a 60 × 60 grid over the bounding box and a margin of sea and neighbours around it
    const [dLat, dLon] = [(north - south) / 40, (east - west) / 40];
    const seen = { inside: 0, neighbour: 0, snapped: 0, nowhere: 0 };
    for (let i = 0; i <= 60; i++)
      for (let k = 0; k <= 60; k++) {
        const point = { lat: south - 10 * dLat + i * dLat, lon: west - 10 * dLon + k * dLon };
        const expected = fromGeoJson(point);
        expect(fromBundle(point), `${point.lat},${point.lon}`).toEqual(expected);
        if (expected.snappedMeters !== undefined) seen.snapped++;
        else if (expected.inJurisdiction) seen.inside++;
        else if (expected.neighbour) seen.neighbour++;
        else seen.nowhere++;
      }
    // every kind of answer was compared, many times
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(20);
  });

  it('refuses boundaries that do not fit the configuration at build time, by name', () => {
    const districts = [...config.districts, { code: 'atlantis', name: { id: 'Atlantis', en: 'Atlantis' }, officialCode: '36.04.99' }];
    expect(() => shippedJurisdiction({ ...config, districts }, 'create-report')).toThrow(/no polygon for district\(s\) atlantis/);
  });

  it('leaves the geometry out for the others, and keeps everything else', () => {
    const shipped = JSON.parse(shippedJurisdiction(config, 'get-health'));
    expect(shipped.boundaries).toEqual({ officialCode: config.boundaries!.officialCode, snapMeters: config.boundaries!.snapMeters });
    expect(shipped.workingCalendar).toEqual(config.workingCalendar);
    expect(shipped.sla).toEqual(config.sla);
    expect(shippedJurisdiction(config, 'get-health').length).toBeLessThan(shippedJurisdiction(config, 'create-report').length / 10);
  });
});

describe('the configuration a bundle reads (process.env.SI_CENTANG_CONFIG_SHIPPED, replaced by the bundler)', () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllEnvs());

  it('is taken as prepared, without validation', async () => {
    // a value the schema would refuse: proof that nothing validates it at a cold start
    const shipped = { ...JSON.parse(shippedJurisdiction(config, 'get-health')), code: 'Not Kebab' };
    vi.stubEnv('SI_CENTANG_CONFIG_SHIPPED', 'true');
    vi.stubEnv('JURISDICTION_CONFIG', write('health.json', JSON.stringify(shipped)));
    const { jurisdiction } = await import('../../shared/config/jurisdiction');
    expect(jurisdiction.code).toBe('Not Kebab');
    expect(jurisdiction.districts).toEqual(config.districts);
  });

  it('refuses a file the build did not prepare (a raw repository file would run unvalidated)', async () => {
    vi.stubEnv('SI_CENTANG_CONFIG_SHIPPED', 'true');
    vi.stubEnv('JURISDICTION_CONFIG', DEFAULT_JURISDICTION_FILE);
    await expect(import('../../shared/config/jurisdiction')).rejects.toThrow(/which the build did not prepare/);
  });

  it('fails a function that locates points without geometry at its cold start, naming the list to add it to', async () => {
    vi.stubEnv('SI_CENTANG_CONFIG_SHIPPED', 'true');
    vi.stubEnv('JURISDICTION_CONFIG', write('no-geometry.json', shippedJurisdiction(config, 'get-health')));
    await expect(import('../../shared/location/configured-locator')).rejects.toThrow(/FUNCTIONS_THAT_LOCATE/);
    vi.resetModules();
    vi.stubEnv('JURISDICTION_CONFIG', write('geometry.json', shippedJurisdiction(config, 'locate-point')));
    const { locator } = await import('../../shared/location/configured-locator');
    expect(locator!({ lat: -6.1739, lon: 106.3618 }).district?.code).toBe('cikande');
  });
});
