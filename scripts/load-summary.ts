/** The load run's figures per request type: counts, statuses, percentiles, and the table `npm run load` prints. */

/** one request of the load run, as far as the summary needs it */
export interface TimedAnswer {
  ms: number;
  status: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(list: TimedAnswer[], seconds: number) {
  const ms = list.map((s) => s.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const s of list) statuses[String(s.status)] = (statuses[String(s.status)] ?? 0) + 1;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: list.length,
    statuses,
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    p99: round(percentile(ms, 99)),
    max: round(ms.at(-1) ?? 0),
    perSecond: round(list.length / seconds),
  };
}

export function printTable(byType: Record<string, ReturnType<typeof summarize>>, total: ReturnType<typeof summarize>) {
  const rows = [...Object.entries(byType), ['all', total] as const];
  const head = ['type', 'requests', 'statuses', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s'];
  const cells = rows.map(([name, s]) => [
    name,
    String(s.requests),
    Object.entries(s.statuses).map(([k, v]) => `${k}×${v}`).join(' '),
    String(s.p50),
    String(s.p95),
    String(s.p99),
    String(s.max),
    String(s.perSecond),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => (i === 0 || i === 2 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
