/**
 * 7. Statistics: (a) what GET /v1/stats reads for the aggregates of 1,000 and of 100,000 reports (the default
 * answer, 12 months, no filter), large / small → ratio; (b) what the stream aggregator costs per history event.
 *
 * The report histories are synthetic (a realistic mix over 12 months: most verified, started, resolved and closed,
 * some rejected, referred or duplicate, some escalated, a few reopened), turned into report states and from there into
 * contributions by the real shared/stats/change.ts. (a) sums them exactly as the store does (the recount of
 * shared/stats/rebuild.ts), writes the resulting aggregate items to DynamoDB Local and runs the real answerStats with
 * ReturnConsumedCapacity. The report items themselves are not written: the answer never reads them (that is the
 * point), so their number does not enter the figure. (b) sends a sample of the same changes as stream records
 * through the real aggregator and store, recording every request's consumed capacity.
 */
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { Status } from '../../shared/domain/status-machine';
import { contributionOf, type StatsState } from '../../shared/stats/change';
import { createStatsAggregator } from '../../shared/stats/aggregator';
import { answerStats } from '../../shared/stats/get-stats';
import { addMonths, currentMonth, monthsBetween } from '../../shared/stats/query';
import { addToRecount, newRecount, recountItems } from '../../shared/stats/rebuild';
import { DynamoStatsStore, cellToItem, type ReadCapacity } from '../../shared/stats/store';
import { MAIN_TABLE } from '../../shared/table/definition';
import { PRICES } from '../lib/cost-model';
import { itemSize, plainClients, recordingClients } from '../lib/dynamo';
import { summarize, type Summary } from '../lib/stats';

export interface StatsAnswerSize {
  reports: number;
  aggregateItems: number;
  requests: number;
  readUnits: number;
  ms: Summary;
}

export interface StatsResult {
  note: string;
  small: StatsAnswerSize;
  large: StatsAnswerSize;
  readUnitsRatio: number;
  requestsRatio: number;
  aggregator: {
    records: number;
    historyEvents: number;
    counted: number;
    /** writeUnits as DynamoDB Local reports them; billedWriteUnits by AWS's rule from the item sizes written */
    perHistoryEvent: { requests: number; readUnits: number; writeUnits: number; billedWriteUnits: number; ms: number };
    usdPerMillionHistoryEvents: number;
  };
}

const settings = { calendar: jurisdiction.workingCalendar, timeZone: jurisdiction.timeZone };
const HOUR = 3_600_000;

/** A small deterministic generator, so both sizes and every run see the same mix. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Change {
  code: string;
  seq: number;
  before?: StatsState;
  after: StatsState;
  at: string;
}

/** Synthetic lifecycles of `n` reports created over the 12 months before `now`. */
export function lifecycles(n: number, now: Date, seed = 7): Change[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const changes: Change[] = [];
  const span = 365 * 24 * HOUR;
  for (let i = 0; i < n; i++) {
    const code = `B${String(i).padStart(7, '0')}`;
    const category = pick(jurisdiction.categories);
    let t = now.getTime() - span + rnd() * (span - 30 * 24 * HOUR);
    let seq = 1;
    let state: StatsState = { status: 'received', district: pick(jurisdiction.districts).code, category: category.code, createdAt: new Date(t).toISOString(), escalationLevel: 0 };
    changes.push({ code, seq, after: state, at: state.createdAt });
    const step = (next: Partial<StatsState> & { status?: Status }, hours: number, verifies = false) => {
      t += hours * HOUR;
      const after: StatsState = { ...state, ...next, ...(verifies && { verifiedAt: new Date(t).toISOString() }) };
      seq += 1;
      changes.push({ code, seq, before: state, after, at: new Date(t).toISOString() });
      state = after;
    };
    const maybeEscalate = () => {
      if (rnd() < 0.12) step({ escalationLevel: 1 }, 24 + rnd() * 72);
    };
    const r = rnd();
    maybeEscalate();
    if (r < 0.05) step({ status: 'rejected' }, 2 + rnd() * 48);
    else if (r < 0.09) step({ status: 'referred' }, 2 + rnd() * 48);
    else if (r < 0.12) step({ status: 'duplicate' }, 2 + rnd() * 48);
    else {
      step({ status: 'verified', unit: category.defaultUnit, escalationLevel: 0 }, 1 + rnd() * 60, true);
      maybeEscalate();
      if (rnd() < 0.9) {
        step({ status: 'in_progress', escalationLevel: 0 }, 4 + rnd() * 200);
        maybeEscalate();
        if (rnd() < 0.9) {
          step({ status: 'resolved' }, 8 + rnd() * 400);
          if (rnd() < 0.05) {
            step({ status: 'in_progress' }, 24 + rnd() * 100);
            step({ status: 'resolved' }, 8 + rnd() * 100);
          }
          if (rnd() < 0.8) step({ status: 'closed' }, 14 * 24);
        }
      }
    }
  }
  return changes;
}

async function freshTable(endpoint: string, name: string) {
  const { client } = plainClients(endpoint);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: MAIN_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: MAIN_TABLE.sortKey!, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: MAIN_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: MAIN_TABLE.sortKey!, KeyType: 'RANGE' },
      ],
    }),
  );
  return { drop: async () => void (await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined)) };
}

async function answerSize(endpoint: string, table: string, reports: number, now: Date, repetitions: number): Promise<StatsAnswerSize> {
  const recount = newRecount();
  for (const c of lifecycles(reports, now)) {
    const contribution = contributionOf(c.before, c.after, c.at, settings);
    if (contribution) addToRecount(recount, contribution);
  }
  const items = recountItems(recount).map((i) => (i.cell ? cellToItem(i.pk, i.sk, i.cell, 1) : { pk: i.pk, sk: i.sk, entity: 'stats-gauge', ...i.gauges }));
  const { doc } = plainClients(endpoint);
  for (let i = 0; i < items.length; i += 25)
    await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  const store = new DynamoStatsStore(doc, table);
  const to = currentMonth(now, jurisdiction.timeZone);
  const query = { from: addMonths(to, -11), to, months: monthsBetween(addMonths(to, -11), to) };
  const capacity: ReadCapacity = { consumed: 0, requests: 0 };
  await answerStats(store, query, jurisdiction, 'id', capacity);
  const ms: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const t = performance.now();
    await answerStats(store, query, jurisdiction, 'id');
    ms.push(performance.now() - t);
  }
  return { reports, aggregateItems: items.length, requests: capacity.requests, readUnits: capacity.consumed, ms: summarize(ms) };
}

/** A report change as the stream delivers it (NEW_AND_OLD_IMAGES, Lambda's JSON attribute form). */
function streamRecord(c: Change, i: number): DynamoDBRecord {
  const image = (s: StatsState, seq: number, at: string) =>
    marshall({ pk: `R#${c.code}`, sk: 'R', entity: 'report', id: c.code, ...s, eventCount: seq, updatedAt: at }, { removeUndefinedValues: true }) as never;
  return {
    eventID: String(i),
    eventName: c.before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      Keys: { pk: { S: `R#${c.code}` }, sk: { S: 'R' } },
      NewImage: image(c.after, c.seq, c.at),
      ...(c.before && { OldImage: image(c.before, c.seq - 1, c.at) }),
      SequenceNumber: String(i),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

export async function runStatsBench(endpoint: string, opts: { prefix: string; small: number; large: number; sample: number; repetitions: number }, log: (l: string) => void): Promise<StatsResult> {
  const now = new Date();
  const sizes: StatsAnswerSize[] = [];
  for (const [label, n] of [['small', opts.small], ['large', opts.large]] as const) {
    const table = `${opts.prefix}-stats-${label}`;
    const t = await freshTable(endpoint, table);
    try {
      sizes.push(await answerSize(endpoint, table, n, now, opts.repetitions));
      log(`  ${n} reports: ${sizes.at(-1)!.aggregateItems} aggregate items, answer ${sizes.at(-1)!.requests} Queries, ${sizes.at(-1)!.readUnits} read units`);
    } finally {
      await t.drop();
    }
  }
  const [small, large] = sizes as [StatsAnswerSize, StatsAnswerSize];

  const aggregator = await runAggregatorCost(endpoint, opts, now, log);
    return {
      note:
        'Answer: the default GET /v1/stats (12 months, no filter), reads of the real use case on DynamoDB Local with ReturnConsumedCapacity; ' +
        'aggregates from synthetic lifecycles summed by the real change/recount code. Aggregator: the same lifecycles as stream records through the real aggregator and store; ' +
        'every report change here carries one history event. writeUnits as DynamoDB Local reports them; billedWriteUnits by the AWS rule (2 WRU per started KB of every item a transaction writes), which the USD figure uses.',
      small,
      large,
      readUnitsRatio: Math.round((large.readUnits / small.readUnits) * 1000) / 1000,
      requestsRatio: large.requests / small.requests,
      aggregator,
    };
}

/** (b) The aggregator on a sample of the same kind of changes, through the real store, consumed capacity recorded. */
export async function runAggregatorCost(endpoint: string, opts: { prefix: string; sample: number }, now: Date, log: (l: string) => void): Promise<StatsResult['aggregator']> {
  const table = `${opts.prefix}-stats-agg`;
  const t = await freshTable(endpoint, table);
  try {
    const { doc, log: requests } = recordingClients(endpoint);
    const store = new DynamoStatsStore(doc, table);
    const aggregator = createStatsAggregator({ store, settings, currentState: async () => undefined });
    const sample = lifecycles(opts.sample, now, 11);
    let counted = 0;
    const started = performance.now();
    for (const [i, c] of sample.entries()) if ((await aggregator.handleRecord(streamRecord(c, i))) === 'counted') counted += 1;
    const ms = performance.now() - started;
    // DynamoDB Local reports CapacityUnits per request; reads and writes are told apart by the command
    const READS = new Set(['BatchGetItem', 'GetItem', 'Query']);
    const units = (reads: boolean) =>
      requests.filter((r) => READS.has(r.command) === reads).reduce((n, r) => n + r.consumed.reduce((m, c) => m + (c.CapacityUnits ?? 0), 0), 0);
    const per = (x: number) => Math.round((x / sample.length) * 100) / 100;
    const readUnits = per(units(true));
    const writeUnits = per(units(false));
    // what AWS bills: a transactional write is 2 WRU per started KB of each item written (an update: its small item)
    const billed = requests
      .filter((r) => r.command === 'TransactWriteItems')
      .reduce((n, r) => n + r.written.reduce((m, w) => m + 2 * Math.ceil((w.kind === 'put' ? itemSize(w.item) : 100) / 1024), 0), 0);
    const billedWriteUnits = per(billed);
    const usd = readUnits * PRICES.dynamoPerMillionRead + billedWriteUnits * PRICES.dynamoPerMillionWrite;
    log(`  aggregator: ${sample.length} history events, ${counted} counted; per event ${per(requests.length)} requests, ${readUnits} RRU, ${writeUnits} WRU (local), ${billedWriteUnits} WRU (billed)`);
    return {
      records: sample.length,
      historyEvents: sample.length,
      counted,
      perHistoryEvent: { requests: per(requests.length), readUnits, writeUnits, billedWriteUnits, ms: Math.round((ms / sample.length) * 100) / 100 },
      usdPerMillionHistoryEvents: Math.round(usd * 100) / 100,
    };
  } finally {
    await t.drop();
  }
}
