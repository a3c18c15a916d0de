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
 * The child runs with NODE_OPTIONS=--enable-source-maps, as AppFunction sets on Lambda; a second, smaller set of
 * runs without it shows what that flag costs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../esbuild-settings';
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
}

export interface ColdResult {
  runs: number;
  method: string;
  nodeOptions: string;
  emptyProcessMs: Summary;
  hello: { processMs: Summary; importMs: Summary; cpuMs: Summary };
  figures: ColdFigure[];
  /** bundles built with the proposed fixes simulated (sections/what-if.ts), measured in the same rounds; not budgeted */
  whatIf: ColdFigure[];
  /** the same, without --enable-source-maps, for a few functions */
  withoutSourceMaps: { runs: number; hello: Summary; figures: { fn: string; cpuMs: Summary; ratio: Summary }[] };
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
async function discoverEnv(file: string, nodeOptions: string[]): Promise<{ extra: Record<string, string>; error?: string }> {
  const extra: Record<string, string> = {};
  for (let i = 0; i < 8; i++) {
    const run = await runOnce([...nodeOptions, CHILD, file], functionEnv(extra));
    if (!run.error) return { extra };
    const missing = /Missing required environment variable (\w+)/.exec(run.error)?.[1];
    if (!missing || missing in extra) return { extra, error: lastLine(run.error) };
    extra[missing] = plausibleValue(missing);
  }
  return { extra, error: 'too many missing environment variables' };
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
    .filter((l) => /Error|error:/.test(l))
    .slice(0, 2)
    .join(' | ')
    .slice(0, 300) || text.slice(0, 300);

export async function runColdInit(
  bundles: { fn: string; file: string }[],
  helloFile: string,
  opts: { runs: number; noMapRuns: number; noMapFns: string[]; whatIf?: { fn: string; file: string }[] },
  log: (s: string) => void,
): Promise<ColdResult> {
  const whatIfNames = new Set((opts.whatIf ?? []).map((w) => w.fn));
  const withMaps = ['--enable-source-maps'];
  const figures: ColdFigure[] = [];
  const ready: { fn: string; file: string; env: Record<string, string>; extra: string[] }[] = [];
  for (const b of [...bundles, ...(opts.whatIf ?? [])]) {
    const { extra, error } = await discoverEnv(b.file, withMaps);
    if (error) {
      figures.push({ fn: b.fn, ok: false, error });
      log(`  cold ${b.fn}: does not import: ${error}`);
    } else ready.push({ ...b, env: functionEnv(extra), extra: Object.keys(extra) });
  }

  const targets = [
    { fn: '(empty process)', args: [...withMaps, '-e', '0'], env: functionEnv() },
    { fn: '(hello world)', args: [...withMaps, CHILD, helloFile], env: functionEnv() },
    ...ready.map((r) => ({ fn: r.fn, args: [...withMaps, CHILD, r.file], env: r.env })),
  ];
  const runs = new Map<string, Run[]>(targets.map((t) => [t.fn, []]));
  for (let round = 0; round < opts.runs; round++) {
    for (const t of shuffle(targets)) runs.get(t.fn)!.push(await runOnce(t.args, t.env));
    log(`  cold round ${round + 1}/${opts.runs}`);
  }
  const ok = (fn: string) => runs.get(fn)!.filter((r) => !r.error);
  const hello = runs.get('(hello world)')!;
  for (const r of ready) {
    const rs = runs.get(r.fn)!;
    const failed = rs.find((x) => x.error);
    if (failed) {
      figures.push({ fn: r.fn, ok: false, error: lastLine(failed.error!) });
      continue;
    }
    figures.push({
      fn: r.fn,
      ok: true,
      processMs: summarize(rs.map((x) => x.wallMs)),
      importMs: summarize(rs.map((x) => x.importMs ?? Number.NaN)),
      cpuMs: summarize(rs.map((x) => x.cpuMs ?? Number.NaN)),
      ratio: pairedRatio(rs.map((x) => x.cpuMs ?? Number.NaN), hello.map((x) => x.cpuMs ?? Number.NaN)),
      wallRatio: pairedRatio(rs.map((x) => x.wallMs), hello.map((x) => x.wallMs)),
      ...(r.extra.length > 0 && { extraEnv: r.extra }),
    });
  }
  figures.sort((a, b) => a.fn.localeCompare(b.fn));
  const whatIf = figures.filter((x) => whatIfNames.has(x.fn));
  const budgeted = figures.filter((x) => !whatIfNames.has(x.fn));

  // Without --enable-source-maps: what the flag costs at init.
  const noMapTargets = [
    { fn: '(hello world)', args: [CHILD, helloFile], env: functionEnv() },
    ...ready.filter((r) => opts.noMapFns.includes(r.fn)).map((r) => ({ fn: r.fn, args: [CHILD, r.file], env: r.env })),
  ];
  const noMapRuns = new Map<string, number[]>(noMapTargets.map((t) => [t.fn, []]));
  for (let round = 0; round < opts.noMapRuns; round++) {
    for (const t of shuffle(noMapTargets)) {
      const run = await runOnce(t.args, t.env);
      noMapRuns.get(t.fn)!.push(run.cpuMs ?? Number.NaN);
    }
  }
  const noMapHello = noMapRuns.get('(hello world)')!;

  return {
    runs: opts.runs,
    method:
      'ratio = per-round CPU time (user+system) of `node <child> <bundle>` until the handler is ready, function / hello world; ' +
      'processMs = wall time spawn→exit; importMs = performance.now() around `await import(bundle)` in the child; rounds interleave all bundles in shuffled order',
    nodeOptions: withMaps.join(' '),
    emptyProcessMs: summarize(ok('(empty process)').map((x) => x.wallMs)),
    hello: {
      processMs: summarize(hello.map((x) => x.wallMs)),
      importMs: summarize(hello.map((x) => x.importMs ?? Number.NaN)),
      cpuMs: summarize(hello.map((x) => x.cpuMs ?? Number.NaN)),
    },
    figures: budgeted,
    whatIf,
    withoutSourceMaps: {
      runs: opts.noMapRuns,
      hello: summarize(noMapHello),
      figures: noMapTargets
        .filter((t) => t.fn !== '(hello world)')
        .map((t) => ({ fn: t.fn, cpuMs: summarize(noMapRuns.get(t.fn)!), ratio: pairedRatio(noMapRuns.get(t.fn)!, noMapHello) })),
    },
  };
}
