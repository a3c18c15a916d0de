/**
 * `npm run bench:check`: holds bench/results.json against the budgets in bench/budgets.ts and exits non-zero listing every
 * broken one. Not part of `npm test`: timing belongs to the benchmark, never to a test.
 *
 * - every function bundle behind an API route ≤ 300 KB, every other ≤ 450 KB (a bundle that failed to build is broken too)
 * - cold init, per function (median of the paired CPU ratios; a bundle that failed to import is broken): ≤ 1.5× hello
 *   world without AWS clients, ≤ 1.15× hello world + DynamoDB client for a DynamoDB function, ≤ 1.3× hello world +
 *   its clients for the others (S3, SNS, the photo processor)
 * - handler overhead ≤ 1.3×, per route (median)
 * - escalation: items read with 100,000 reports ≤ 1.1× items read with 1,000 (median); the time ratio is printed,
 *   not judged (on DynamoDB Local it measures the emulator's SQLite as much as the design)
 * - citizen SMS segments per report in the cost model ≤ 3.6, with coalescing and the assumption it states
 * - capacity (AWS model): create ≤ 16 write units, each transition ≤ 24, a public list page of 20 ≤ 10 read units
 *   (the model and what DynamoDB Local answered)
 * A missing section is a broken budget: an unmeasured figure is not a kept one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGETS, coldInitBudget } from './budgets';
import { ROOT } from './esbuild-settings';
import { bundleBudgetKB } from './sections/bundle-budget';
import type { Results } from './run';

const file = join(ROOT, 'bench', 'results.json');
if (!existsSync(file)) {
  console.error('bench/results.json not found: run `npm run bench` first');
  process.exit(2);
}
const r = JSON.parse(readFileSync(file, 'utf8')) as Results;
const broken: string[] = [];
const kept: string[] = [];
const judge = (ok: boolean, text: string) => (ok ? kept : broken).push(text);

const bundle = r.figures.bundle;
if (!bundle) broken.push('bundle size: not measured');
else
  for (const f of bundle.figures) {
    if (!f.ok) broken.push(`bundle ${f.fn}: did not build (${f.error ?? 'unknown error'})`);
    else {
      const top = f.top.slice(0, 3).map((t) => `${t.name} ${Math.round(t.kb)} KB`).join(', ');
      const budget = bundleBudgetKB(f.fn);
      judge(f.kb <= budget, `bundle ${f.fn}: ${f.kb} KB (budget ${budget} KB; largest: ${top})`);
    }
  }

const cold = r.figures.coldInit;
if (!cold) broken.push('cold init: not measured');
else
  for (const f of cold.figures) {
    if (!f.ok || !f.floorRatio) broken.push(`cold init ${f.fn}: did not import (${f.error ?? 'unknown error'})`);
    else {
      const budget = coldInitBudget(f.clients ?? []);
      const floorCpu = f.floor === '(hello world)' ? cold.hello.cpuMs : cold.floors?.find((x) => x.fn === f.floor)?.cpuMs;
      judge(
        f.floorRatio.median <= budget,
        `cold init ${f.fn}: ${f.floorRatio.median}× ${f.floor} (CPU ${f.cpuMs?.median} ms vs ${floorCpu?.median} ms; range ${f.floorRatio.min}–${f.floorRatio.max}×; budget ${budget}×)`,
      );
    }
  }

const overhead = r.figures.handlerOverhead;
if (!overhead) broken.push('handler overhead: not measured');
else
  for (const f of overhead.figures)
    judge(
      f.ratio.median <= BUDGETS.handlerOverheadRatio,
      `handler overhead ${f.route}: ${f.ratio.median}× (${f.middyPerSecond.median} vs ${f.barePerSecond.median} inv/s, +${f.addedMicroseconds} µs; budget ${BUDGETS.handlerOverheadRatio}×)`,
    );

const esc = r.figures.escalation;
if (!esc) broken.push('escalation scaling: not measured');
else {
  judge(
    esc.itemsReadRatio.median <= BUDGETS.escalationRatio,
    `escalation items read: ${esc.itemsReadRatio.median}× (${esc.large.itemsRead.median} with ${esc.large.reports} reports vs ${esc.small.itemsRead.median} with ${esc.small.reports}; budget ${BUDGETS.escalationRatio}×) [${esc.mode}]`,
  );
  if (esc.mode !== 'runEscalation') broken.push('escalation scaling: measured the equivalent Query, not the escalation run');
  if (esc.large.reports < 100_000) broken.push(`escalation scaling: large table had ${esc.large.reports} reports, the budget is for 100,000`);
}

const cost = r.costModel;
if (!cost?.smsPerReport) broken.push('SMS segments per report: cost model not computed');
else
  judge(
    cost.smsPerReport.withCoalescing <= BUDGETS.smsSegmentsPerReport,
    `SMS segments per report: ${cost.smsPerReport.withCoalescing} with coalescing (${cost.smsPerReport.withoutCoalescing} without; budget ${BUDGETS.smsSegmentsPerReport}; assumes ${cost.smsPerReport.assumption})`,
  );
const capacity = r.figures.capacity;
if (!capacity) broken.push('capacity: not measured');
else {
  const units = (operation: string) => capacity.figures.filter((f) => f.operation.startsWith(operation));
  const creates = units('create report');
  const transitions = units('transition ');
  const lists = units('list page (public, 20)');
  if (creates.length === 0 || transitions.length === 0 || lists.length === 0) broken.push('capacity: create, transitions or the public list page not measured');
  for (const f of creates) judge(f.awsModel.write <= BUDGETS.createWriteUnits, `capacity ${f.operation}: ${f.awsModel.write} write units (AWS model; budget ${BUDGETS.createWriteUnits})`);
  for (const f of transitions)
    judge(f.awsModel.write <= BUDGETS.transitionWriteUnits, `capacity ${f.operation}: ${f.awsModel.write} write units (AWS model; budget ${BUDGETS.transitionWriteUnits})`);
  for (const f of lists)
    judge(
      Math.max(f.awsModel.read, f.measured.read) <= BUDGETS.publicListPageReadUnits,
      `capacity ${f.operation}: ${f.awsModel.read} read units (AWS model), ${f.measured.read} measured (budget ${BUDGETS.publicListPageReadUnits})`,
    );
}

console.log(`bench/results.json of ${r.date} (${r.environment.node}, ${r.environment.cpuModel}, ${r.environment.cores} cores)`);
if (esc) console.log(`info: escalation time ratio ${esc.timeRatio.median}× (range ${esc.timeRatio.min}–${esc.timeRatio.max}×), not a budget`);
if (r.errors.length) broken.push(...r.errors.map((e) => `section ${e.section} failed: ${e.message.split('\n')[0]}`));
for (const k of kept) console.log(`  ok      ${k}`);
for (const b of broken) console.log(`  BROKEN  ${b}`);
console.log(broken.length === 0 ? '\nall budgets kept' : `\n${broken.length} budget(s) broken`);
process.exit(broken.length === 0 ? 0 : 1);
