/**
 * 2. Cold init: a fresh `node` process importing each bundle, against the same for a hello-world bundle built with the
 * same settings, and an empty process. Runs are interleaved (every round visits every bundle in a shuffled order) so
 * a noisy moment of the machine spreads over all of them instead of hitting one function's runs.
 *
 * The budget figure is the whole-process ratio: the CPU time (user + system) a fresh `node <child> <bundle>` has used
 * when the handler is ready, for a function, divided by the same for hello world, paired by round. That is the local
 * analogue of a Lambda cold start (runtime start + handler import) against the cheapest possible handler. CPU time,
 * not wall time, because start-up is CPU-bound and on a shared machine wall time mostly measures the neighbours;
 * wall time from spawn to exit is reported beside it (and its ratio), and so is the import alone
 * (performance.now() around `await import()` inside the child) in ms. The import alone is not used as the ratio:
 * against hello world's ~1 ms import it would be a division by almost nothing.
 *
 * Each function is held against its floor, measured in the same rounds: hello world for a function that touches no AWS
 * service, else hello world plus the clients it uses (DynamoDB, S3, SNS, sharp), made at import as a function makes
 * them. Which clients a function uses is read from its imports (bench/lib/import-graph.ts); Secrets Manager, which
 * only reads configuration, is no floor of its own. A function gets the configuration file the build prepares for it
 * (shared/config/shipped-jurisdiction.ts), and a local Secrets Manager stand-in answers the secrets it reads at init.
 *
 * The child runs with the NODE_OPTIONS AppFunction sets on Lambda (infra/constructs/bundling-settings.ts); a second,
 * smaller set of runs with and without --enable-source-maps shows what that flag costs.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_NODE_OPTIONS } from '../../infra/constructs/bundling-settings';
import { loadJurisdiction } from '../../shared/config/jurisdiction-schema';
import { shippedJurisdiction } from '../../shared/config/shipped-jurisdiction';
import { esbuildOptions, ROOT, type CdkBundlingSettings } from '../esbuild-settings';
import { importClosure } from '../lib/import-graph';
import { pairedRatio, summarize, type Summary } from '../lib/stats';

const CHILD = fileURLToPath(new URL('./cold-child.mjs', import.meta.url));

export interface ColdFigure {
  fn: string;
  ok: boolean;
  error?: string;
  /** spawn → exit of a process importing the bundle */
  processMs?: Summary;
  /** performance.now() around the import, inside the child */
  importMs?: Summary;
  /** CPU time (user + system) of the process until the handler was ready: robust against a busy machine */
  cpuMs?: Summary;
  /** cpuMs / hello world's cpuMs, paired by round: the budgeted figure */
  ratio?: Summary;
  /** processMs / hello world's processMs, paired by round */
  wallRatio?: Summary;
  /** environment variables the function needed at import beyond the standard set (found by trying) */
  extraEnv?: string[];
  /** the AWS clients the function uses (none: held against hello world) */
  clients?: AwsClient[];
  /** the floor it is held against: hello world, or hello world + its clients */
  floor?: string;
  /** cpuMs / the floor's cpuMs, paired by round: the budgeted figure */
  floorRatio?: Summary;
}

/** The clients that make a floor, as a function makes them at import. */
const CLIENTS = {
  dynamodb: {
    packages: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-lambda-powertools/idempotency'],
    source:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n" +
      'export const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n',
  },
  s3: { packages: ['@aws-sdk/client-s3', '@aws-sdk/s3-presigned-post'], source: "import { S3Client } from '@aws-sdk/client-s3';\nexport const s3 = new S3Client({});\n" },
  sns: { packages: ['@aws-sdk/client-sns'], source: "import { SNSClient } from '@aws-sdk/client-sns';\nexport const sns = new SNSClient({});\n" },
  sharp: { packages: ['sharp'], source: "import sharpModule from 'sharp';\nexport const sharp = sharpModule;\n" },
} as const;
export type AwsClient = keyof typeof CLIENTS;

/** The clients a function's imports reach, in a fixed order. */
export function clientsOf(fn: string): AwsClient[] {
  const { packages } = importClosure(join('functions', `${fn}.ts`));
  const uses = (p: string) => [...packages].some((x) => x === p || x.startsWith(`${p}/`));
  return (Object.keys(CLIENTS) as AwsClient[]).filter((c) => CLIENTS[c].packages.some(uses));
}

const floorName = (clients: AwsClient[]) => (clients.length === 0 ? '(hello world)' : `(hello world + ${clients.join(' + ')})`);

/** Builds the hello world + clients bundle with the functions' esbuild settings. */
async function buildFloor(settings: CdkBundlingSettings, outDir: string, clients: AwsClient[]): Promise<string> {
  const base = `floor-${clients.join('-')}`;
  const src = join(outDir, `${base}.ts`);
  writeFileSync(
    src,
    clients.map((c) => CLIENTS[c].source).join('') +
      `export const handler = async () => ({ statusCode: 200, body: String([${clients.map((c) => `typeof ${c}`).join(', ')}]) });\n`,
  );
  const file = join(outDir, `${base}.mjs`);
  await build({ ...esbuildOptions(settings, src, file), nodePaths: [join(ROOT, 'node_modules')] });
  return file;
}

const FRAME_FLOOR = '(hello world + dynamodb + HTTP frame)';

/** The DynamoDB floor inside the HTTP frame of the API functions (shared/http/handler.ts), answering nothing. */
async function buildFrameFloor(settings: CdkBundlingSettings, outDir: string): Promise<string> {
  const src = join(outDir, 'floor-frame.ts');
  writeFileSync(
    src,
    CLIENTS.dynamodb.source +
      `import { httpHandler } from ${JSON.stringify(join(ROOT, 'shared/http/handler.ts'))};\n` +
      'export const handler = httpHandler(async () => ({ status: 200, body: typeof dynamodb }));\n',
  );
  const file = join(outDir, 'floor-frame.mjs');
  await build({ ...esbuildOptions(settings, src, file), nodePaths: [join(ROOT, 'node_modules')] });
  return file;
}

/**
 * Secrets Manager on loopback: answers GetSecretValue with a value long enough for every check, so the functions that
 * read a secret at init run that path (client, signed request, parse) as on Lambda, without the network.
 */
export async function startSecretsStandIn(): Promise<{ endpoint: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      const secretId = (JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? 'bench';
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ ARN: secretId, Name: 'bench', VersionId: 'v1', SecretString: plausibleValue('SECRET'), CreatedDate: 1_700_000_000 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export interface ColdResult {
  runs: number;
  method: string;
  nodeOptions: string;
  /** hello world + the clients of a kind of function, measured in the same rounds */
  floors: ColdFigure[];
  emptyProcessMs: Summary;
  hello: { processMs: Summary; importMs: Summary; cpuMs: Summary };
  figures: ColdFigure[];
  /** bundles built with the proposed fixes simulated (sections/what-if.ts), measured in the same rounds; not budgeted */
  whatIf: ColdFigure[];
  /** the same, with NODE_OPTIONS=--enable-source-maps and without it, for a few functions (the flag's price) */
  withoutSourceMaps: { runs: number; hello: Summary; figures: { fn: string; cpuMs: Summary; ratio: Summary; withMapsCpuMs?: Summary; withMapsRatio?: Summary }[] };
}

interface Run {
  wallMs: number;
  importMs?: number;
  cpuMs?: number;
  error?: string;
}

/** The environment the functions read at module load, with harmless values: config validation must pass. */
export function functionEnv(extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k]) base[k] = process.env[k]!;
  return {
    ...base,
    TABLE_NAME: 'bench-reports',
    IDEMPOTENCY_TABLE_NAME: 'bench-idempotency',
    BUCKET_NAME: 'bench-photos',
    JURISDICTION_CONFIG: `${ROOT}config/jurisdictions/kabupaten-serang.json`,
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_SESSION_TOKEN: 'bench-session',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    POWERTOOLS_SERVICE_NAME: 'si-centang',
    POWERTOOLS_METRICS_NAMESPACE: 'SiCentang',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Lambda runs Node 24; this machine's Node 20 would make the SDK print a support warning at import
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

function runOnce(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return resolve({ wallMs, error: err || `exit ${code}` });
      try {
        const parsed = JSON.parse(out) as { importMs: number; cpuMs: number };
        resolve({ wallMs, importMs: parsed.importMs, cpuMs: parsed.cpuMs });
      } catch {
        resolve({ wallMs });
      }
    });
  });
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Runs a bundle once, adding each environment variable it reports missing, until it imports (or fails otherwise). */
async function discoverEnv(
  file: string,
  nodeOptions: string[],
  envWith: (extra: Record<string, string>) => Record<string, string>,
): Promise<{ extra: Record<string, string>; error?: string }> {
  const extra: Record<string, string> = {};
  for (let i = 0; i < 8; i++) {
    const run = await runOnce([...nodeOptions, CHILD, file], envWith(extra));
    if (!run.error) return { extra };
    const missing = missingVariable(run.error);
    if (!missing || missing in extra) return { extra, error: lastLine(run.error) };
    extra[missing] = plausibleValue(missing);
  }
  return { extra, error: 'too many missing environment variables' };
}

/** The variable a function's load said is missing, or undefined when it failed for another reason. */
export function missingVariable(stderr: string): string | undefined {
  // from the error's own line: the minified source line Node prints above it may quote other variables' names; or,
  // for a secret read at the first request (the phone-key pepper), from the function's logged error
  return (
    /^\s*Error: Missing required environment variable (\w+)/m.exec(stderr)?.[1] ??
    /"message":"Missing required environment variable (\w+)"/.exec(stderr)?.[1]
  );
}

/** A value of the shape a variable's name suggests, so the function's own validation at load passes. */
export function plausibleValue(name: string): string {
  if (name.endsWith('_ARN')) return 'arn:aws:sns:ap-southeast-3:123456789012:bench';
  if (name.endsWith('_URL')) return 'https://bench.invalid';
  if (name.endsWith('_REGION')) return 'ap-southeast-3';
  if (/_(MS|SECONDS|SIZE|BYTES|COUNT|DAYS|PERCENT|QUALITY)$/.test(name)) return '10';
  // long enough for any secret-length check
  return 'bench0value0123456789abcdef0123456789abcdef';
}

const lastLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    // the thrown error's own line ("TypeError: …"), not the minified source line Node prints above it
    .filter((l) => /^[\w.]*(Error|Exception)\b/.test(l))
    .slice(0, 2)
    .join(' | ')
    .slice(0, 300) || text.slice(0, 300);

export async function runColdInit(
  bundles: { fn: string; file: string }[],
  helloFile: string,
  opts: { runs: number; noMapRuns: number; noMapFns: string[]; settings: CdkBundlingSettings; outDir: string },
  log: (s: string) => void,
): Promise<ColdResult> {
  const secrets = await startSecretsStandIn();
  try {
    return await measure(bundles, helloFile, opts, secrets.endpoint, log);
  } finally {
    secrets.server.close();
  }
}

async function measure(
  bundles: { fn: string; file: string }[],
  helloFile: string,
  opts: { runs: number; noMapRuns: number; noMapFns: string[]; settings: CdkBundlingSettings; outDir: string },
  secretsEndpoint: string,
  log: (s: string) => void,
): Promise<ColdResult> {
  const nodeOptions = LAMBDA_NODE_OPTIONS.split(' ').filter((o) => o !== '');
  const config = loadJurisdiction(`${ROOT}config/jurisdictions/kabupaten-serang.json`);
  const envOf = (extra: Record<string, string>) => functionEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint, ...extra });

  // each function with the configuration file the build prepares for it, as AppFunction ships it
  const candidates = bundles.map((b) => {
    const jurisdictionFile = join(opts.outDir, `${b.fn}.jurisdiction.json`);
    writeFileSync(jurisdictionFile, shippedJurisdiction(config, b.fn));
    return { ...b, clients: clientsOf(b.fn), base: { JURISDICTION_CONFIG: jurisdictionFile } };
  });
  const floorFiles = new Map<string, { clients: AwsClient[]; file: string; env?: Record<string, string> }>([['(hello world)', { clients: [], file: helloFile }]]);
  for (const c of candidates) {
    const name = floorName(c.clients);
    if (!floorFiles.has(name)) floorFiles.set(name, { clients: c.clients, file: await buildFloor(opts.settings, opts.outDir, c.clients) });
  }
  // Not a budget's floor but the share of one: what the HTTP frame every API function wears costs on top of the client.
  const frameConfig = join(opts.outDir, 'frame.jurisdiction.json');
  writeFileSync(frameConfig, shippedJurisdiction(config, 'get-health'));
  floorFiles.set(FRAME_FLOOR, { clients: ['dynamodb'], file: await buildFrameFloor(opts.settings, opts.outDir), env: { JURISDICTION_CONFIG: frameConfig } });

  const figures: ColdFigure[] = [];
  const ready: { fn: string; file: string; env: Record<string, string>; extra: string[]; clients: AwsClient[] }[] = [];
  for (const b of candidates) {
    const { extra, error } = await discoverEnv(b.file, nodeOptions, (more) => envOf({ ...b.base, ...more }));
    if (error) {
      figures.push({ fn: b.fn, ok: false, error, clients: b.clients, floor: floorName(b.clients) });
      log(`  cold ${b.fn}: does not import: ${error}`);
    } else ready.push({ fn: b.fn, file: b.file, env: envOf({ ...b.base, ...extra }), extra: Object.keys(extra), clients: b.clients });
  }

  const floorTargets = [...floorFiles.entries()].map(([fn, f]) => ({ fn, args: [...nodeOptions, CHILD, f.file], env: envOf(f.env ?? {}) }));
  const targets = [
    { fn: '(empty process)', args: [...nodeOptions, '-e', '0'], env: envOf({}) },
    ...floorTargets,
    ...ready.map((r) => ({ fn: r.fn, args: [...nodeOptions, CHILD, r.file], env: r.env })),
  ];
  const runs = new Map<string, Run[]>(targets.map((t) => [t.fn, []]));
  for (let round = 0; round < opts.runs; round++) {
    for (const t of shuffle(targets)) runs.get(t.fn)!.push(await runOnce(t.args, t.env));
    log(`  cold round ${round + 1}/${opts.runs}`);
  }
  const ok = (fn: string) => runs.get(fn)!.filter((r) => !r.error);
  const hello = runs.get('(hello world)')!;
  const cpu = (rs: Run[]) => rs.map((x) => x.cpuMs ?? Number.NaN);
  const figureOf = (fn: string, rs: Run[]): ColdFigure => ({
    fn,
    ok: true,
    processMs: summarize(rs.map((x) => x.wallMs)),
    importMs: summarize(rs.map((x) => x.importMs ?? Number.NaN)),
    cpuMs: summarize(cpu(rs)),
    ratio: pairedRatio(cpu(rs), cpu(hello)),
    wallRatio: pairedRatio(rs.map((x) => x.wallMs), hello.map((x) => x.wallMs)),
  });
  for (const r of ready) {
    const rs = runs.get(r.fn)!;
    const failed = rs.find((x) => x.error);
    if (failed) {
      figures.push({ fn: r.fn, ok: false, error: lastLine(failed.error!), clients: r.clients, floor: floorName(r.clients) });
      continue;
    }
    const floor = floorName(r.clients);
    figures.push({
      ...figureOf(r.fn, rs),
      ...(r.extra.length > 0 && { extraEnv: r.extra }),
      clients: r.clients,
      floor,
      floorRatio: pairedRatio(cpu(rs), cpu(runs.get(floor)!)),
    });
  }
  figures.sort((a, b) => a.fn.localeCompare(b.fn));
  const floors = floorTargets
    .filter((t) => t.fn !== '(hello world)')
    .map((t) => ({ ...figureOf(t.fn, runs.get(t.fn)!), ...(t.fn === FRAME_FLOOR && { floor: floorName(['dynamodb']), floorRatio: pairedRatio(cpu(runs.get(t.fn)!), cpu(runs.get(floorName(['dynamodb']))!)) }) }));

  // The price of --enable-source-maps: the same bundles with the flag and without, in rounds of their own.
  const mapTargets = [
    { fn: '(hello world)', file: helloFile, env: envOf({}) },
    ...ready.filter((r) => opts.noMapFns.includes(r.fn)).map((r) => ({ fn: r.fn, file: r.file, env: r.env })),
  ].flatMap((t) => [
    { key: `${t.fn} without`, fn: t.fn, args: [CHILD, t.file], env: t.env },
    { key: `${t.fn} with`, fn: t.fn, args: ['--enable-source-maps', CHILD, t.file], env: t.env },
  ]);
  const mapRuns = new Map<string, number[]>(mapTargets.map((t) => [t.key, []]));
  for (let round = 0; round < opts.noMapRuns; round++)
    for (const t of shuffle(mapTargets)) mapRuns.get(t.key)!.push((await runOnce(t.args, t.env)).cpuMs ?? Number.NaN);
  const noMapHello = mapRuns.get('(hello world) without')!;
  const withMapHello = mapRuns.get('(hello world) with')!;

  return {
    runs: opts.runs,
    method:
      'ratio = per-round CPU time (user+system) of `node <child> <bundle>` until the handler is ready, function / hello world; ' +
      'floorRatio = the same against hello world + the clients the function uses; ' +
      'processMs = wall time spawn→exit; importMs = performance.now() around `await import(bundle)` in the child; rounds interleave all bundles in shuffled order',
    nodeOptions: nodeOptions.join(' ') || '(none)',
    floors,
    emptyProcessMs: summarize(ok('(empty process)').map((x) => x.wallMs)),
    hello: {
      processMs: summarize(hello.map((x) => x.wallMs)),
      importMs: summarize(hello.map((x) => x.importMs ?? Number.NaN)),
      cpuMs: summarize(cpu(hello)),
    },
    figures,
    whatIf: [],
    withoutSourceMaps: {
      runs: opts.noMapRuns,
      hello: summarize(noMapHello),
      figures: [...new Set(mapTargets.map((t) => t.fn))]
        .filter((fn) => fn !== '(hello world)')
        .map((fn) => ({
          fn,
          cpuMs: summarize(mapRuns.get(`${fn} without`)!),
          ratio: pairedRatio(mapRuns.get(`${fn} without`)!, noMapHello),
          withMapsCpuMs: summarize(mapRuns.get(`${fn} with`)!),
          withMapsRatio: pairedRatio(mapRuns.get(`${fn} with`)!, withMapHello),
        })),
    },
  };
}
