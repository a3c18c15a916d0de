/** The performance budgets, read by bench/check.ts and shown beside the figures by bench/run.ts. */
export const BUDGETS = {
  /** each function behind an API route (and the $default route's), minified JS without the source map */
  apiBundleKB: 300,
  /** every other function (escalation run, notifier, photo processor, the other stream and schedule functions), the same measure */
  backgroundBundleKB: 450,
  /** cold init (CPU until the handler is ready) of a function that touches no AWS service, against hello world */
  coldInitNoAwsRatio: 1.5,
  /** cold init of a function that uses DynamoDB (and no other client), against hello world + a DynamoDB client */
  coldInitDynamoRatio: 1.15,
  /** cold init of a function that uses S3, SNS or sharp, against hello world + the clients it uses */
  coldInitOtherClientsRatio: 1.3,
  /** time per invocation with the middleware stack, against the bare use case */
  handlerOverheadRatio: 1.3,
  /** items read per escalation run, 100,000 reports against 1,000, with the same 100 overdue */
  escalationRatio: 1.1,
  /** read units of the default statistics answer, aggregates of 100,000 reports against 1,000 */
  statsRatio: 1.1,
  /** citizen SMS segments per report in the cost model, on its lifecycle mix, with SMS coalescing and its stated assumption */
  smsSegmentsPerReport: 3.6,
  /** write units of creating a report (with the creation quota counters), in the capacity section's AWS model */
  createWriteUnits: 16,
  /** write units of each status change of a report, AWS model */
  transitionWriteUnits: 24,
  /** read units of one public list page of 20: the AWS model, and what DynamoDB Local answered */
  publicListPageReadUnits: 10,
} as const;

/** The cold-init budget of a function by the clients it uses (bench/sections/cold-init.ts finds them). */
export function coldInitBudget(clients: readonly string[]): number {
  if (clients.length === 0) return BUDGETS.coldInitNoAwsRatio;
  if (clients.length === 1 && clients[0] === 'dynamodb') return BUDGETS.coldInitDynamoRatio;
  return BUDGETS.coldInitOtherClientsRatio;
}
