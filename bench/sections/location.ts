/**
 * 7. Location: what the boundary lookup costs.
 *
 * - Lookup: microseconds per `locate()` call, for points deep inside a kecamatan, points in a neighbour, points in the
 *   sea just off the coast (the snap path: flatbush search and segment distances) and uniform random points over the
 *   bounding box. Rounds of many calls each; the median round is the figure.
 * - Init: what a cold start pays. JSON.parse of the self-contained jurisdiction file a bundle carries, with the
 *   geometry inline as text (as shipped) and, for comparison, as nested arrays and without it; then building the
 *   locator (parsing the GeoJSON text, bounding boxes, the flatbush index of every border segment), which only the
 *   functions that locate do.
 * - Bundle: the `locate-point` and `create-report` bundles, what the geometry libraries add to them, and the size of
 *   the jurisdiction file in every bundle with and without the boundaries.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, ROOT, type CdkBundlingSettings } from '../esbuild-settings';
import { summarize, type Summary } from '../lib/stats';

export interface LocationResult {
  lookupMicros: Record<'inside' | 'neighbour' | 'coast' | 'random', Summary>;
  initMs: {
    parseConfigWithGeometryText: Summary;
    parseConfigWithGeometryArrays: Summary;
    parseConfigWithoutGeometry: Summary;
    /** createLocator: what a cold start of a locating function adds after the config parse */
    buildLocator: Summary;
    /** createLocator and one point off the coast: the snap index is built then */
    buildLocatorAndFirstSnap: Summary;
  };
  configKB: { withBoundaries: number; withoutBoundaries: number };
  bundleKB: { fn: string; kb: number; geometryLibsKB: number; locationCodeKB: number }[];
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const GEOMETRY_PKGS = /node_modules\/(@turf\/|point-in-polygon-hao|robust-predicates|flatbush|flatqueue|tslib)/;

function timeRounds(rounds: number, fn: () => void): Summary {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return summarize(ms);
}

export async function runLocation(settings: CdkBundlingSettings, outDir: string, opts: { rounds: number; calls: number }, log: (s: string) => void): Promise<LocationResult> {
  const { jurisdiction } = await import('../../shared/config/jurisdiction');
  const { selfContainedJurisdiction } = await import('../../shared/config/jurisdiction-schema');
  const { createLocator } = await import('../../shared/location/locator');
  const file = join(ROOT, 'config/jurisdictions/kabupaten-serang.json');

  // --- init ---
  const self = selfContainedJurisdiction(file) as Record<string, unknown> & { boundaries: Record<string, string> };
  const asShipped = `${JSON.stringify(self, null, 2)}\n`;
  const { boundaries: b, ...withoutBoundaries } = self;
  const withoutText = `${JSON.stringify(withoutBoundaries, null, 2)}\n`;
  const asArrays = JSON.stringify({ ...self, boundaries: { ...b, districtsGeoJson: JSON.parse(b.districtsGeoJson!), regionsGeoJson: JSON.parse(b.regionsGeoJson!) } });
  for (let i = 0; i < 5; i++) JSON.parse(asShipped), JSON.parse(asArrays), createLocator(jurisdiction); // warm-up
  const initMs = {
    parseConfigWithGeometryText: timeRounds(opts.rounds, () => JSON.parse(asShipped)),
    parseConfigWithGeometryArrays: timeRounds(opts.rounds, () => JSON.parse(asArrays)),
    parseConfigWithoutGeometry: timeRounds(opts.rounds, () => JSON.parse(withoutText)),
    buildLocator: timeRounds(opts.rounds, () => createLocator(jurisdiction)),
    buildLocatorAndFirstSnap: timeRounds(opts.rounds, () => createLocator(jurisdiction)({ lat: -5.93797, lon: 106.21807 })),
  };
  log(
    `  config parse: ${initMs.parseConfigWithGeometryText.median} ms with geometry as text, ${initMs.parseConfigWithGeometryArrays.median} ms as arrays, ` +
      `${initMs.parseConfigWithoutGeometry.median} ms without; locator build ${initMs.buildLocator.median} ms, with the snap index ${initMs.buildLocatorAndFirstSnap.median} ms`,
  );

  // --- lookups ---
  const locate = createLocator(jurisdiction);
  const { south, west, north, east } = jurisdiction.boundingBox;
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const sets = {
    inside: [
      { lat: -6.0383, lon: 106.1201 }, { lat: -6.1149, lon: 106.2412 }, { lat: -6.2454, lon: 106.0263 }, { lat: -6.3125, lon: 106.3742 }, { lat: -6.0881, lon: 105.9137 },
    ],
    neighbour: [{ lat: -6.1189, lon: 106.1659 }, { lat: -6.0006, lon: 106.0217 }, { lat: -6.1328, lon: 106.4793 }, { lat: -6.39, lon: 105.93 }],
    coast: [{ lat: -5.93797, lon: 106.21807 }, { lat: -5.93346, lon: 106.21807 }, { lat: -5.87281, lon: 106.04409 }, { lat: -5.92716, lon: 106.21807 }],
    random: Array.from({ length: 1000 }, () => ({ lat: south + random() * (north - south), lon: west + random() * (east - west) })),
  };
  const lookupMicros = {} as LocationResult['lookupMicros'];
  let sink = 0;
  for (const [name, points] of Object.entries(sets) as [keyof typeof sets, { lat: number; lon: number }[]][]) {
    for (let i = 0; i < opts.calls; i++) sink += locate(points[i % points.length]!).inJurisdiction ? 1 : 0;
    const perCall: number[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const t = performance.now();
      for (let i = 0; i < opts.calls; i++) sink += locate(points[i % points.length]!).inJurisdiction ? 1 : 0;
      perCall.push(((performance.now() - t) * 1000) / opts.calls);
    }
    lookupMicros[name] = summarize(perCall);
    log(`  lookup ${name}: ${lookupMicros[name].median} µs`);
  }
  if (sink < 0) log(String(sink));

  // --- bundles ---
  const bundleKB: LocationResult['bundleKB'] = [];
  for (const fn of ['locate-point', 'create-report']) {
    const out = join(outDir, `location-${fn}.mjs`);
    const result = await build(esbuildOptions(settings, join('functions', `${fn}.ts`), out));
    const inputs = Object.values(result.metafile!.outputs).find((o) => o.entryPoint !== undefined)!.inputs;
    let geometry = 0;
    let code = 0;
    for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
      if (GEOMETRY_PKGS.test(path)) geometry += bytesInOutput;
      if (path.startsWith('shared/location/') || path === 'shared/config/places.ts') code += bytesInOutput;
    }
    bundleKB.push({ fn, kb: kb(statSync(out).size), geometryLibsKB: kb(geometry), locationCodeKB: kb(code) });
  }
  return {
    lookupMicros,
    initMs,
    configKB: { withBoundaries: kb(Buffer.byteLength(asShipped)), withoutBoundaries: kb(Buffer.byteLength(withoutText)) },
    bundleKB,
  };
}
