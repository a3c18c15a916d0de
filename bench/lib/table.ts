/** The run's figures as plain-text tables (stdout), with the budget verdict beside each budgeted figure. */
import type { Results } from '../run';
import { bundleBudgetKB } from '../sections/bundle-budget';
import { coldInitBudget } from '../budgets';
import { fmt } from './stats';

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  // numbers (and "median (min–max)") right-aligned, text left-aligned
  const numeric = head.map((_, i) => rows.every((r) => /^[-\d.,()–×\s—]*$/.test(String(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [`\n${title}`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'ok' : 'OVER');

export function printTable(r: Results): void {
  const b = r.budgets;
  const f = r.figures;
  const out: string[] = [];
  out.push(`Si Centang benchmarks — ${r.date}`);
  out.push(`${r.environment.node} on ${r.environment.cpuModel} (${r.environment.cores} cores, ${r.environment.memoryMB} MB); esbuild settings: ${r.esbuild.source}${r.esbuild.drift.length ? ` (DRIFT: ${r.esbuild.drift.join('; ')})` : ''}`);

  if (f.bundle) {
    out.push(
      table(
        `1. Bundle size, CDK esbuild settings (hello world ${f.bundle.helloKB} KB) — budget ≤ ${b.apiBundleKB} KB behind an API route, ≤ ${b.backgroundBundleKB} KB otherwise`,
        ['function', 'KB', 'map KB', 'budget', '', 'top contributors (KB)'],
        f.bundle.figures.map((x) =>
          x.ok
            ? [x.fn, x.kb, x.mapKB, bundleBudgetKB(x.fn), verdict(x.kb <= bundleBudgetKB(x.fn)), x.top.map((t) => `${t.name} ${Math.round(t.kb)}`).join(', ')]
            : [x.fn, '—', '—', bundleBudgetKB(x.fn), 'FAIL', `build failed: ${x.error ?? ''}`.slice(0, 90)],
        ),
      ),
    );
  }
  if (f.coldInit) {
    const c = f.coldInit;
    out.push(
      table(
        `2. Cold init, ${c.runs} runs each, NODE_OPTIONS=${c.nodeOptions}; hello world: CPU ${fmt(c.hello.cpuMs, 0)} ms, wall ${fmt(c.hello.processMs, 0)} ms (empty node ${fmt(c.emptyProcessMs, 0)}) — ` +
          `budget (CPU) ≤ ${b.coldInitNoAwsRatio}× hello world without clients, ≤ ${b.coldInitDynamoRatio}× hello world + DynamoDB, ≤ ${b.coldInitOtherClientsRatio}× hello world + its clients`,
        ['function', 'CPU ms', '×hello', 'floor', '×floor', '', 'wall ms', 'import ms'],
        c.figures.map((x) =>
          x.ok && x.floorRatio
            ? [x.fn, fmt(x.cpuMs, 0), fmt(x.ratio, 2), x.floor ?? '', fmt(x.floorRatio, 2), verdict(x.floorRatio.median <= coldInitBudget(x.clients ?? [])), fmt(x.processMs, 0), fmt(x.importMs, 0)]
            : [x.fn, '—', '—', x.floor ?? '', '—', 'FAIL', (x.error ?? '').slice(0, 80), ''],
        ),
      ),
    );
    if (c.floors?.length)
      out.push(
        table(
          '   the floors: hello world + the clients a kind of function uses, made at import (same rounds); and, for scale, the HTTP frame of an API function on the DynamoDB floor',
          ['floor', 'CPU ms', 'ratio ×hello', '×its floor', 'wall ms', 'import ms'],
          c.floors.map((x) => [x.fn, fmt(x.cpuMs, 0), fmt(x.ratio, 2), x.floorRatio ? fmt(x.floorRatio, 2) : '', fmt(x.processMs, 0), fmt(x.importMs, 0)]),
        ),
      );
    if (c.withoutSourceMaps.figures.length > 0)
      out.push(
        table(
          `   the price of --enable-source-maps (${c.withoutSourceMaps.runs} runs each way; hello world CPU ${fmt(c.withoutSourceMaps.hello, 0)} ms without)`,
          ['function', 'CPU ms without', '×hello', 'CPU ms with', '×hello'],
          c.withoutSourceMaps.figures.map((x) => [x.fn, fmt(x.cpuMs, 0), fmt(x.ratio, 2), x.withMapsCpuMs ? fmt(x.withMapsCpuMs, 0) : '—', x.withMapsRatio ? fmt(x.withMapsRatio, 2) : '—']),
        ),
      );
  }
  if (f.handlerOverhead) {
    const h = f.handlerOverhead;
    out.push(
      table(
        `3. Handler overhead, mocked DynamoDB, one core (${h.pinnedCore}), invocations per CPU-second — budget ≤ ${b.handlerOverheadRatio}×`,
        ['route', 'middy inv/s', 'bare inv/s', 'ratio', 'µs added', 'idem. calls', ''],
        h.figures.map((x) => [
          x.route,
          fmt(x.middyPerSecond, 0),
          fmt(x.barePerSecond, 0),
          fmt(x.ratio, 2),
          x.addedMicroseconds,
          x.idempotencyStoreCalls,
          verdict(x.ratio.median <= b.handlerOverheadRatio),
        ]),
      ),
    );
  }
  const variants = f.handlerOverhead?.figures.flatMap((x) => (x.whatIf ?? []).map((w) => [x.route, w.variant, fmt(w.perSecond, 0), fmt(w.ratio, 2)]));
  if (variants?.length) out.push(table('   variants of the stack, same rounds (not budgeted)', ['route', 'variant', 'inv/s', 'ratio'], variants));
  if (f.capacity) {
    const c = f.capacity;
    out.push(
      table(
        '4. Capacity units per operation: DynamoDB Local (ReturnConsumedCapacity=INDEXES) vs lower bound and AWS model',
        ['operation', 'Local RCU', 'Local WCU (table+GSI)', 'lower RCU', 'lower WCU', 'AWS WCU', 'Local/lower', 'item bytes'],
        c.figures.map((x) => [
          x.operation,
          x.measured.read,
          `${x.measured.write} (${x.measured.table}+${x.measured.indexes})`,
          x.lowerBound.read,
          x.lowerBound.write,
          x.awsModel.write,
          x.ratio,
          x.itemBytes.length > 3 ? `${x.itemBytes.length} items` : x.itemBytes.join('/'),
        ]),
      ),
    );
    if (c.pending.length) out.push(`   pending: ${c.pending.join('; ')}`);
    if (c.errors.length) out.push(`   errors: ${c.errors.join('; ')}`);
  }
  if (f.escalation) {
    const e = f.escalation;
    out.push(
      table(
        `5. Escalation scaling (${e.mode}; ${e.repetitions} runs each) — budget items-read ratio ≤ ${b.escalationRatio}`,
        ['table', 'overdue', 'items read', 'run ms', 'seeding s'],
        [e.small, e.large].map((s) => [`${s.reports} reports`, s.overdue, fmt(s.itemsRead, 0), fmt(s.runMs, 0), s.seedSeconds]),
      ),
    );
    out.push(`   ratio large/small: items read ${fmt(e.itemsReadRatio, 2)} ${verdict(e.itemsReadRatio.median <= b.escalationRatio)}; time ${fmt(e.timeRatio, 2)}`);
    if (e.errors.length) out.push(`   errors: ${e.errors.join('; ')}`);
  }
  if (f.stats) {
    const st = f.stats;
    out.push(
      table(
        `7. Statistics answer (GET /v1/stats, 12 months) — reads of the aggregates, budget read-units ratio ≤ ${b.statsRatio}`,
        ['reports', 'aggregate items', 'Queries', 'read units', 'answer ms'],
        [st.small, st.large].map((x) => [x.reports, x.aggregateItems, x.requests, x.readUnits, fmt(x.ms, 1)]),
      ),
    );
    out.push(`   ratio large/small: read units ${st.readUnitsRatio} ${verdict(st.readUnitsRatio <= b.statsRatio)}; Queries ${st.requestsRatio}`);
    const a = st.aggregator.perHistoryEvent;
    out.push(`   aggregator per history event: ${a.requests} requests, ${a.readUnits} RRU, ${a.writeUnits} WRU as DynamoDB Local reports, ${a.billedWriteUnits} WRU as AWS bills, ${a.ms} ms; $${st.aggregator.usdPerMillionHistoryEvents} per million events`);
  }
  if (f.e2e) {
    const e = f.e2e;
    out.push(
      table(
        `6. End to end on the local stack, autocannon ${e.connections} connections × ${e.seconds} s, vs the raw SDK call at the same concurrency`,
        ['route', 'req/s', 'p50 ms', 'p99 ms', 'raw call', 'raw req/s', 'raw p50', 'raw p99', '×p50', '×p99', '×throughput', 'non-2xx'],
        e.figures.map((x) => [x.route, x.e2e.perSecond, x.e2e.p50, x.e2e.p99, x.raw.call, x.raw.perSecond, x.raw.p50, x.raw.p99, x.ratio.p50, x.ratio.p99, x.ratio.throughput, x.e2e.non2xx ?? 0]),
      ),
    );
  }
  if (r.costModel) {
    const c = r.costModel;
    const k = c.perThousandReports;
    out.push(
      table(
        `7. On AWS (cost model, ASSUMED prices and usage: see results.json costModel.assumptions): per 1,000 reports through their lifecycle, and a month at 100 reports a day (${c.month.reports} reports)`,
        ['item', 'per 1,000 reports', 'USD / 1,000', 'USD / month'],
        [
          ['Lambda (GB-s; invocations)', `${k.gbSeconds} GB-s; ${k.invocations}`, k.usd.lambda, c.month.usd.lambda],
          ['DynamoDB (WRU; RRU)', `${k.writeUnits}; ${k.readUnits}`, k.usd.dynamodb, c.month.usd.dynamodb],
          ['API Gateway HTTP API (requests)', k.apiRequests, k.usd.apiGateway, c.month.usd.apiGateway],
          ['SNS SMS (segments)', k.smsSegments, k.usd.sms, c.month.usd.sms],
          ['CloudWatch Logs (GB)', k.logGb, k.usd.logs, c.month.usd.logs],
          ['total', '', k.usd.total, c.month.usd.total],
        ],
      ),
    );
    if (c.smsPerReport) out.push(`   SMS segments per report: ${c.smsPerReport.withoutCoalescing} without coalescing, ${c.smsPerReport.withCoalescing} with it (assumes ${c.smsPerReport.assumption})`);
    out.push(`   SMS segments per message (Indonesian, real templates): ${Object.entries(c.smsSegments).map(([a, b]) => `${a} ${b}`).join(', ')}; escalation runs: ${c.fixedPerMonth.escalationInvocations}/month, $${c.fixedPerMonth.usd}`);
    if (c.missing.length) out.push(`   not measured this run, assumed: ${c.missing.join('; ')}`);
  }
  if (r.errors.length) out.push(`\nSECTIONS THAT FAILED:\n${r.errors.map((e) => `  ${e.section}: ${e.message.split('\n')[0]}`).join('\n')}`);
  console.log(out.join('\n'));
}
