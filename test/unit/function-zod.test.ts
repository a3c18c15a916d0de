/**
 * Functions validate with zod/mini: classic zod costs about 60 KB more per bundle and its schema construction is the
 * largest single cost of a cold start, and one module on a function's path that imports it brings all of it back.
 * Classic zod stays in build-time modules only (the OpenAPI document, the configuration schemas). Checked on the
 * bundles themselves (the bundler's settings for Lambda), since an import the bundler drops does not count.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { esbuildOptions, resolveSettings } from '../../bench/esbuild-settings';
import { meta } from '../../shared/domain/schema-meta';

describe('function bundles', () => {
  it('hold no classic zod, only zod/mini', async () => {
    const { settings } = await resolveSettings();
    const entries = readdirSync('functions').filter((f) => f.endsWith('.ts')).map((f) => join('functions', f));
    // one build for all of them: the modules they share are parsed once
    const { outfile: _outfile, ...options } = esbuildOptions(settings, entries[0]!, 'unused.mjs');
    const result = await build({ ...options, entryPoints: entries, outdir: 'out', write: false, minify: false, sourcemap: false });
    const bundles = Object.entries(result.metafile!.outputs).filter(([, o]) => o.entryPoint !== undefined);
    expect(bundles.length).toBe(entries.length);
    const inputs = (name: string) => Object.keys(bundles.find(([, o]) => o.entryPoint === name)![1].inputs);
    const classic = bundles.filter(([, o]) => Object.keys(o.inputs).some((i) => i.includes('node_modules/zod/v4/classic/'))).map(([, o]) => o.entryPoint);
    expect(classic).toEqual([]);
    expect(inputs('functions/create-report.ts').some((i) => i.includes('node_modules/zod/v4/mini/'))).toBe(true);
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
