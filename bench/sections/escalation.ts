/**
 * 5. Escalation scaling: the same 100 overdue reports in a table of 1,000 and in a table of 100,000 reports; items
 * read and time per escalation run, large / small → ratio. Both tables are made from MAIN_TABLE without the stream
 * (DynamoDB Local slows down sharply with a large stream) and seeded by parallel BatchWriteItem; seeding time is
 * measured on its own and is not part of the figure.
 *
 * The rest of each table is a realistic mix, so the sparse index is really tested: most reports closed or otherwise
 * finished (not in gsi10-deadline at all), 10 % open with a deadline still ahead (in the index, outside the range
 * `deadlineAt <= now`), 5 % resolved waiting to auto-close later (in the index under AC#n, also outside the range).
 *
 * With shared/escalation/run-escalation.ts present, a repetition is a real runEscalation (store on DynamoDB Local,
 * a publisher that drops the digests); between repetitions the 100 reports are put back as they were and their
 * "escalated" events deleted, so every run does the same work. Without it, the equivalent reads are measured
 * (a Query per DL#n shard with `deadlineAt <= now`), marked as such.
 */
import { existsSync } from 'node:fs';
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { ROOT } from '../esbuild-settings';
import { plainClients } from '../lib/dynamo';
import { pairedRatio, summarize, type Summary } from '../lib/stats';

export interface EscalationSize {
  reports: number;
  overdue: number;
  seedSeconds: number;
  itemsRead: Summary;
  runMs: Summary;
  escalated?: Summary;
  /** read units the run's Queries consumed (DynamoDB Local), one run */
  readUnits?: number;
}

export interface EscalationResult {
  mode: 'runEscalation' | 'equivalent-query';
  note: string;
  repetitions: number;
  small: EscalationSize;
  large: EscalationSize;
  itemsReadRatio: Summary;
  timeRatio: Summary;
  errors: string[];
}

type Item = Record<string, unknown>;
const DAY = 86_400_000;

/** Distinct 8-symbol codes in the tracking-code alphabet, from a counter. */
function code(n: number, alphabet: string): string {
  let s = '';
  let x = n;
  for (let i = 0; i < 8; i++) {
    s = alphabet[x % alphabet.length] + s;
    x = Math.floor(x / alphabet.length);
  }
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

async function seed(doc: DynamoDBDocumentClient, table: string, items: Item[], parallel: number): Promise<number> {
  const started = performance.now();
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
        if (pending.length > 0) {
          if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
          await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return (performance.now() - started) / 1000;
}

async function deleteKeys(doc: DynamoDBDocumentClient, table: string, keys: Item[]) {
  for (let i = 0; i < keys.length; i += 25) {
    await doc.send(new BatchWriteCommand({ RequestItems: { [table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) } }));
  }
}

export async function runEscalationScaling(
  endpoint: string,
  opts: { small: number; large: number; overdue: number; repetitions: number; parallel: number; prefix: string },
  log: (s: string) => void,
): Promise<EscalationResult> {
  const { MAIN_TABLE } = await import('../../shared/table/definition');
  const { tableDescriptionFor } = await import('../../local/bootstrap');
  const { toReportItem, keys: itemKeys, SHARDS } = await import('../../shared/adapters/dynamodb/report-items');
  const { CODE_ALPHABET } = await import('../../shared/domain/tracking-code');
  const { client, doc } = plainClients(endpoint);
  const errors: string[] = [];
  const now = new Date();

  // What one report looks like in each state; index attributes come from the real toReportItem.
  const base = (id: string, i: number) => ({
    id,
    version: 3,
    category: ['jalan-rusak', 'drainase', 'lampu-jalan', 'jembatan'][i % 4]!,
    district: ['cikande', 'kragilan', 'ciruas', 'anyar', 'baros'][i % 5]!,
    priority: 'normal' as const,
    description: 'Jalan berlubang besar di depan pasar, membahayakan pengendara motor terutama malam hari.',
    publicDescription: 'Jalan berlubang besar di depan pasar, membahayakan pengendara motor terutama malam hari.',
    location: { lat: -6.1 - (i % 300) * 0.001, lon: 106.0 + (i % 300) * 0.001 },
    reporter: { phone: `+62812${String(10_000_000 + (i % 9_000_000)).slice(0, 8)}`, showName: false, anonymous: false, language: 'id' as const },
    confidential: false,
    unit: 'bina-marga',
    createdAt: new Date(now.getTime() - 40 * DAY - (i % 1000) * 60_000).toISOString(),
    updatedAt: new Date(now.getTime() - 10 * DAY).toISOString(),
    escalationLevel: 0,
    eventCount: 3,
  });
  type Kind = 'overdue' | 'open-ahead' | 'resolved-waiting' | 'closed' | 'rejected';
  const kindOf = (i: number, overdue: number): Kind => {
    if (i < overdue) return 'overdue';
    const r = i % 20;
    if (r < 2) return 'open-ahead';
    if (r === 2) return 'resolved-waiting';
    if (r === 3) return 'rejected';
    return 'closed';
  };
  const reportItem = (i: number, overdue: number, prefix: number): Item => {
    const id = code(prefix * 10_000_000 + i, CODE_ALPHABET);
    const b = base(id, i);
    switch (kindOf(i, overdue)) {
      case 'overdue':
        return toReportItem({ ...b, status: 'verified', verifiedAt: b.updatedAt, dueAt: new Date(now.getTime() - (1 + (i % 48)) * 3_600_000).toISOString() });
      case 'open-ahead':
        return toReportItem({ ...b, status: 'in_progress', dueAt: new Date(now.getTime() + (1 + (i % 20)) * DAY).toISOString() });
      case 'resolved-waiting':
        return toReportItem({ ...b, status: 'resolved', resolvedAt: b.updatedAt, autoCloseAt: new Date(now.getTime() + (1 + (i % 13)) * DAY).toISOString() });
      case 'rejected':
        return toReportItem({ ...b, status: 'rejected' });
      case 'closed':
        return toReportItem({ ...b, status: 'closed', closedAt: b.updatedAt });
    }
  };

  const hasRun = existsSync(`${ROOT}shared/escalation/run-escalation.ts`);
  let run: (table: string) => Promise<{ itemsRead: number; escalated?: number }>;
  let mode: EscalationResult['mode'] = 'equivalent-query';
  if (hasRun) {
    try {
      const { runEscalation, escalationSettings } = await import('../../shared/escalation/run-escalation');
      const { DynamoEscalationStore } = await import('../../shared/adapters/dynamodb/escalation-store');
      const { jurisdiction } = await import('../../shared/config/jurisdiction');
      const settings = escalationSettings(jurisdiction);
      run = async (table) => {
        const s = await runEscalation({
          store: new DynamoEscalationStore(doc, table),
          publisher: { publish: async () => ({ messageId: 'bench' }) },
          settings,
          now: new Date(),
          remainingMs: () => 600_000,
        });
        if (s.failed > 0) errors.push(`${table}: ${s.failed} reports failed`);
        return { itemsRead: s.itemsRead, escalated: s.escalated };
      };
      mode = 'runEscalation';
    } catch (err) {
      errors.push(`shared/escalation present but not usable (${(err as Error).message}); measured the equivalent Query`);
    }
  }
  if (mode === 'equivalent-query') {
    run = async (table) => {
      let itemsRead = 0;
      for (let shard = 0; shard < SHARDS; shard++) {
        let start: Item | undefined;
        do {
          const out = await doc.send(
            new QueryCommand({
              TableName: table,
              IndexName: 'gsi10-deadline',
              KeyConditionExpression: '#k = :k AND #at <= :now',
              ExpressionAttributeNames: { '#k': 'deadlineKey', '#at': 'deadlineAt' },
              ExpressionAttributeValues: { ':k': itemKeys.deadline(shard), ':now': new Date().toISOString() },
              Limit: 100,
              ExclusiveStartKey: start,
            }),
          );
          itemsRead += out.Items?.length ?? 0;
          start = out.LastEvaluatedKey;
        } while (start);
      }
      return { itemsRead };
    };
  }

  const noStream = { ...MAIN_TABLE, stream: undefined };
  const sizes = [
    { name: `${opts.prefix}-esc-small`, reports: opts.small, prefix: 1 },
    { name: `${opts.prefix}-esc-large`, reports: opts.large, prefix: 2 },
  ];
  const prepared: { name: string; reports: number; seedSeconds: number; overdueItems: Item[] }[] = [];
  for (const size of sizes) {
    await client.send(new CreateTableCommand(tableDescriptionFor(noStream, size.name)));
    const items = Array.from({ length: size.reports }, (_, i) => reportItem(i, opts.overdue, size.prefix));
    const seedSeconds = await seed(doc, size.name, items, opts.parallel);
    log(`  escalation: seeded ${size.reports} reports in ${seedSeconds.toFixed(1)} s (${Math.round(size.reports / seedSeconds)}/s)`);
    prepared.push({ name: size.name, reports: size.reports, seedSeconds, overdueItems: items.slice(0, opts.overdue) });
  }

  const restore = async (p: (typeof prepared)[number]) => {
    if (mode !== 'runEscalation') return;
    // put the 100 back as they were, and remove the "escalated" events the last run wrote (seq = eventCount + 1)
    await deleteKeys(doc, p.name, p.overdueItems.map((i) => ({ pk: i.pk, sk: `E#${String(Number(i.eventCount) + 1).padStart(6, '0')}` })));
    await seed(doc, p.name, p.overdueItems, 4);
  };

  const results = new Map<string, { itemsRead: number[]; ms: number[]; escalated: number[] }>(prepared.map((p) => [p.name, { itemsRead: [], ms: [], escalated: [] }]));
  // one unmeasured run each first: JIT and DynamoDB Local's caches
  for (const p of prepared) {
    await run!(p.name);
    await restore(p);
  }
  for (let rep = 0; rep < opts.repetitions; rep++) {
    const order = rep % 2 === 0 ? prepared : [...prepared].reverse();
    for (const p of order) {
      const started = performance.now();
      const out = await run!(p.name);
      const ms = performance.now() - started;
      const r = results.get(p.name)!;
      r.itemsRead.push(out.itemsRead);
      r.ms.push(ms);
      if (out.escalated !== undefined) r.escalated.push(out.escalated);
      await restore(p);
    }
  }

  const figure = (p: (typeof prepared)[number]): EscalationSize => {
    const r = results.get(p.name)!;
    return {
      reports: p.reports,
      overdue: opts.overdue,
      seedSeconds: Math.round(p.seedSeconds * 10) / 10,
      itemsRead: summarize(r.itemsRead),
      runMs: summarize(r.ms),
      ...(r.escalated.length > 0 && { escalated: summarize(r.escalated) }),
    };
  };
  const [small, large] = prepared;
  const result: EscalationResult = {
    mode,
    note:
      mode === 'runEscalation'
        ? 'runEscalation (shared/escalation/run-escalation.ts) with DynamoEscalationStore on DynamoDB Local, digests dropped; the 100 overdue are restored between runs'
        : 'EQUIVALENT QUERY, not the escalation run: Query gsi10-deadline, deadlineKey = DL#n AND deadlineAt <= now, n = 0..3, pages of 100',
    repetitions: opts.repetitions,
    small: figure(small!),
    large: figure(large!),
    itemsReadRatio: pairedRatio(results.get(large!.name)!.itemsRead, results.get(small!.name)!.itemsRead),
    timeRatio: pairedRatio(results.get(large!.name)!.ms, results.get(small!.name)!.ms),
    errors,
  };
  for (const p of prepared) await client.send(new DeleteTableCommand({ TableName: p.name })).catch(() => undefined);
  client.destroy();
  return result;
}

