/** The performance budgets, read by bench/check.ts and shown beside the figures by bench/run.ts. */
export const BUDGETS = {
  /** each function behind an API route (and the $default route's), minified JS without the source map */
  apiBundleKB: 300,
  /** every other function (escalation run, notifier, photo processor, the other stream and schedule functions), the same measure */
  backgroundBundleKB: 450,
  /** a fresh process importing the function bundle, against one importing a hello-world bundle */
  coldInitRatio: 1.8,
  /** time per invocation with the middleware stack, against the bare use case */
  handlerOverheadRatio: 1.3,
  /** items read per escalation run, 100,000 reports against 1,000, with the same 100 overdue */
  escalationRatio: 1.1,
  /** read units of the default statistics answer, aggregates of 100,000 reports against 1,000 */
  statsRatio: 1.1,
  /** citizen SMS segments per report in the cost model, on its lifecycle mix, with SMS coalescing and its stated assumption */
  smsSegmentsPerReport: 3.6,
} as const;
