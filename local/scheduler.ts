/**
 * The local stand-in for an EventBridge schedule: calls a handler every `intervalMs` with the scheduled-event shape
 * AWS sends, and a Lambda context whose time budget is the function's timeout. One run at a time: the next starts
 * `intervalMs` after the previous one ended (EventBridge could overlap two slow runs; the escalation's conditional
 * writes make that harmless, and locally it would only make the log harder to read).
 *
 * Also here: the local stack's address book (`.local/data/stack.json`), which `npm run escalate` reads to reach the
 * running stack's DynamoDB Local and SNS stand-in from its own process.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { readSettings, SETTING_DEFAULTS } from '../shared/config/settings';
import { lambdaContext } from './http-adapter';

/** Default interval of `npm start`; ESCALATION_INTERVAL_MS overrides it (AWS runs every 15 minutes). */
export const DEFAULT_LOCAL_ESCALATION_INTERVAL_MS = SETTING_DEFAULTS.ESCALATION_INTERVAL_MS;
export const ESCALATION_INTERVAL_ENV = 'ESCALATION_INTERVAL_MS';

/** The topic ARN the local stack gives the escalation function; the SNS stand-in records what is published to it. */
export const LOCAL_ESCALATION_TOPIC_ARN = 'arn:aws:sns:ap-southeast-3:000000000000:si-centang-escalations';

/** Lambda timeout of the escalation function (infra should use the same): the run stops its safety margin before. */
export const ESCALATION_TIMEOUT_MS = 5 * 60_000;

export function escalationIntervalMs(env: Record<string, string | undefined> = process.env): number {
  return readSettings(env).ESCALATION_INTERVAL_MS;
}

export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

/** The event EventBridge sends a scheduled rule's target. */
export function scheduledEvent(ruleName: string, time = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: process.env.AWS_REGION ?? 'ap-southeast-3',
    resources: [`arn:aws:events:${process.env.AWS_REGION ?? 'ap-southeast-3'}:000000000000:rule/${ruleName}`],
    detail: {},
  };
}

/** Imports functions/escalate.ts on first use, after the stack has set the environment it reads at load. */
export const runEscalateFunction: ScheduledHandler = async (event, context) => {
  const { handler } = (await import('../functions/escalate')) as { handler: ScheduledHandler };
  return handler(event, context);
};

export interface SchedulerOptions {
  /** false: no timer, runs only on runNow() (e2e tests that want to say when) */
  intervalMs: number | false;
  run: ScheduledHandler;
  /** names the rule and the function in the event and context */
  name?: string;
  /** the function timeout the context counts down from */
  timeoutMs?: number;
  /** run once right away instead of after the first interval */
  runAtStart?: boolean;
  log?: (line: string) => void;
}

export interface Scheduler {
  /** runs now (waiting for a run in progress first); resolves with the handler's result */
  runNow(): Promise<unknown>;
  /** stops the timer and waits for a run in progress */
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const name = options.name ?? 'escalate';
  const log = options.log ?? ((line: string) => console.log(line));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  const invoke = () => {
    const run = running.then(async () => {
      try {
        const result = await options.run(scheduledEvent(name), lambdaContext(name, options.timeoutMs ?? ESCALATION_TIMEOUT_MS));
        // quiet when nothing happened: a line a minute saying so would bury everything else in the console
        const news =
          result !== null && typeof result === 'object' && Object.values(result).some((v) => (typeof v === 'number' && v > 0) || v === false);
        if (news) log(`[schedule] ${name} ${JSON.stringify(result)}`);
        return result;
      } catch (err) {
        log(`[schedule] ${name} failed: ${(err as Error).message}`);
        return undefined;
      }
    });
    running = run;
    return run;
  };

  const schedule = () => {
    if (stopped || options.intervalMs === false) return;
    timer = setTimeout(() => {
      void invoke().finally(schedule);
    }, options.intervalMs);
    // a pending tick never keeps the process alive on its own
    timer.unref();
  };

  if (options.runAtStart) void invoke().finally(schedule);
  else schedule();

  return {
    runNow: invoke,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

/** What `npm run escalate` (and other out-of-process tools) need to reach a running local stack. */
export interface LocalStackInfo {
  api: string;
  region: string;
  dynamoEndpoint: string;
  snsEndpoint: string;
  s3Endpoint: string;
  tables: { main: string; idempotency: string };
  bucket: string;
  escalationTopicArn: string;
  pid: number;
  startedAt: string;
}

export const stackInfoFile = (dataDir: string) => join(dataDir, 'stack.json');

export function writeStackInfo(dataDir: string, info: LocalStackInfo): string {
  const file = stackInfoFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`);
  return file;
}

export function readStackInfo(file: string): LocalStackInfo | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo;
}
