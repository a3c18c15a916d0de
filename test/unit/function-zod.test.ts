/**
 * Functions validate with zod/mini: classic zod costs about 60 KB more per bundle and its schema construction is the
 * largest single cost of a cold start, and one module on a function's path that imports it brings all of it back.
 * Classic zod stays in build-time modules only (the OpenAPI document, the configuration schemas). Checked on the
 * bundles themselves (the bundler's settings for Lambda), since an import the bundler drops does not count.
 * The answer schemas (shared/domain/view-schemas.ts, shared/http/problem-schema.ts) describe responses for the
 * OpenAPI document only: a function that imported one would build it at every cold start for nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { esbuildOptions, resolveSettings } from '../../bench/esbuild-settings';
import { meta } from '../../shared/domain/schema-meta';

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
