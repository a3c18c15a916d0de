/**
 * `npm run load [-- --seconds 60 --clients 8 --seed 1 --out bench/load-results.json]`: a load test of the whole
 * local stack. Not part of `npm test`.
 *
 * It starts its own stack in memory on free ports (its own DynamoDB Local, s3rver, SMS sink, API; 127.0.0.1 only),
 * with quotas raised through the environment before start, then runs `--clients` concurrent clients for `--seconds`,
 * each mixing, by seeded chance:
 *   create         POST /v1/reports, a fresh number each (201)
 *   read           GET /v1/reports/{id} of any report created so far (200)
 *   list           GET /v1/reports, by district or not (200)
 *   staff-read     GET /v1/staff/reports/{id} of its own reports (200, ETag)
 *   staff-list     GET /v1/staff/reports?status=… (200)
 *   transition     POST …/transitions with the current If-Match along the lifecycle (200)
 *   stale          POST …/transitions with an If-Match one version old (deliberate 412)
 * and from 40 % of the run, client 0 becomes an abuser sending reports from one number past its quota (deliberate
 * 429s with Retry-After) until it has had 20 refusals (or 70 % of the run has gone). Each client owns its reports,
 * so no 412 happens by accident.
 *
 * Pass criteria: no answer other than the expected one (deliberate 429s and 412s included in "expected"); after the
 * run (and after the notifier has caught up), every accepted report is readable by staff with its full history
 * (events = successful changes + 1) and its status, and every SMS arrived exactly once (test/support/sms-ledger.ts).
 * Prints a table (requests by type, status counts, p50/p95/p99 latency, req/s) and writes the figures as JSON.
 * Exit code 1 when anything failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { seededRandom } from '../test/support/seeded-random';
import { exactlyOnceProblems, ledgerEntry, type LedgerReport } from '../test/support/sms-ledger';
import { printTable, summarize } from './load-summary';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench/load-results.json' },
    /** how long to wait, after the load, for the notifier to send every SMS */
    'drain-seconds': { type: 'string', default: '300' },
  },
});

const SECONDS = positive('seconds');
const CLIENTS = positive('clients');
const SEED = Number(values.seed);
const DRAIN_MS = positive('drain-seconds') * 1000;
/** the abuser's number may file this many reports a day; everybody else files one per number */
const PHONE_QUOTA = 12;
/** a bound on requests per client, whatever the speed */
const MAX_REQUESTS_PER_CLIENT = 200_000;

function positive(name: 'seconds' | 'clients' | 'drain-seconds'): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got ${values[name]}`);
  return n;
}

// Read by the functions at module load: set before the stack (and with it every function) is imported.
Object.assign(process.env, {
  QUOTA_REPORTS_PER_PHONE_PER_DAY: String(PHONE_QUOTA),
  QUOTA_WRITES_PER_IP_PER_HOUR: '10000000',
  REPORT_DEDUPE_WINDOW_MINUTES: '0', // one description from few numbers means many reports here, not retries
  SMS_COALESCE_MINUTES: '0', // the ledger expects one SMS per status change, sent while the load runs
  // one INFO line per request and per SMS would cost more CPU than some handlers; warnings and errors still show
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

type Op = 'create' | 'read' | 'list' | 'staff-read' | 'staff-list' | 'transition' | 'stale' | 'abuse';
const EXPECTED: Record<Op, number[]> = {
  create: [201],
  read: [200],
  list: [200],
  'staff-read': [200],
  'staff-list': [200],
  transition: [200],
  stale: [412],
  abuse: [201, 429],
};
/** the mix, by weight; "abuse" is a phase, not a draw */
const MIX: Array<[Exclude<Op, 'abuse'>, number]> = [
  ['create', 18],
  ['read', 22],
  ['list', 12],
  ['staff-read', 12],
  ['staff-list', 6],
  ['transition', 24],
  ['stale', 6],
];
const TOTAL_WEIGHT = MIX.reduce((s, [, w]) => s + w, 0);

/** The lifecycle each report walks (category "lainnya": no completion photo needed). */
const LIFECYCLE: Array<Record<string, string>> = [
  { to: 'verified', unit: 'verifikasi', note: 'Sudah dicek petugas' },
  { to: 'in_progress', note: 'Tim berangkat' },
  { to: 'resolved', note: 'Sudah diperbaiki' },
  { to: 'closed' },
];
const STATUS_AFTER = ['received', ...LIFECYCLE.map((s) => s.to!)];
const DISTRICTS = ['cikande', 'kibin', 'ciruas', 'kragilan', 'kramatwatu', 'anyar', 'baros', 'petir'];

interface Owned {
  id: string;
  phone: string;
  version: number;
  changes: number;
}

interface Sample {
  op: Op;
  status: number;
  ms: number;
}

interface Failure {
  op: Op;
  status: number;
  detail: string;
}

async function main() {
  const { startLocalStack } = await import('../local/stack');
  const startT = Date.now();
  console.log(`load: starting the local stack (in memory, its own DynamoDB Local) …`);
  const stack = await startLocalStack({ port: 0, log: () => undefined, escalationIntervalMs: false });
  const base = stack.url;
  if (!base.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load anything but loopback: ${base}`);
  const admin = `Bearer ${await stack.token({ role: 'admin' })}`;
  console.log(`load: stack up at ${base} in ${((Date.now() - startT) / 1000).toFixed(1)} s; ${CLIENTS} clients for ${SECONDS} s (seed ${SEED})`);

  const samples: Sample[] = [];
  const failures: Failure[] = [];
  const everyone: Owned[] = [];
  const owned: Owned[][] = Array.from({ length: CLIENTS }, () => []);
  const abuserPhone = '081299900000';
  let phoneSeq = 0;
  const nextPhone = () => `0813${String(++phoneSeq).padStart(8, '0')}`;

  async function request(op: Op, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const t = performance.now();
    let status = 0;
    let text = '';
    let resHeaders: Headers | undefined;
    try {
      const res = await fetch(base + path, {
        method,
        headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      status = res.status;
      resHeaders = res.headers;
      text = await res.text();
    } catch (err) {
      text = `${(err as Error).name}: ${(err as Error).message}`;
    }
    samples.push({ op, status, ms: performance.now() - t });
    if (!EXPECTED[op].includes(status)) failures.push({ op, status, detail: `${method} ${path}: ${text.slice(0, 300)}` });
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status, json, headers: resHeaders };
  }

  const reportBody = (phone: string, district: string) => ({
    category: 'lainnya',
    district,
    description: 'Trotoar amblas di depan puskesmas, pejalan kaki terpaksa turun ke jalan',
    location: { lat: -6.12, lon: 106.2 },
    reporter: { phone },
  });

  const t0 = Date.now();
  const deadline = t0 + SECONDS * 1000;
  const abuseFrom = t0 + SECONDS * 1000 * 0.4;
  const abuseUntil = t0 + SECONDS * 1000 * 0.7;
  const ABUSE_REFUSALS = 20;
  let abuseAccepted = 0;
  let abuse429 = 0;
  let missingRetryAfter = 0;

  async function client(index: number) {
    const random = seededRandom(SEED * 1_000 + index);
    const mine = owned[index]!;
    const pick = <T>(list: readonly T[]): T | undefined => (list.length === 0 ? undefined : list[Math.floor(random() * list.length)]);
    for (let n = 0; n < MAX_REQUESTS_PER_CLIENT && Date.now() < deadline; n++) {
      const now = Date.now();
      if (index === 0 && now >= abuseFrom && now < abuseUntil && abuse429 < ABUSE_REFUSALS) {
        const r = await request('abuse', 'POST', '/v1/reports', reportBody(abuserPhone, 'pontang'));
        if (r.status === 201) {
          abuseAccepted++;
          const o = { id: r.json.id as string, phone: '+6281299900000', version: 1, changes: 0 };
          everyone.push(o); // not owned: nobody moves these, so their SMS stay under the daily cap
        } else if (r.status === 429) {
          abuse429++;
          if (!(Number(r.headers?.get('retry-after')) > 0)) missingRetryAfter++;
        }
        continue;
      }
      let x = random() * TOTAL_WEIGHT;
      let op: Exclude<Op, 'abuse'> = 'create';
      for (const [name, w] of MIX) {
        if ((x -= w) < 0) {
          op = name;
          break;
        }
      }
      const movable = mine.filter((o) => o.changes < LIFECYCLE.length);
      if ((op === 'transition' || op === 'staff-read') && movable.length === 0) op = 'create';
      if (op === 'stale' && !mine.some((o) => o.changes > 0)) op = 'create';
      if (op === 'read' && everyone.length === 0) op = 'create';

      switch (op) {
        case 'create': {
          const phone = nextPhone();
          const r = await request('create', 'POST', '/v1/reports', reportBody(phone, pick(DISTRICTS)!));
          if (r.status === 201) {
            const o = { id: r.json.id as string, phone: `+62${phone.slice(1)}`, version: 1, changes: 0 };
            mine.push(o);
            everyone.push(o);
          }
          break;
        }
        case 'read': {
          const o = pick(everyone)!;
          await request('read', 'GET', `/v1/reports/${o.id}`);
          break;
        }
        case 'list': {
          const district = random() < 0.5 ? pick(DISTRICTS) : undefined;
          await request('list', 'GET', `/v1/reports?limit=20${district ? `&district=${district}` : ''}`);
          break;
        }
        case 'staff-read': {
          const o = pick(mine)!;
          const r = await request('staff-read', 'GET', `/v1/staff/reports/${o.id}`, undefined, { authorization: admin });
          if (r.status === 200 && r.headers?.get('etag') !== `"${o.version}"`)
            failures.push({ op, status: r.status, detail: `${o.id}: ETag ${r.headers?.get('etag')} where ${o.version} was expected` });
          break;
        }
        case 'staff-list': {
          const status = pick(['received', 'verified', 'in_progress'])!;
          await request('staff-list', 'GET', `/v1/staff/reports?status=${status}&limit=25`, undefined, { authorization: admin });
          break;
        }
        case 'transition': {
          const o = pick(movable)!;
          const r = await request('transition', 'POST', `/v1/staff/reports/${o.id}/transitions`, LIFECYCLE[o.changes], {
            authorization: admin,
            'if-match': `"${o.version}"`,
          });
          if (r.status === 200) {
            o.version++;
            o.changes++;
          }
          break;
        }
        case 'stale': {
          const o = pick(mine.filter((m) => m.changes > 0))!;
          const step = LIFECYCLE[Math.min(o.changes, LIFECYCLE.length - 1)];
          await request('stale', 'POST', `/v1/staff/reports/${o.id}/transitions`, step, { authorization: admin, 'if-match': `"${o.version - 1}"` });
          break;
        }
      }
    }
  }

  const progress = setInterval(() => {
    const s = (Date.now() - t0) / 1000;
    console.log(`load: ${s.toFixed(0)} s, ${samples.length} requests, ${everyone.length} reports, ${failures.length} unexpected answers, ${stack.sms.outbox().length} SMS`);
  }, 10_000);
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  clearInterval(progress);
  const loadSeconds = (Date.now() - t0) / 1000;

  // SMS: one per notifying event (created + each change); wait for the notifier to catch up
  const expectedSms = everyone.reduce((s, o) => s + 1 + o.changes, 0);
  const drainStart = Date.now();
  const smsAtEnd = stack.sms.outbox().length;
  while (stack.sms.outbox().length < expectedSms && Date.now() - drainStart < DRAIN_MS) await new Promise((r) => setTimeout(r, 250));
  const drainSeconds = (Date.now() - drainStart) / 1000;
  console.log(`load: ${smsAtEnd} of ${expectedSms} SMS sent when the load stopped; all ${stack.sms.outbox().length} after ${drainSeconds.toFixed(1)} s more`);

  // Verification: every accepted report, readable with its full history, and exactly-once SMS
  const verifyStart = Date.now();
  const historyProblems: string[] = [];
  const ledger: LedgerReport[] = [];
  const queue = [...everyone];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let o = queue.shift(); o; o = queue.shift()) {
        const res = await fetch(`${base}/v1/staff/reports/${o.id}`, { headers: { authorization: admin } });
        const view = (await res.json()) as any;
        if (res.status !== 200) {
          historyProblems.push(`${o.id}: staff read ${res.status}`);
          continue;
        }
        if (view.history.length !== o.changes + 1) historyProblems.push(`${o.id}: ${view.history.length} events for ${o.changes} changes`);
        if (view.status !== STATUS_AFTER[o.changes]) historyProblems.push(`${o.id}: status ${view.status}, expected ${STATUS_AFTER[o.changes]}`);
        if (view.version !== o.version) historyProblems.push(`${o.id}: version ${view.version}, expected ${o.version}`);
        const pub = await fetch(`${base}/v1/reports/${o.id}`);
        await pub.arrayBuffer();
        if (pub.status !== 200) historyProblems.push(`${o.id}: public read ${pub.status}`);
        ledger.push(ledgerEntry(view));
      }
    }),
  );
  const smsProblems = exactlyOnceProblems(ledger, stack.sms.outbox());
  const verifySeconds = (Date.now() - verifyStart) / 1000;
  const notifierFailures = stack.notifier.failures().length;
  await stack.stop();

  // Figures
  const ops: Op[] = ['create', 'read', 'list', 'staff-read', 'staff-list', 'transition', 'stale', 'abuse'];
  const byType = Object.fromEntries(
    ops
      .map((op) => [op, summarize(samples.filter((s) => s.op === op), loadSeconds)] as const)
      .filter(([, v]) => v.requests > 0),
  );
  const total = summarize(samples, loadSeconds);
  const deliberate = { '412': samples.filter((s) => s.op === 'stale' && s.status === 412).length, '429': abuse429 };
  const ok =
    failures.length === 0 && historyProblems.length === 0 && smsProblems.length === 0 && notifierFailures === 0 && missingRetryAfter === 0 && abuse429 > 0;

  printTable(byType, total);
  console.log(
    `\nreports accepted: ${everyone.length} (abuser: ${abuseAccepted} accepted, ${abuse429} refused with 429); status changes: ${everyone.reduce((s, o) => s + o.changes, 0)}; ` +
      `deliberate 412: ${deliberate['412']}, 429: ${deliberate['429']}; unexpected answers: ${failures.length}`,
  );
  console.log(`SMS: ${expectedSms} expected, ${stack.sms.outbox().length} in the outbox; notifier behind by ${expectedSms - smsAtEnd} at the end of the load, caught up in ${drainSeconds.toFixed(1)} s`);
  console.log(`verification (${verifySeconds.toFixed(1)} s): history ${historyProblems.length} problems, SMS exactly once ${smsProblems.length} problems, on-failure records ${notifierFailures}`);
  for (const line of [...failures.slice(0, 10).map((f) => `unexpected ${f.status} on ${f.op}: ${f.detail}`), ...historyProblems.slice(0, 10), ...smsProblems.slice(0, 10)])
    console.log(`  ! ${line}`);

  const out = resolve(values.out!);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        ok,
        startedAt: new Date(t0).toISOString(),
        settings: { seconds: SECONDS, clients: CLIENTS, seed: SEED, phoneQuotaPerDay: PHONE_QUOTA, mix: Object.fromEntries(MIX) },
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
        loadSeconds,
        total,
        byType,
        deliberate,
        unexpected: failures.length,
        unexpectedSamples: failures.slice(0, 20),
        reports: { accepted: everyone.length, abuserAccepted: abuseAccepted, statusChanges: everyone.reduce((s, o) => s + o.changes, 0) },
        sms: { expected: expectedSms, delivered: stack.sms.outbox().length, sentByEndOfLoad: smsAtEnd, drainSeconds, onFailureRecords: notifierFailures },
        verification: { seconds: verifySeconds, historyProblems: historyProblems.slice(0, 50), smsProblems: smsProblems.slice(0, 50) },
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\n${ok ? 'PASS' : 'FAIL'}: figures in ${out}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
