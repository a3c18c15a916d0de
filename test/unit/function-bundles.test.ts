/**
 * What a function bundle may hold, checked on the bundles themselves (the bundler's settings for Lambda), since an
 * import the bundler drops does not count.
 *
 * Functions validate with zod/mini: classic zod costs about 60 KB more per bundle and its schema construction is the
 * largest single cost of a cold start, and one module on a function's path that imports it brings all of it back.
 * Classic zod stays in build-time modules only (the OpenAPI document, the configuration schemas).
 * The answer schemas (shared/domain/view-schemas.ts, shared/http/problem-schema.ts) describe responses for the
 * OpenAPI document only: a function that imported one would build it at every cold start for nothing; so is the
 * schemas' metadata, which bundles skip.
 * Web streams are loaded when a stream is first made (shared/adapters/node/stream-web-on-demand.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { esbuildOptions, resolveSettings } from '../../bench/esbuild-settings';
import { meta } from '../../shared/domain/schema-meta';
import { ReadableStream as OnDemand } from '../../shared/adapters/node/stream-web-on-demand';

describe('function bundles', () => {
  let bundles: [string, Metafile['outputs'][string]][];
  const holding = (path: string) => bundles.filter(([, o]) => Object.keys(o.inputs).some((i) => i.includes(path))).map(([, o]) => o.entryPoint);

  beforeAll(async () => {
    const { settings } = await resolveSettings();
    const entries = readdirSync('functions').filter((f) => f.endsWith('.ts')).map((f) => join('functions', f));
    // one build for all of them: the modules they share are parsed once
    const { outfile: _outfile, ...options } = esbuildOptions(settings, entries[0]!, 'unused.mjs');
    const result = await build({ ...options, entryPoints: entries, outdir: 'out', write: false, minify: false, sourcemap: false });
    bundles = Object.entries(result.metafile!.outputs).filter(([, o]) => o.entryPoint !== undefined);
    expect(bundles.length).toBe(entries.length);
  });

  it('hold no classic zod, only zod/mini', () => {
    expect(holding('node_modules/zod/v4/classic/')).toEqual([]);
    expect(holding('node_modules/zod/v4/mini/')).toContain('functions/create-report.ts');
  });

  it('hold no answer schema', () => {
    expect(holding('shared/domain/view-schemas.ts')).toEqual([]);
    expect(holding('shared/http/problem-schema.ts')).toEqual([]);
  });

  it('build no request schema in a function that only reads and shows reports', () => {
    for (const fn of ['functions/get-report.ts', 'functions/get-staff-report.ts', 'functions/notify-citizen.ts', 'functions/locate-point.ts'])
      expect(holding('shared/domain/report-fields.ts'), fn).not.toContain(fn);
    expect(holding('shared/domain/report-fields.ts')).toContain('functions/create-report.ts');
  });

  it('import no web streams at load', () => {
    const loading = bundles.filter(([, o]) => o.imports.some((i) => i.path === 'node:stream/web')).map(([, o]) => o.entryPoint);
    expect(loading).toEqual([]);
    expect(holding('shared/adapters/node/stream-web-on-demand.ts')).toContain('functions/get-health.ts');
  });
});

describe('the web streams stand-in', () => {
  it('makes real streams and recognises them', async () => {
    const made = new OnDemand({ start: (c: { enqueue(v: string): void; close(): void }) => (c.enqueue('a'), c.close()) }) as unknown;
    expect(made).toBeInstanceOf(globalThis.ReadableStream);
    const chunks: unknown[] = [];
    for await (const chunk of made as AsyncIterable<unknown>) chunks.push(chunk);
    expect(chunks).toEqual(['a']);
    expect(new globalThis.ReadableStream() instanceof OnDemand).toBe(true);
    expect({} instanceof OnDemand).toBe(false);
  });
});

describe('meta in a function bundle', () => {
  it('leaves the schema as it is and registers nothing', () => {
    const schema = z.string();
    process.env.SI_CENTANG_SCHEMA_META = 'off';
    try {
      expect(meta(schema, { description: 'a' })).toBe(schema);
      expect(z.globalRegistry.has(schema)).toBe(false);
    } finally {
      delete process.env.SI_CENTANG_SCHEMA_META;
    }
  });
});

describe('meta', () => {
  it('registers the metadata on a copy and leaves a shared schema as it was', () => {
    const shared = meta(z.enum(['a', 'b']), { id: 'Letter', description: 'one letter' });
    const described = meta(shared, { description: 'the letter now' });
    expect(described).not.toBe(shared);
    expect(z.globalRegistry.get(described)).toEqual({ description: 'the letter now' });
    expect(z.globalRegistry.get(shared)).toEqual({ id: 'Letter', description: 'one letter' });
    expect(described.safeParse('c').success).toBe(false);
  });
});
