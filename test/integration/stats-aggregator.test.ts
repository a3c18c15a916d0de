/**
 * The statistics aggregator on DynamoDB Local's stream, fed by the local event source mapping:
 * - after a randomized lifecycle (creates, moves, edits, escalation runs, citizen answers, time passing), the live
 *   aggregates equal a recount from the reports and their history events, and the gauges equal a count of the
 *   reports' current statuses;
 * - every record delivered again, shuffled into random batches, counts nothing twice.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { startStreamPoller, type StreamPoller } from '../../local/stream-poller';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { isOpen } from '../../shared/domain/status-machine';
import { createAggregateStatsHandler, createStatsAggregator, STATS_STREAM_FILTER } from '../../shared/stats/aggregator';
import { compareWithStored, monthsOf, recountAll, writeRecount } from '../../shared/stats/rebuild';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoStatsStore, gaugesFromItem } from '../../shared/stats/store';
import { lambdaContext } from '../../local/http-adapter';
import { createTestTables, type TestTables } from '../support/dynamo';
import { LifecycleDriver, stepArbitrary } from '../support/stats-lifecycle';

const settings = { calendar: jurisdiction.workingCalendar, timeZone: jurisdiction.timeZone };
const pollers: StreamPoller[] = [];
afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
});

async function setUp(prefix: string) {
  // one poller at a time: the property's earlier runs stop polling their tables
  for (const p of pollers.splice(0)) await p.stop();
  const tables = await createTestTables(prefix);
  const store = new DynamoStatsStore(tables.doc, tables.main);
  const aggregator = createStatsAggregator({ store, settings, currentState: (code) => store.currentState(code) });
  const handler = createAggregateStatsHandler(aggregator);
  const delivered: DynamoDBRecord[] = [];
  const said: string[] = [];
  // a paused event source mapping: records wait (here: in a queue) and are delivered on resume
  const paused: { on: boolean; waiting: DynamoDBRecord[] } = { on: false, waiting: [] };
  const poller = await startStreamPoller({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: tables.main,
    filter: STATS_STREAM_FILTER,
    handler: async (event, context) => {
      if (paused.on) {
        paused.waiting.push(...event.Records);
        return { batchItemFailures: [] };
      }
      delivered.push(...event.Records);
      return handler(event, context);
    },
    batchSize: 25,
    pollIntervalMs: 50,
    // the mapping's retries on AWS (infra/constructs/statistics.ts), with the poller's own back-off: a write that
    // meets a busy DynamoDB Local on a loaded machine is retried as Lambda would retry it, not given up on
    maxRetries: 5,
    functionName: 'aggregate-stats',
    log: (line) => said.push(line),
  });
  pollers.push(poller);
  /** Every record written so far handled; a poller that cannot read says why instead of the test timing out mute. */
  const drained = async () => {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the stream did not drain within a minute; the poller said:\n${said.slice(-20).join('\n')}`)), 60_000);
    });
    try {
      // twice: records written while the first pass ran are read by the second
      await Promise.race([poller.drained().then(() => poller.drained()), stuck]);
    } finally {
      clearTimeout(timer);
    }
  };
  return { tables, store, handler, delivered, poller, paused, drained };
}

async function storedMonthsAndGauges(store: DynamoStatsStore, months: string[]) {
  return store.readAll(months);
}

async function expectAgreement(tables: TestTables, store: DynamoStatsStore, driver: LifecycleDriver) {
  const result = await recountAll(tables.doc, tables.main, driver.repo, settings, driver.clock);
  expect(result.reports).toBe(driver.codes.length);
  const months = monthsOf(result.recount);
  const stored = await storedMonthsAndGauges(store, months);
  expect(compareWithStored(result.recount, stored)).toEqual([]);

  // the gauges against the reports themselves, not against the replay
  let open = 0;
  let overdue = 0;
  for (const code of driver.codes) {
    const r = (await driver.repo.getWithHistory(code))!.report;
    if (isOpen(r.status)) open += 1;
    if (isOpen(r.status) && r.escalationLevel > 0) overdue += 1;
  }
  const all = stored.find((i) => i.pk === 'STATS#NOW' && i.sk === 'A');
  expect(all ? gaugesFromItem(all) : { open: 0, overdue: 0 }).toEqual({ open, overdue });
  // the flows against a plain count of the history events, summed over the months
  const monthly = stored.filter((i) => String(i.pk).startsWith('STATS#2') && i.sk === 'A');
  const sum = (counter: string) => monthly.reduce((n, i) => n + Number(i[counter] ?? 0), 0);
  const events = (await Promise.all(driver.codes.map((c) => driver.repo.getWithHistory(c)))).flatMap((r) => r!.events);
  const moves = (from: string | undefined, to: string) => events.filter((e) => e.type === 'status' && (from === undefined || e.from === from) && e.to === to).length;
  expect(sum('received')).toBe(driver.codes.length);
  expect({
    verified: sum('verified'),
    started: sum('started'),
    resolved: sum('resolved'),
    reopened: sum('reopened'),
    closed: sum('closed'),
    rejected: sum('rejected'),
    referred: sum('referred'),
    citizenConfirmed: sum('citizenConfirmed'),
    citizenRejected: sum('citizenRejected'),
  }).toEqual({
    verified: moves(undefined, 'verified'),
    started: moves('verified', 'in_progress'),
    resolved: moves(undefined, 'resolved'),
    reopened: moves('resolved', 'in_progress'),
    closed: moves(undefined, 'closed'),
    rejected: moves(undefined, 'rejected'),
    referred: moves(undefined, 'referred'),
    citizenConfirmed: events.filter((e) => e.type === 'feedback' && e.data?.answer === 'confirmed').length,
    citizenRejected: events.filter((e) => e.type === 'feedback' && e.data?.answer === 'rejected').length,
  });
  return stored;
}

const shuffle = <T>(items: T[], seed: number): T[] => {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('statistics aggregator', () => {
  it('keeps aggregates equal to a recount from the reports after a randomized lifecycle, and counts replays once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 25, maxLength: 45 }), fc.nat(1_000_000), async (steps, seed) => {
        const { tables, store, handler, delivered, poller, drained } = await setUp('stats-prop');
        const driver = new LifecycleDriver(tables, new Date('2026-03-27T01:00:00Z'));
        // a first report always, so moves have something to act on
        await driver.run([{ kind: 'create', district: seed, category: seed, confidential: false }, ...steps]);
        await drained();
        expect(poller.failures()).toEqual([]);
        const before = await expectAgreement(tables, store, driver);

        // every record once more, out of order, in random batches (a replayed shard, a bisected batch)
        const again = shuffle(delivered, seed);
        for (let i = 0; i < again.length; ) {
          const size = 1 + ((seed + i) % 7);
          const out = await handler({ Records: again.slice(i, i + size) }, lambdaContext('aggregate-stats', 60_000));
          expect(out.batchItemFailures).toEqual([]);
          i += size;
        }
        const after = await store.readAll(monthsOf((await recountAll(tables.doc, tables.main, driver.repo, settings, driver.clock)).recount));
        const strip = (items: Record<string, unknown>[]) => items.map(({ v: _v, ...rest }) => rest);
        expect(strip(after)).toEqual(strip(before));
      }),
      {
        numRuns: 3,
        includeErrorInReport: true,
        // each run takes seconds: shrinking a failure would outlast the test's time, so report the first as found
        endOnFailure: true,
      },
    );
  }, 240_000);

  it('rebuilds: a damaged aggregate shows as a difference, the written recount agrees, and paused records count once on resume', async () => {
    const { tables, store, handler, delivered, paused, drained } = await setUp('stats-rebuild');
    const driver = new LifecycleDriver(tables, new Date('2026-04-20T02:00:00Z'));
    const steps = fc.sample(fc.array(stepArbitrary, { minLength: 40, maxLength: 40 }), { seed: 17, numRuns: 1 })[0]!;
    await driver.run([{ kind: 'create', district: 1, category: 1, confidential: false }, ...steps.slice(0, 30)]);
    await drained();

    // damage: a month rollup lost, a gauge wrong
    const month = (await store.readAll(['2026-04', '2026-05', '2026-06'])).find((i) => i.sk === 'A' && String(i.pk).startsWith('STATS#2'))!;
    await tables.doc.send(new DeleteCommand({ TableName: tables.main, Key: { pk: month.pk, sk: 'A' } }));
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: { pk: 'STATS#NOW', sk: 'A', entity: 'stats-gauge', open: 999, overdue: 0 } }));
    const first = await recountAll(tables.doc, tables.main, driver.repo, settings, driver.clock);
    const months = monthsOf(first.recount);
    expect(compareWithStored(first.recount, await store.readAll(months)).length).toBeGreaterThanOrEqual(2);

    // the mapping is paused; changes keep coming; the rebuild reads some of them and writes
    paused.on = true;
    await driver.run(steps.slice(30, 35));
    await drained();
    const rebuilt = await recountAll(tables.doc, tables.main, driver.repo, settings, driver.clock);
    await writeRecount(tables.doc, tables.main, rebuilt, await store.readAll(monthsOf(rebuilt.recount)), driver.clock);
    await driver.run([{ kind: 'create', district: 3, category: 2, confidential: true }, ...steps.slice(35)]);
    await drained();

    // resume: what waited is delivered, then every record ever delivered once more
    paused.on = false;
    for (const records of [paused.waiting, delivered]) {
      const out = await handler({ Records: [...records] }, lambdaContext('aggregate-stats', 60_000));
      expect(out.batchItemFailures).toEqual([]);
    }
    await expectAgreement(tables, store, driver);
  }, 120_000);
});
