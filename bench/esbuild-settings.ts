/**
 * The esbuild options CDK's NodejsFunction uses for every function (infra/constructs/lambda-function.ts), as esbuild
 * API options. CDK runs `esbuild --bundle <entry> --target=… --platform=node --format=esm --minify --sourcemap
 * --sources-content=false --banner:js=… --main-fields=module,main` (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js,
 * buildEsbuildArgs) with no --external (externalModules: []), no loader, define, tsconfig or keepNames.
 *
 * One source of truth is the goal: once the settings live in a CDK-free module the construct also imports
 * (proposed: infra/constructs/bundling-settings.ts exporting LAMBDA_ESBUILD), this file takes them from there.
 * Until then it keeps a mirror and checks it against the construct's source text on every run, so a drift shows
 * up in the results instead of silently benchmarking other settings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONSTRUCT = `${ROOT}infra/constructs/lambda-function.ts`;
const SHARED_SETTINGS = `${ROOT}infra/constructs/bundling-settings.ts`;

/** The CDK bundling props that decide the bundle, in NodejsFunction's vocabulary. */
export interface CdkBundlingSettings {
  format: 'esm' | 'cjs';
  target: string;
  mainFields: string[];
  banner: string;
  minify: boolean;
  sourceMap: boolean;
  sourcesContent: boolean;
  externalModules: string[];
}

const MIRROR: CdkBundlingSettings = {
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire as __siCentangCreateRequire } from 'node:module';" +
    'const require = __siCentangCreateRequire(import.meta.url);',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
};

export interface ResolvedSettings {
  settings: CdkBundlingSettings;
  source: 'shared-module' | 'mirror';
  /** differences between the mirror and the construct's source text (empty when in step) */
  drift: string[];
}

/** Compares the mirror with what lambda-function.ts says, by its text (importing it would load aws-cdk-lib). */
function driftOf(mirror: CdkBundlingSettings): string[] {
  const src = readFileSync(CONSTRUCT, 'utf8');
  const drift: string[] = [];
  const expect = (what: string, re: RegExp) => {
    if (!re.test(src)) drift.push(what);
  };
  expect(`target ${mirror.target}`, new RegExp(`ESBUILD_TARGET\\s*=\\s*'${mirror.target}'`));
  expect('format ESM', /format:\s*OutputFormat\.ESM/);
  expect(`mainFields ${mirror.mainFields.join(',')}`, new RegExp(`mainFields:\\s*\\[${mirror.mainFields.map((f) => `'${f}'`).join(',\\s*')}\\]`));
  expect('minify: true', /minify:\s*true/);
  expect('sourceMap: true', /sourceMap:\s*true/);
  expect('sourcesContent: false', /sourcesContent:\s*false/);
  expect('externalModules: []', /externalModules:\s*\[\]/);
  expect('banner = REQUIRE_SHIM', /banner:\s*REQUIRE_SHIM/);
  // the banner text itself, as the two concatenated literals in the construct
  const shim = /REQUIRE_SHIM\s*=\s*((?:\s*(?:'[^']*'|"[^"]*")\s*\+?)+);/.exec(src);
  const text = shim?.[1]
    ?.split(/\+/)
    .map((s) => s.trim().slice(1, -1))
    .join('');
  if (text !== mirror.banner) drift.push('banner text');
  for (const key of ['define', 'loader', 'keepNames', 'tsconfig', 'esbuildArgs', 'inject', 'footer', 'nodeModules', 'sourceMapMode']) {
    if (new RegExp(`\\b${key}:`).test(src)) drift.push(`construct sets ${key}, the mirror does not`);
  }
  return drift;
}

export async function resolveSettings(): Promise<ResolvedSettings> {
  if (existsSync(SHARED_SETTINGS)) {
    const mod = (await import(pathToFileURL(SHARED_SETTINGS).href)) as { LAMBDA_ESBUILD?: Partial<CdkBundlingSettings> };
    if (mod.LAMBDA_ESBUILD) return { settings: { ...MIRROR, ...mod.LAMBDA_ESBUILD }, source: 'shared-module', drift: [] };
  }
  return { settings: MIRROR, source: 'mirror', drift: driftOf(MIRROR) };
}

/**
 * Modules the benchmark leaves external although the construct does not (yet): native packages whose binaries a
 * bundle cannot carry. sharp goes to Lambda as a layer (scripts/build-sharp-layer.mjs); bundled, it fails at import.
 * Recorded in results.json as a deviation.
 */
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
    absWorkingDir: ROOT,
    metafile: true,
    logLevel: 'silent',
  };
}
