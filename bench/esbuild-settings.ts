/**
 * The esbuild settings CDK bundles every function with (infra/constructs/bundling-settings.ts, a module
 * without aws-cdk-lib), as esbuild API options, so the benchmark measures the bundles Lambda runs.
 */
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { LAMBDA_ESBUILD } from '../infra/constructs/bundling-settings';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface CdkBundlingSettings {
  format: 'esm' | 'cjs';
  target: string;
  mainFields: string[];
  banner: string;
  minify: boolean;
  sourceMap: boolean;
  sourcesContent: boolean;
  externalModules: string[];
  alias: Record<string, string>;
  define: Record<string, string>;
}

export interface ResolvedSettings {
  settings: CdkBundlingSettings;
  source: 'shared-module';
  drift: string[];
}

export async function resolveSettings(): Promise<ResolvedSettings> {
  const s = LAMBDA_ESBUILD;
  return {
    settings: { ...s, mainFields: [...s.mainFields], externalModules: [...s.externalModules], alias: { ...s.alias }, define: { ...s.define } },
    source: 'shared-module',
    drift: [],
  };
}

/** Native packages the photo processor's construct also leaves external (sharp ships in a layer). */
export const BENCH_EXTERNALS = ['sharp'];

/** The esbuild API options equivalent to CDK's command line for these settings. */
export function esbuildOptions(s: CdkBundlingSettings, entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    outfile,
    platform: 'node',
    format: s.format,
    target: s.target,
    mainFields: s.mainFields,
    banner: { js: s.banner },
    minify: s.minify,
    sourcemap: s.sourceMap,
    sourcesContent: s.sourcesContent,
    external: [...new Set([...s.externalModules, ...BENCH_EXTERNALS])],
    alias: s.alias,
    define: s.define,
    absWorkingDir: ROOT,
    metafile: true,
    logLevel: 'silent',
  };
}
