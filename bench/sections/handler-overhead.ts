/**
 * 3. Handler overhead: runs handler-child.ts in its own Node process, pinned to one core (taskset) when the machine
 * has it, and turns its invocation rates into figures. The ratio is bare rate / middy rate (time per invocation of
 * the full handler against the bare one): 1.0 means the middleware stack costs nothing, 1.3 is the budget.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pairedRatio, summarize, type Summary } from '../lib/stats';
import { missingVariable, plausibleValue, startSecretsStandIn } from './cold-init';

const CHILD = fileURLToPath(new URL('./handler-child.ts', import.meta.url));

export interface OverheadFigure {
  route: string;
  /** invocations per second of the exported handler (middy + middlewares) */
  middyPerSecond: Summary;
  /** the same use case through bareHandler only */
  barePerSecond: Summary;
  /** bare / middy per round: how many times longer an invocation takes with the stack */
  ratio: Summary;
  /** microseconds the stack adds per invocation (median) */
  addedMicroseconds: number;
  dynamoCallsPerInvocation: number;
  /** calls to the base DynamoDBClient (the idempotency store) during warm-up: 0 without an Idempotency-Key */
  idempotencyStoreCalls: number;
  iterations: number;
  rounds: number;
  /** variants of the stack measured in the same rounds (not budgeted): bare / variant per round */
  whatIf?: { variant: string; perSecond: Summary; ratio: Summary }[];
}

export interface OverheadResult {
  pinnedCore: string;
  figures: OverheadFigure[];
}

interface ChildArm {
  iterations: number;
  middyRate: number[];
  bareRate: number[];
  whatIf: Record<string, number[]>;
  baseCallsDuringWarmup: number;
  docCallsPerInvocation: number;
}

interface ChildResult {
  rounds: number;
  create: ChildArm;
  get: ChildArm;
}

export async function runHandlerOverhead(
  tmp: string,
  opts: { iterations: number; rounds: number; warmup: number },
  log: (s: string) => void,
): Promise<OverheadResult> {
  const out = join(tmp, 'handler-overhead.json');
  rmSync(out, { force: true });
  const taskset = spawnSync('taskset', ['--version']).status === 0;
  const core = '1';
  const args = ['--import', 'tsx', CHILD, out, String(opts.iterations), String(opts.rounds), String(opts.warmup)];
  const [cmd, cmdArgs] = taskset ? ['taskset', ['-c', core, process.execPath, ...args]] : [process.execPath, args];
  // Variables the functions need at load beyond the standard set are found by trying, as for cold init.
  // secrets the functions read at load come from a stand-in, as in the cold-init section
  const secrets = await startSecretsStandIn();
  const extra: Record<string, string> = { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint };
  for (let attempt = 0; ; attempt++) {
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      // stdout: Powertools Metrics writes one EMF line per create, as on Lambda; nobody reads it here
      const child = spawn(cmd, cmdArgs as string[], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...extra, NODE_NO_WARNINGS: '1' } });
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
      child.on('close', resolve);
    });
    if (code === 0) break;
    const missing = missingVariable(stderr);
    if (!missing || missing in extra || attempt >= 8) {
      secrets.server.close();
      throw new Error(`handler-child exited ${code}: ${stderr}`);
    }
    extra[missing] = plausibleValue(missing);
  }
  secrets.server.close();
  const r = JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
  const figure = (route: string, arm: ChildArm, key: 'create' | 'get'): OverheadFigure => {
    const middy = summarize(arm.middyRate);
    const bare = summarize(arm.bareRate);
    return {
      route,
      middyPerSecond: { ...middy, median: Math.round(middy.median), min: Math.round(middy.min), max: Math.round(middy.max) },
      barePerSecond: { ...bare, median: Math.round(bare.median), min: Math.round(bare.min), max: Math.round(bare.max) },
      ratio: pairedRatio(arm.bareRate, arm.middyRate),
      addedMicroseconds: Math.round((1e6 / middy.median - 1e6 / bare.median) * 10) / 10,
      dynamoCallsPerInvocation: arm.docCallsPerInvocation,
      idempotencyStoreCalls: arm.baseCallsDuringWarmup,
      iterations: arm.iterations,
      rounds: r.rounds,
      ...(Object.keys(arm.whatIf).length > 0 && {
        whatIf: Object.entries(arm.whatIf).map(([variant, rates]) => {
          const sum = summarize(rates);
          return { variant, perSecond: { ...sum, median: Math.round(sum.median), min: Math.round(sum.min), max: Math.round(sum.max) }, ratio: pairedRatio(arm.bareRate, rates) };
        }),
      }),
    };
  };
  const figures = [figure('POST /v1/reports', r.create, 'create'), figure('GET /v1/reports/{id}', r.get, 'get')];
  for (const f of figures) log(`  overhead ${f.route}: ×${f.ratio.median}`);
  return { pinnedCore: taskset ? `taskset -c ${core}` : 'not pinned (no taskset)', figures };
}
