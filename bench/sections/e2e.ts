/**
 * 6. End to end on the local stack: autocannon (its CLI, in its own process) against POST /v1/reports and
 * GET /v1/reports/{id}, then the raw SDK calls behind them (raw-load-child.ts) straight at the same DynamoDB Local,
 * at the same concurrency for the same time. Ratios: latency e2e / raw (p50, p99) and throughput raw / e2e, so
 * every ratio reads "times the cost of the bare database call".
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../esbuild-settings';

const RAW_CHILD = fileURLToPath(new URL('./raw-load-child.ts', import.meta.url));
const AUTOCANNON = join(ROOT, 'node_modules/autocannon/autocannon.js');

export interface LoadFigure {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx?: number;
}

export interface E2eFigure {
  route: string;
  e2e: LoadFigure;
  raw: LoadFigure & { call: string };
  ratio: { p50: number; p99: number; throughput: number };
}

export interface E2eResult {
  connections: number;
  seconds: number;
  figures: E2eFigure[];
  /** time the local notifier took to catch up before and after each measurement */
  notifierDrainSeconds?: number[];
  note: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface AutocannonJson {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  duration: number;
}

async function autocannon(url: string, connections: number, seconds: number, post?: string): Promise<LoadFigure> {
  const args = [AUTOCANNON, '-c', String(connections), '-d', String(seconds), '-j', '-n'];
  if (post !== undefined) args.push('-m', 'POST', '-H', 'content-type=application/json', '-b', post);
  const out = await run(process.execPath, [...args, url]);
  if (out.code !== 0) throw new Error(`autocannon exited ${out.code}: ${out.stderr}`);
  const j = JSON.parse(out.stdout) as AutocannonJson;
  return {
    requests: j.requests.total,
    perSecond: Math.round((j.requests.total / j.duration) * 10) / 10,
    p50: j.latency.p50,
    p99: j.latency.p99,
    errors: j.errors,
    non2xx: j.non2xx,
  };
}

async function raw(endpoint: string, table: string, mode: 'create' | 'get', connections: number, seconds: number, id: string, tmp: string): Promise<LoadFigure> {
  const file = join(tmp, `raw-${mode}.json`);
  const out = await run(process.execPath, ['--import', 'tsx', RAW_CHILD, endpoint, table, mode, String(connections), String(seconds), id, file], {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  if (out.code !== 0) throw new Error(`raw-load-child exited ${out.code}: ${out.stderr}`);
  const r = JSON.parse(readFileSync(file, 'utf8')) as { requests: number; perSecond: number; p50: number; p99: number; errors: number };
  return { requests: r.requests, perSecond: Math.round(r.perSecond * 10) / 10, p50: Math.round(r.p50 * 100) / 100, p99: Math.round(r.p99 * 100) / 100, errors: r.errors };
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export async function runEndToEnd(
  dynamoEndpoint: string,
  opts: { connections: number; seconds: number; prefix: string; tmp: string },
  log: (s: string) => void,
): Promise<E2eResult> {
  // The creation quotas (per phone number and per source address) would answer 429 after a few requests of one
  // load generator on 127.0.0.1: raised far above the load, the counters are still written on every create, as on
  // AWS. The functions read these at module load, which happens at their first request, after this.
  process.env.QUOTA_REPORTS_PER_PHONE_PER_DAY = '100000000';
  process.env.QUOTA_WRITES_PER_IP_PER_HOUR = '100000000';
  // the benchmark sends one body many times and means many reports, not retries of one
  process.env.REPORT_DEDUPE_WINDOW_MINUTES = '0';
  // Every log line is a write to this process's stderr, which autocannon's numbers would carry; errors still show.
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const { startLocalStack } = await import('../../local/stack');
  const names = { main: `${opts.prefix}-e2e-main`, idempotency: `${opts.prefix}-e2e-idem`, bucket: `${opts.prefix}-e2e-photos` };
  const stack = await startLocalStack({ port: 0, dynamoEndpoint, names, log: () => undefined });
  try {
    const body = JSON.stringify({
      category: 'jalan-rusak',
      description: 'Jalan berlubang besar di depan pasar Cikande, membahayakan motor',
      district: 'cikande',
      location: { lat: -6.2, lon: 106.3 },
      reporter: { phone: '0812-3456-7890', name: 'Budi Santoso' },
    });
    const seeded = await fetch(`${stack.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (seeded.status !== 201) throw new Error(`seeding a report answered ${seeded.status}: ${await seeded.text()}`);
    const id = ((await seeded.json()) as { id: string }).id;
    // warm the two handlers (first import through tsx) outside the measurement; a failing handler stops here, with
    // its answer, instead of being load-tested as a fast stream of 500s
    for (let i = 0; i < 20; i++) {
      for (const res of [
        await fetch(`${stack.url}/v1/reports/${id}`),
        await fetch(`${stack.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      ]) {
        const text = await res.text();
        if (res.status >= 300) throw new Error(`${res.url} answered ${res.status} during warm-up: ${text.slice(0, 300)}`);
      }
    }

    // The stack's stream poller runs the notifier for every created report. Its backlog is drained before each
    // measurement, so no phase pays for the SMS work of the one before.
    const notifier = (stack as { notifier?: { drained(): Promise<void> } }).notifier;
    const drainSeconds: number[] = [];
    const drain = async () => {
      if (!notifier) return;
      const t = performance.now();
      await Promise.race([notifier.drained(), new Promise((r) => setTimeout(r, 120_000))]);
      drainSeconds.push(Math.round((performance.now() - t) / 100) / 10);
    };

    const figures: E2eFigure[] = [];
    const pair = async (route: string, e2e: () => Promise<LoadFigure>, mode: 'create' | 'get', call: string) => {
      await drain();
      const e = await e2e();
      await drain();
      if ((e.non2xx ?? 0) > e.requests * 0.01) throw new Error(`${route}: ${e.non2xx} of ${e.requests} answers were not 2xx`);
      log(`  e2e ${route}: ${e.perSecond} req/s, p50 ${e.p50} ms, p99 ${e.p99} ms${e.non2xx ? `, ${e.non2xx} non-2xx` : ''}`);
      const b = await raw(dynamoEndpoint, names.main, mode, opts.connections, opts.seconds, id, opts.tmp);
      log(`  raw ${call}: ${b.perSecond} req/s, p50 ${b.p50} ms, p99 ${b.p99} ms`);
      figures.push({ route, e2e: e, raw: { ...b, call }, ratio: { p50: r2(e.p50 / b.p50), p99: r2(e.p99 / b.p99), throughput: r2(b.perSecond / e.perSecond) } });
    };
    await pair('GET /v1/reports/{id}', () => autocannon(`${stack.url}/v1/reports/${id}`, opts.connections, opts.seconds), 'get', 'GetItem (report)');
    await pair('POST /v1/reports', () => autocannon(`${stack.url}/v1/reports`, opts.connections, opts.seconds, body), 'create', 'TransactWriteItems (report + event)');
    return {
      connections: opts.connections,
      seconds: opts.seconds,
      figures,
      notifierDrainSeconds: drainSeconds,
      note:
        'local stack = this process (tsx, un-bundled handlers, the API adapter, and the stream poller running the notifier on every created report, drained before each phase) + DynamoDB Local; ' +
        'creation quotas raised far above the load (still written on every create); POWERTOOLS_LOG_LEVEL=ERROR; ' +
        'autocannon and the raw driver each run in their own process; all on one 2-core machine, so load generator, Node and Java compete for the same cores',
    };
  } finally {
    await stack.stop();
  }
}
