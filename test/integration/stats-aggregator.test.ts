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
import { compareWithStored, monthsOf, recountAll } from '../../shared/stats/rebuild';
import { StatsStore, gaugesFromItem } from '../../shared/stats/store';
import { lambdaContext } from '../../local/http-adapter';
import { createTestTables, type TestTables } from '../support/dynamo';
import { LifecycleDriver, stepArbitrary } from '../support/stats-lifecycle';

const settings = { calendar: jurisdiction.workingCalendar, timeZone: jurisdiction.timeZone };
const pollers: StreamPoller[] = [];
afterEach(async () => {
  for (const p of pollers.splice(0)) await p.stop();
});

async function setUp(prefix: string) {
  const tables = await createTestTables(prefix);
  const store = new StatsStore(tables.doc, tables.main);
  const aggregator = createStatsAggregator({ store, settings, currentState: (code) => store.currentState(code) });
  const handler = createAggregateStatsHandler(aggregator);
  const delivered: DynamoDBRecord[] = [];
  const poller = await startStreamPoller({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: tables.main,
    filter: STATS_STREAM_FILTER,
    handler: async (event, context) => {
      delivered.push(...event.Records);
      return handler(event, context);
    },
    batchSize: 25,
    pollIntervalMs: 50,
    retryDelayMs: () => 20,
    functionName: 'aggregate-stats',
    log: () => undefined,
  });
  pollers.push(poller);
  return { tables, store, handler, delivered, poller };
}

async function storedMonthsAndGauges(store: StatsStore, months: string[]) {
  return store.readAll(months);
}

async function expectAgreement(tables: TestTables, store: StatsStore, driver: LifecycleDriver) {
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
    citizenConfirmed: events.filter((e) => (e.type as string) === 'citizen-confirmed').length,
    citizenRejected: events.filter((e) => (e.type as string) === 'citizen-rejected').length,
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
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 25, maxLength: 60 }), fc.nat(1_000_000), async (steps, seed) => {
        const { tables, store, handler, delivered, poller } = await setUp('stats-prop');
        const driver = new LifecycleDriver(tables, new Date('2026-03-27T01:00:00Z'));
        // a first report always, so moves have something to act on
        await driver.run([{ kind: 'create', district: seed, category: seed, confidential: false }, ...steps]);
        await poller.drained();
        await poller.drained();
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
      { numRuns: 3 },
    );
  }, 240_000);
});
