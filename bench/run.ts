/**
 * `npm run bench`: the performance figures (bench/budgets.ts), each against a baseline measured in the same run, written to
 * bench/results.json and printed as a table. `npm run bench:check` (bench/check.ts) holds them against the budgets.
 *
 *   tsx bench/run.ts                      everything (about 4 minutes on a 2-core machine)
 *   tsx bench/run.ts --only=bundle,cold   some sections: bundle, cold (or cold-init), overhead, capacity, escalation, e2e, location, stats
 *   tsx bench/run.ts --quick              fewer runs and a 20,000-report table (a smoke test, not figures)
 *   tsx bench/run.ts --large=20000        the large escalation table's size
 *
 * A section that fails is recorded under `errors` and the others still run; results.json is written either way.
 * With --only, the sections not run keep their figures from the previous results.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { BUDGETS } from './budgets';
import { BENCH_EXTERNALS, resolveSettings, ROOT } from './esbuild-settings';
import { environment } from './lib/environment';
import { costModel, type CostModel } from './lib/cost-model';
import { printTable } from './lib/table';
import { runBundleSizes, type BundleResult } from './sections/bundle';
import { runColdInit, type ColdResult } from './sections/cold-init';
import { runHandlerOverhead, type OverheadResult } from './sections/handler-overhead';
import type { CapacityResult } from './sections/capacity';
import type { EscalationResult } from './sections/escalation';
import type { E2eResult } from './sections/e2e';
import type { LocationResult } from './sections/location';
import type { StatsResult } from './sections/stats';

export interface Results {
  date: string;
  environment: ReturnType<typeof environment>;
  durationSeconds: number;
  esbuild: { source: string; drift: string[]; settings: unknown; benchExternals: string[] };
  budgets: typeof BUDGETS;
  figures: {
    bundle?: Omit<BundleResult, 'helloFile'>;
    coldInit?: ColdResult;
    handlerOverhead?: OverheadResult;
    capacity?: CapacityResult;
    escalation?: EscalationResult;
    e2e?: E2eResult;
    location?: LocationResult;
    stats?: StatsResult;
  };
  /** what the figures mean on AWS, with the assumptions used (lib/cost-model.ts) */
  costModel?: CostModel;
  errors: { section: string; message: string }[];
}

const SECTIONS = ['bundle', 'cold', 'overhead', 'capacity', 'escalation', 'e2e', 'location', 'stats'] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = args.includes('--quick');
// `cold-init` is the section's long name (bench/sections/cold-init.ts)
const only = new Set<Section>((arg('only')?.split(',').map((s) => (s === 'cold-init' ? 'cold' : s)) as Section[] | undefined) ?? SECTIONS);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; use ${SECTIONS.join(', ')}`);

const P = {
  coldRuns: quick ? 5 : 15,
  coldNoMapRuns: quick ? 3 : 10,
  overhead: quick ? { iterations: 1000, rounds: 3, warmup: 500 } : { iterations: 1000, rounds: 15, warmup: 2000 },
  escalation: { small: 1_000, large: Number(arg('large') ?? (quick ? 20_000 : 100_000)), overdue: 100, repetitions: quick ? 3 : 9, parallel: 12 },
  e2e: { connections: 10, seconds: quick ? 3 : 10 },
  location: { rounds: quick ? 5 : 15, calls: quick ? 2_000 : 20_000 },
  stats: { small: 1_000, large: quick ? 20_000 : 100_000, sample: quick ? 100 : 300, repetitions: quick ? 3 : 9 },
};

const RESULTS_FILE = join(ROOT, 'bench', 'results.json');
const started = performance.now();
const log = (line: string) => console.error(line);
// the SDK's Node 20 notice (Lambda runs Node 24) would only clutter the output
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The creation quotas are read once per process, at the first import of shared/abuse/quotas (capacity or e2e):
// raised here, before either, so the end-to-end load from one address and one number is not answered 429.
process.env.QUOTA_REPORTS_PER_PHONE_PER_DAY = '100000000';
process.env.QUOTA_WRITES_PER_IP_PER_HOUR = '100000000';
// the benchmark sends one body many times and means many reports, not retries of one
process.env.REPORT_DEDUPE_WINDOW_MINUTES = '0';

const previous: Partial<Results> = existsSync(RESULTS_FILE) && only.size < SECTIONS.length ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results) : {};
const settings = await resolveSettings();
const results: Results = {
  date: new Date().toISOString(),
  environment: environment(),
  durationSeconds: 0,
  esbuild: { source: settings.source, drift: settings.drift, settings: settings.settings, benchExternals: BENCH_EXTERNALS },
  budgets: BUDGETS,
  figures: { ...previous.figures },
  errors: [],
};
if (settings.drift.length > 0) log(`! esbuild settings differ from infra/constructs/lambda-function.ts: ${settings.drift.join('; ')}`);

// inside the repository (.cache is git-ignored) so a module left external (sharp) resolves from node_modules
mkdirSync(join(ROOT, '.cache'), { recursive: true });
const tmp = mkdtempSync(join(ROOT, '.cache', 'bench-'));
const prefix = `bench-${randomUUID().slice(0, 6)}`;

async function section<T>(name: Section, fn: () => Promise<T>): Promise<T | undefined> {
  if (!only.has(name)) return undefined;
  log(`\n▶ ${name}`);
  const t = performance.now();
  try {
    const out = await fn();
    log(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    return out;
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n') ?? ''}` : String(err);
    results.errors.push({ section: name, message });
    log(`  FAILED: ${message}`);
    return undefined;
  }
}

let dynamo: { endpoint: string; stop(): Promise<void> } | undefined;
try {
  // 1. bundles (also needed by 2)
  let bundles: BundleResult | undefined;
  if (only.has('bundle') || only.has('cold')) {
    bundles = await section(only.has('bundle') ? 'bundle' : 'cold', () => runBundleSizes(settings.settings, tmp, log));
    if (bundles && only.has('bundle')) {
      const { helloFile: _hello, helloDynamoFile: _helloDynamo, ...rest } = bundles;
      results.figures.bundle = {
        ...rest,
        figures: rest.figures.map(({ file: _file, ...f }) => f),
      };
    }
  }

  // 2. cold init
  if (bundles) {
    const built = bundles.figures.filter((f) => f.ok && f.file).map((f) => ({ fn: f.fn, file: f.file! }));
    const cold = await section('cold', () =>
      runColdInit(
        built,
        bundles!.helloFile,
        {
          runs: P.coldRuns,
          noMapRuns: P.coldNoMapRuns,
          noMapFns: ['create-report', 'get-report', 'get-health'],
          settings: settings.settings,
          outDir: tmp,
        },
        log,
      ),
    );
    if (cold) results.figures.coldInit = cold;
  }

  // 3. handler overhead (child process, one core)
  const overhead = await section('overhead', () => runHandlerOverhead(tmp, P.overhead, log));
  if (overhead) results.figures.handlerOverhead = overhead;

  // 4–6 need DynamoDB Local
  if (only.has('capacity') || only.has('escalation') || only.has('e2e') || only.has('stats')) {
    const { startDynamoDbLocal } = await import('../local/services/dynamodb-local');
    dynamo = await startDynamoDbLocal({});
    log(`\nDynamoDB Local on ${dynamo.endpoint}`);
  }
  const capacity = await section('capacity', async () => {
    const { runCapacity } = await import('./sections/capacity');
    return runCapacity(dynamo!.endpoint, { main: `${prefix}-cap-main`, idempotency: `${prefix}-cap-idem` }, log);
  });
  if (capacity) results.figures.capacity = capacity;

  const escalation = await section('escalation', async () => {
    const { runEscalationScaling } = await import('./sections/escalation');
    return runEscalationScaling(dynamo!.endpoint, { ...P.escalation, prefix }, log);
  });
  if (escalation) results.figures.escalation = escalation;

  const e2e = await section('e2e', async () => {
    const { runEndToEnd } = await import('./sections/e2e');
    return runEndToEnd(dynamo!.endpoint, { ...P.e2e, prefix, tmp }, log);
  });
  if (e2e) results.figures.e2e = e2e;

  const location = await section('location', async () => {
    const { runLocation } = await import('./sections/location');
    return runLocation(settings.settings, tmp, P.location, log);
  });
  if (location) results.figures.location = location;
  const stats = await section('stats', async () => {
    const { runStatsBench } = await import('./sections/stats');
    return runStatsBench(dynamo!.endpoint, { ...P.stats, prefix }, log);
  });
  if (stats) results.figures.stats = stats;
  try {
    results.costModel = await costModel(results.figures.capacity?.figures);
  } catch (err) {
    results.errors.push({ section: 'cost model', message: (err as Error).message });
  }
} finally {
  await dynamo?.stop();
  rmSync(tmp, { recursive: true, force: true });
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  console.log(`\nwritten: bench/results.json (${results.durationSeconds} s)${quick ? ' — QUICK RUN: smoke test, not figures' : ''}`);
}
// local/stack.ts and the SDK leave keep-alive sockets and timers behind
process.exit(results.errors.length > 0 ? 1 : 0);
