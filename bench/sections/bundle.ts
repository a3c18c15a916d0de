/**
 * 1. Bundle size: every functions/*.ts bundled with CDK's esbuild settings, written as <name>.mjs (+ .map) to a
 * temp folder the cold-init section then imports. Sizes are deterministic, so one build each; the metafile says
 * what the bytes are.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { OPENAPI_FILE_NAME } from '../../shared/http/openapi-file';
import { FALLBACK_FUNCTION, ROUTES } from '../../shared/http/routes';
import { esbuildOptions, ROOT, type CdkBundlingSettings } from '../esbuild-settings';

export interface Contributor {
  /** npm package, or project folder (shared/domain, functions) */
  name: string;
  kb: number;
}

/** Bytes in the bundle from the usual suspects; each is a known, fixable cause (see the report). */
export interface Diagnostics {
  /** zod's ~50 locale files: present when `z` is imported as a named binding (`import { z }`), which keeps the whole namespace */
  zodLocalesKB: number;
  zodKB: number;
  /** the SDK's default credential chain: SSO, STS, web identity, INI, process, IMDS and the nested clients they need */
  credentialChainKB: number;
  /** CommonJS builds (dist-cjs, *.cjs) that esbuild cannot tree-shake */
  commonJsKB: number;
  /** libphonenumber-js metadata (every country) */
  phoneMetadataKB: number;
  powertoolsKB: number;
  middyKB: number;
  awsSdkKB: number;
}

export interface BundleFigure {
  fn: string;
  /** behind an API route (the $default route's function included), or a stream, schedule, S3 or Cognito trigger */
  kind?: 'api' | 'background';
  ok: boolean;
  error?: string;
  /** minified JS, without the source map */
  kb: number;
  mapKB: number;
  /** against the hello-world bundle built with the same settings */
  ratioToHello: number;
  buildMs: number;
  top: Contributor[];
  diagnostics?: Diagnostics;
  file?: string;
}

export interface BundleResult {
  settings: CdkBundlingSettings;
  helloKB: number;
  helloFile: string;
  /** hello world + a DynamoDB document client: the floor of any DynamoDB function */
  helloDynamoKB?: number;
  helloDynamoFile?: string;
  figures: BundleFigure[];
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** Package name for a metafile input path (handles nested node_modules), or the project folder. */
export function packageOf(path: string): string {
  const i = path.lastIndexOf('node_modules/');
  if (i >= 0) {
    const rest = path.slice(i + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

const CREDENTIAL_CHAIN =
  /node_modules\/(@aws-sdk\/(credential-provider-(?!env)[\w-]+|nested-clients|token-providers|xml-builder)|@smithy\/(credential-provider-imds|shared-ini-file-loader))\//;

function diagnose(inputs: Record<string, { bytesInOutput: number }>): Diagnostics {
  const d: Diagnostics = { zodLocalesKB: 0, zodKB: 0, credentialChainKB: 0, commonJsKB: 0, phoneMetadataKB: 0, powertoolsKB: 0, middyKB: 0, awsSdkKB: 0 };
  const add = (key: keyof Diagnostics, bytes: number) => (d[key] += bytes);
  for (const [path, { bytesInOutput: b }] of Object.entries(inputs)) {
    const pkg = packageOf(path);
    if (/node_modules\/zod\/v4\/locales\//.test(path)) add('zodLocalesKB', b);
    if (pkg === 'zod') add('zodKB', b);
    if (CREDENTIAL_CHAIN.test(path)) add('credentialChainKB', b);
    if (/\/dist-cjs\/|\.cjs$|\/lib\/cjs\//.test(path)) add('commonJsKB', b);
    if (/libphonenumber-js\/metadata\.[\w]+\.json/.test(path)) add('phoneMetadataKB', b);
    if (pkg.startsWith('@aws-lambda-powertools/')) add('powertoolsKB', b);
    if (pkg.startsWith('@middy/')) add('middyKB', b);
    if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg === 'mnemonist' || pkg === 'obliterator') add('awsSdkKB', b);
  }
  for (const k of Object.keys(d) as (keyof Diagnostics)[]) d[k] = kb(d[k]);
  return d;
}

function topContributors(meta: Metafile, outfile: string, n = 5): Contributor[] {
  const out = Object.entries(meta.outputs).find(([p]) => p.endsWith(outfile.split('/').pop()!))?.[1];
  if (!out) return [];
  const byPkg = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(out.inputs)) byPkg.set(packageOf(path), (byPkg.get(packageOf(path)) ?? 0) + bytesInOutput);
  return [...byPkg.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, bytes]) => ({ name, kb: kb(bytes) }));
}

/** The functions API Gateway invokes: every route's, and the $default route's. */
export const API_FUNCTIONS: ReadonlySet<string> = new Set([...ROUTES.map((r) => r.fn), FALLBACK_FUNCTION]);

export function functionEntries(): string[] {
  return readdirSync(join(ROOT, 'functions'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function runBundleSizes(settings: CdkBundlingSettings, outDir: string, log: (s: string) => void): Promise<BundleResult> {
  const helloSrc = join(outDir, 'hello-world.ts');
  writeFileSync(helloSrc, "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n");
  const helloFile = join(outDir, 'hello-world.mjs');
  await build(esbuildOptions(settings, helloSrc, helloFile));
  const helloBytes = statSync(helloFile).size;
  // A second, informational baseline: the least a DynamoDB function can be (the document client, made once).
  const sdkSrc = join(outDir, 'hello-dynamodb.ts');
  writeFileSync(
    sdkSrc,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n" +
      'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n' +
      "export const handler = async () => ({ statusCode: 200, body: typeof doc.send });\n",
  );
  const helloDynamoFile = join(outDir, 'hello-dynamodb.mjs');
  await build({ ...esbuildOptions(settings, sdkSrc, helloDynamoFile), absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')] });

  // get-openapi reads the document its build step writes beside the bundle (infra/constructs/build-steps.ts)
  const { openApiDocument } = await import('../../shared/http/openapi');
  writeFileSync(join(outDir, OPENAPI_FILE_NAME), JSON.stringify(openApiDocument()));

  const figures: BundleFigure[] = [];
  for (const fn of functionEntries()) {
    const file = join(outDir, `${fn}.mjs`);
    const started = performance.now();
    try {
      const result = await build(esbuildOptions(settings, join('functions', `${fn}.ts`), file));
      const buildMs = Math.round(performance.now() - started);
      const output = Object.values(result.metafile!.outputs).find((o) => o.entryPoint !== undefined)!;
      const bytes = statSync(file).size;
      figures.push({
        fn,
        kind: API_FUNCTIONS.has(fn) ? 'api' : 'background',
        ok: true,
        kb: kb(bytes),
        mapKB: kb(statSync(`${file}.map`).size),
        ratioToHello: Math.round((bytes / helloBytes) * 10) / 10,
        buildMs,
        top: topContributors(result.metafile!, file),
        diagnostics: diagnose(output.inputs),
        file,
      });
      log(`  bundle ${fn}: ${kb(bytes)} KB`);
    } catch (err) {
      const message = (err as Error).message.split('\n').slice(0, 3).join(' ');
      figures.push({ fn, kind: API_FUNCTIONS.has(fn) ? 'api' : 'background', ok: false, error: message, kb: Number.NaN, mapKB: Number.NaN, ratioToHello: Number.NaN, buildMs: 0, top: [] });
      log(`  bundle ${fn}: FAILED ${message}`);
    }
  }
  return { settings, helloKB: kb(helloBytes), helloFile, helloDynamoKB: kb(statSync(helloDynamoFile).size), helloDynamoFile, figures };
}
