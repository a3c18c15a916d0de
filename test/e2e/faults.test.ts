/**
 * Faults on the whole local stack:
 *
 * 1. The SMS provider failing 30 % of calls (seeded, so a failing run can be repeated): every status change still
 *    ends with exactly one SMS per recipient; then a full outage long enough for stream records to run out of
 *    retries, which land in the on-failure destination (`stack.notifier.failures()`, locally also
 *    `<dataDir>/failed-sms.jsonl`), and the redrive an operator runs (`npm run redrive-sms`: the failed records
 *    handed to the same notifier) delivers each missing SMS once; a second redrive sends nothing.
 * 2. The stack stopped in the middle of a run (creations in flight, status-change SMS pending behind a dead
 *    provider) and started again on the same data folder: every 201 is readable with its history, and every SMS
 *    arrives exactly once, the stream resuming after its checkpoint. This one starts its own DynamoDB Local (a JVM),
 *    once, with -dbPath, and restarts it: one stop/start cycle, small numbers.
 *
 * "Exactly once" is checked from both ends (test/support/sms-ledger.ts): delivery records in the staff view against
 * the sink's outbox, message id by message id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../local/http-adapter';
import type { LocalStack } from '../../local/stack';
import { readFailureFile } from '../../local/stream-poller';
import { client, startTestStack } from '../support/local-stack';
import { seededRandom } from '../support/seeded-random';
import { exactlyOnceProblems, ledgerEntry, type LedgerReport } from '../support/sms-ledger';

type Call = ReturnType<typeof client>;
type Notify = (event: DynamoDBStreamEvent, context: ReturnType<typeof lambdaContext>) => Promise<{ batchItemFailures: unknown[] }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A report from its own number (the daily SMS cap is per number, and the ledger matches SMS by number). */
const reportBody = (phone: string) => ({
  category: 'lainnya',
  district: 'ciruas',
  description: 'Pagar pembatas saluran roboh di dekat sekolah dasar, anak-anak lewat setiap pagi',
  location: { lat: -6.11, lon: 106.25 },
  reporter: { phone },
});

/** The three moves every report takes: none needs a completion photo for this category. */
const STEPS = [
  { to: 'verified', unit: 'verifikasi', note: 'Sudah dicek petugas' },
  { to: 'in_progress', note: 'Tim berangkat' },
  { to: 'resolved', note: 'Pagar sudah dipasang kembali' },
];

async function ledger(call: Call, auth: string, ids: readonly string[]): Promise<LedgerReport[]> {
  return Promise.all(
    ids.map(async (id) => {
      const r = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: auth });
      if (r.status !== 200) throw new Error(`GET ${id}: ${r.status}`);
      return ledgerEntry(r.body);
    }),
  );
}

/** Waits (bounded) until the sink's outbox holds at least `count` messages: a cheap poll before the full check. */
async function outboxReaches(stack: LocalStack, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (stack.sms.outbox().length < count && Date.now() < deadline) await sleep(100);
}

/** Polls until `check` returns no problems, or gives up at the deadline and returns the last problems. */
async function settle(check: () => Promise<string[]>, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await check();
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await sleep(300);
  }
}

async function transition(call: Call, auth: string, id: string, etag: string, body: Record<string, unknown>): Promise<string> {
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, { authorization: auth, 'if-match': etag });
  expect(r.status, `${id} → ${String(body.to)}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.headers.get('etag')!;
}

describe('SMS provider failing 30 % of calls, then down, then back', () => {
  let stack: LocalStack;
  let call: Call;
  let admin: string;

  beforeAll(async () => {
    stack = await startTestStack();
    call = client(stack.url);
    admin = `Bearer ${await stack.token({ role: 'admin' })}`;
  });
  afterAll(() => stack?.stop());

  it('every status change ends with exactly one SMS per recipient; records that ran out of retries are redriven once', { timeout: 90_000 }, async () => {
    // 1. 8 reports, three moves each, the provider failing 30 % of SNS calls (each SDK attempt draws once)
    const draw = seededRandom(20_261_127);
    let draws = 0;
    let injected = 0;
    stack.sms.failRate(0.3, () => {
      const x = draw();
      draws++;
      if (x < 0.3) injected++;
      return x;
    });
    const phones = Array.from({ length: 8 }, (_, i) => `08155500${String(i).padStart(4, '0')}`);
    const created = await Promise.all(phones.map((phone) => call('POST', '/v1/reports', reportBody(phone))));
    expect(created.map((r) => r.status)).toEqual(phones.map(() => 201));
    const ids = created.map((r) => r.body.id as string);
    const etags = new Map<string, string>();
    await Promise.all(
      ids.map(async (id) => {
        let etag = '"1"';
        for (const step of STEPS) etag = await transition(call, admin, id, etag, step);
        etags.set(id, etag);
      }),
    );
    // the poller's retries (and the SDK's) carry every SMS through while the provider keeps failing 30 %
    await outboxReaches(stack, 8 * 4, 45_000);
    expect(await settle(async () => exactlyOnceProblems(await ledger(call, admin, ids), stack.sms.outbox()), 45_000)).toEqual([]);
    expect(injected).toBeGreaterThan(0);
    expect(injected / draws).toBeGreaterThan(0.15);
    expect(stack.sms.outbox()).toHaveLength(8 * 4);

    // 2. the provider down: the next status change of two reports runs out of stream retries
    stack.sms.failRate(1);
    const outage = ids.slice(0, 2);
    for (const id of outage) etags.set(id, await transition(call, admin, id, etags.get(id)!, { to: 'closed', reason: 'Warga sudah mengonfirmasi perbaikan' }));
    const deadline = Date.now() + 30_000;
    const failedRecords = () => stack.notifier.failures().flatMap((f) => f.records);
    while (failedRecords().length < outage.length && Date.now() < deadline) await sleep(200);
    const failed = failedRecords();
    expect(failed.map((r) => r.dynamodb?.NewImage?.reportId?.S).sort()).toEqual([...outage].sort());
    // nothing went out for them and the reports themselves are untouched (the delivery record is absent or
    // pending: with the provider down, even the opt-out check before the claim fails)
    expect(stack.sms.outbox()).toHaveLength(8 * 4);
    const during = await ledger(call, admin, outage);
    for (const r of during) {
      expect(r.history.at(-1)).toMatchObject({ type: 'status', to: 'closed' });
      expect(r.smsDeliveries.find((d) => d.eventSeq === 5)?.status ?? 'pending').toBe('pending');
    }

    // 3. the provider is back; the operator redrives the on-failure records (what `npm run redrive-sms` does)
    stack.sms.failRate(0);
    const notify = (await import('../../functions/notify-citizen')).handler as unknown as Notify;
    for (const failure of stack.notifier.failures()) {
      const out = await notify({ Records: failure.records }, lambdaContext('notify-citizen-redrive', 60_000));
      expect(out.batchItemFailures).toEqual([]);
    }
    expect(exactlyOnceProblems(await ledger(call, admin, ids), stack.sms.outbox())).toEqual([]);
    expect(stack.sms.outbox()).toHaveLength(8 * 4 + 2);

    // a second redrive of the same records (an operator running it twice) sends nothing: the delivery records say done
    for (const failure of stack.notifier.failures()) await notify({ Records: failure.records }, lambdaContext('notify-citizen-redrive', 60_000));
    expect(stack.sms.outbox()).toHaveLength(8 * 4 + 2);
    expect(exactlyOnceProblems(await ledger(call, admin, ids), stack.sms.outbox())).toEqual([]);
  });
});

describe('stop and restart of the whole local stack in the middle of a run', () => {
  let dataDir: string;
  let running: LocalStack | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'si-centang-restart-'));
  });
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * A fresh copy of every project module, as a new `npm start` process has: the functions keep their AWS clients
   * (and the endpoints those resolved) at module level, exactly as a Lambda container does.
   */
  async function startFresh(port: number): Promise<LocalStack> {
    vi.resetModules();
    const { startLocalStack } = (await import('../../local/stack')) as typeof import('../../local/stack');
    process.env.QUOTA_REPORTS_PER_PHONE_PER_DAY = '1000';
    process.env.QUOTA_WRITES_PER_IP_PER_HOUR = '1000';
    running = await startLocalStack({ dataDir, port, log: () => undefined, escalationIntervalMs: false });
    return running;
  }

  it('loses no report, event or pending SMS, and sends none twice', { timeout: 120_000 }, async () => {
    const first = await startFresh(0);
    const port = first.port;
    const call = client(first.url);
    // issued before the restart: the signing key lives in the data folder, so it must still be accepted after
    const triage = `Bearer ${await first.token({ role: 'triage' })}`;
    let phoneSeq = 0;
    const nextPhone = () => `08166600${String(phoneSeq++).padStart(4, '0')}`;

    // before the stop: 6 reports, their receipts delivered
    const early = await Promise.all(Array.from({ length: 6 }, () => call('POST', '/v1/reports', reportBody(nextPhone()))));
    expect(early.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const ids = early.map((r) => r.body.id as string);
    await outboxReaches(first, 6, 15_000);
    expect(await settle(async () => exactlyOnceProblems(await ledger(call, triage, ids), first.sms.outbox()), 5_000)).toEqual([]);

    // the provider goes down, four reports are verified: their SMS are pending in the stream's retries
    first.sms.failRate(1);
    const verified = ids.slice(0, 4);
    await Promise.all(verified.map((id) => transition(call, triage, id, '"1"', STEPS[0]!)));

    // stop while more reports are being created; keep only the ones that were answered 201
    const inflight = Array.from({ length: 8 }, (_, i) =>
      sleep(i * 30)
        .then(() => call('POST', '/v1/reports', reportBody(nextPhone())))
        .then((r) => (r.status === 201 ? (r.body.id as string) : undefined), () => undefined),
    );
    await sleep(100);
    await first.stop();
    running = undefined;
    const late = (await Promise.all(inflight)).filter((id): id is string => id !== undefined);
    // the pending SMS were still being retried, not given up on
    expect(first.notifier.failures()).toEqual([]);
    const sentBefore = first.sms.outbox().length;
    expect(sentBefore).toBe(6);

    // start again on the same data folder (and port, as `npm start` would)
    const second = await startFresh(port);
    const all = [...ids, ...late];
    const after = await ledger(call, triage, all);
    for (const r of after) {
      const expected = verified.includes(r.id) ? ['received', 'verified'] : ['received'];
      expect(r.history.map((e) => e.to), r.id).toEqual(expected);
    }
    // every pending SMS arrives, once; nothing sent before the stop is sent again
    await outboxReaches(second, 6 + verified.length + late.length, 20_000);
    expect(await settle(async () => exactlyOnceProblems(await ledger(call, triage, all), second.sms.outbox()), 20_000)).toEqual([]);
    expect(second.sms.outbox()).toHaveLength(6 + verified.length + late.length);
    expect(second.notifier.failures()).toEqual([]);
    expect(readFailureFile(join(dataDir, 'failed-sms.jsonl'))).toEqual([]);

    // and the restarted stack works on: one more move, one more SMS
    await transition(call, triage, ids[0]!, '"2"', { to: 'in_progress' });
    await outboxReaches(second, 6 + verified.length + late.length + 1, 10_000);
    expect(await settle(async () => exactlyOnceProblems(await ledger(call, triage, all), second.sms.outbox()), 10_000)).toEqual([]);
    expect(second.sms.outbox()).toHaveLength(6 + verified.length + late.length + 1);
  });
});
