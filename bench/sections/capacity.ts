/**
 * 4. Capacity units per operation, from DynamoDB Local's ReturnConsumedCapacity (INDEXES), for the requests the
 * application itself makes: the use cases and repository run unchanged on a client that adds
 * ReturnConsumedCapacity and records the answer (lib/dynamo.ts). Beside each figure, what DynamoDB would charge at
 * the least for the same items:
 *
 * - lower bound: per written item ceil(size / 1 KB) write units, ×2 in a transaction,
 *   plus ceil(entry size / 1 KB) for every GSI the item projects into, where the entry is what the index projects
 *   (table and index keys, and its INCLUDE attributes; shared/table/definition.ts) plus the 100 bytes DynamoDB adds
 *   per index entry; per read ceil(total size / 4 KB) × 0.5 (eventually consistent; ×1 when strongly consistent).
 * - AWS model: the same, but a GSI whose key changed costs two writes (delete the old index entry, put the new), an
 *   item leaving an index one delete, and a write that changes neither the index key nor any attribute the index
 *   projects costs the index nothing, as DynamoDB documents. This is the figure to price with.
 *
 * DynamoDB Local's own numbers are shown as measured; it is known to count table units only (no GSI units) and to
 * round differently, so the model columns are the ones to trust for money.
 */
import { existsSync } from 'node:fs';
import { ROOT } from '../esbuild-settings';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { itemSize, plainClients, recordingClients, type Recorded } from '../lib/dynamo';

type Item = Record<string, unknown>;

export interface CapacityFigure {
  operation: string;
  requests: string;
  /** what DynamoDB Local answered: table + GSI units */
  measured: { read: number; write: number; table: number; indexes: number };
  lowerBound: { read: number; write: number };
  awsModel: { read: number; write: number };
  /** measured / lower bound, on the operation's kind of units */
  ratio: number;
  itemBytes: number[];
  gsiProjections: number[];
  note?: string;
}

export interface CapacityResult {
  figures: CapacityFigure[];
  pending: string[];
  errors: string[];
  /** the report item size over the lifecycle, for the cost model */
  reportItemBytes: number;
}

const KB = 1024;

interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey: string;
  projection?: { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] } | { type: 'ALL' };
}

function projectsInto(item: Item, indexes: IndexDef[]): IndexDef[] {
  return indexes.filter((i) => item[i.partitionKey] !== undefined && item[i.sortKey] !== undefined);
}

/** DynamoDB's per-entry overhead of a secondary index */
const INDEX_ENTRY_OVERHEAD = 100;

/** What an index holds of an item: the table and index keys and, for INCLUDE, those attributes (ALL: the item). */
function entryOf(item: Item, index: IndexDef): Item {
  if (!index.projection || index.projection.type === 'ALL') return item;
  const names = ['pk', 'sk', index.partitionKey, index.sortKey, ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : [])];
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

const entryUnits = (entry: Item) => Math.ceil((itemSize(entry) + INDEX_ENTRY_OVERHEAD) / KB);

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/** Units per request, split into read and write by the request's kind, and into table and index units. */
function sumConsumed(records: Recorded[]) {
  let read = 0;
  let write = 0;
  let table = 0;
  let indexes = 0;
  for (const r of records) {
    for (const c of r.consumed) {
      const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
      if (READS.has(r.command)) read += units;
      else write += units;
      const idx = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, g) => n + (g.CapacityUnits ?? 0), 0);
      indexes += idx;
      table += c.Table?.CapacityUnits ?? units - idx;
    }
  }
  return { read, write, table, indexes };
}

const round = (x: number) => Math.round(x * 100) / 100;

export async function runCapacity(endpoint: string, tables: { main: string; idempotency: string }, log: (s: string) => void): Promise<CapacityResult> {
  const { MAIN_TABLE } = await import('../../shared/table/definition');
  const { createTables } = await import('../../local/bootstrap');
  const { DynamoReportRepository } = await import('../../shared/adapters/dynamodb/report-repository');
  const { createReport } = await import('../../shared/use-cases/create-report');
  const { createReportRequestSchema } = await import('../../shared/domain/report-request');
  const { transitionReport } = await import('../../shared/use-cases/staff/transition-report');
  const indexes = MAIN_TABLE.indexes;

  const { client, doc, log: recorded } = recordingClients(endpoint);
  const { client: plainClient, doc: plain } = plainClients(endpoint);
  await createTables(client, tables);
  const repo = new DynamoReportRepository(doc, tables.main);
  const figures: CapacityFigure[] = [];
  const errors: string[] = [];
  const pending: string[] = [];
  /** last written version of each item, by pk/sk: the "old image" for the AWS model's GSI key changes */
  const images = new Map<string, Item>();
  const keyOf = (item: Item) => `${String(item.pk)}|${String(item.sk)}`;

  function model(records: Recorded[]) {
    let lbWrite = 0;
    let awsWrite = 0;
    let lbRead = 0;
    const bytes: number[] = [];
    const projections: number[] = [];
    for (const r of records) {
      const transactional = r.command === 'TransactWriteItems';
      for (const w of r.written) {
        const old = images.get(keyOf(w.item));
        const item = w.item;
        const size = itemSize(item);
        const units = Math.ceil(size / KB);
        const into = projectsInto(item, indexes);
        bytes.push(size);
        projections.push(into.length);
        lbWrite += units * (transactional ? 2 : 1) + into.reduce((n, index) => n + entryUnits(entryOf(item, index)), 0);
        awsWrite += units * (transactional ? 2 : 1);
        for (const index of indexes) {
          const inNew = into.includes(index);
          const inOld = old !== undefined && old[index.partitionKey] !== undefined && old[index.sortKey] !== undefined;
          const newUnits = inNew ? entryUnits(entryOf(item, index)) : 0;
          const oldUnits = inOld ? entryUnits(entryOf(old!, index)) : 0;
          if (inNew && inOld) {
            const keyChanged = old![index.partitionKey] !== item[index.partitionKey] || old![index.sortKey] !== item[index.sortKey];
            const entryChanged = JSON.stringify(entryOf(old!, index)) !== JSON.stringify(entryOf(item, index));
            awsWrite += keyChanged ? oldUnits + newUnits : entryChanged ? Math.max(oldUnits, newUnits) : 0;
          } else if (inNew) awsWrite += newUnits;
          else if (inOld) awsWrite += oldUnits;
        }
        images.set(keyOf(item), item);
      }
      if (r.returned.length > 0 || r.command === 'Query' || r.command === 'GetItem') {
        const total = r.returned.reduce((n, i) => n + itemSize(i), 0);
        // a request reads at least one unit even when it returns nothing
        lbRead += Math.max(1, Math.ceil(total / (4 * KB))) * (r.consistent ? 1 : 0.5);
        for (const i of r.returned) bytes.push(itemSize(i));
      }
    }
    return { lbWrite, awsWrite, lbRead, bytes, projections };
  }

  /** requests before this index have updated `images` */
  let absorbed = 0;
  function absorb(upTo: number) {
    for (const r of recorded.slice(absorbed, upTo)) for (const w of r.written) if (w.kind === 'put') images.set(keyOf(w.item), w.item);
    absorbed = upTo;
  }

  async function measure(operation: string, act: () => Promise<unknown>, note?: string, pick?: (r: Recorded) => boolean) {
    // writes made outside measurements (setup) still give the old images the AWS model needs
    absorb(recorded.length);
    const from = recorded.length;
    try {
      await act();
    } catch (err) {
      errors.push(`${operation}: ${(err as Error).name}: ${(err as Error).message}`);
      log(`  capacity ${operation}: FAILED ${(err as Error).message}`);
      return;
    }
    const all = recorded.slice(from);
    const records = all.filter((r) => (pick ? pick(r) : true));
    // the records left out (the read before a write) still move the images on
    for (const r of all) if (!records.includes(r)) for (const w of r.written) if (w.kind === 'put') images.set(keyOf(w.item), w.item);
    // an Update names only the key: its new image is read back (without recording) to size it
    for (const r of records)
      for (const w of r.written)
        if (w.kind === 'update') {
          const current = await plain.send(new GetCommand({ TableName: w.table, Key: { pk: w.item.pk, sk: w.item.sk }, ConsistentRead: true }));
          if (current.Item) w.item = current.Item;
        }
    const consumed = sumConsumed(records);
    const m = model(records);
    const figure: CapacityFigure = {
      operation,
      requests: records.map((r) => r.command + (r.index ? `(${r.index})` : '')).join(' + '),
      measured: { read: round(consumed.read), write: round(consumed.write), table: round(consumed.table), indexes: round(consumed.indexes) },
      lowerBound: { read: round(m.lbRead), write: round(m.lbWrite) },
      awsModel: { read: round(m.lbRead), write: round(m.awsWrite) },
      ratio: round((consumed.read + consumed.write) / (m.lbRead + m.lbWrite || 1)),
      itemBytes: m.bytes,
      gsiProjections: m.projections,
      ...(note && { note }),
    };
    absorbed = recorded.length;
    figures.push(figure);
    log(`  capacity ${operation}: measured ${figure.measured.read} RCU ${figure.measured.write} WCU (table ${figure.measured.table}, GSIs ${figure.measured.indexes}); lower bound ${m.lbRead} RCU ${m.lbWrite} WCU; AWS model ${m.awsWrite} WCU`);
  }

  const description =
    'Jalan berlubang besar dan dalam di depan Pasar Cikande, sudah dua minggu tidak diperbaiki. ' +
    'Banyak pengendara motor jatuh saat malam karena tidak ada penerangan di sekitar lubang.';
  // The main lifecycle needs a category that can be resolved without a completion photo: the photo upload is the
  // photo processor's business (S3), not a table write of the transition.
  const { jurisdiction } = await import('../../shared/config/jurisdiction');
  const category = jurisdiction.categories.find((c) => !c.completionPhotoRequired)?.code ?? 'lainnya';
  const input = (i: number) =>
    createReportRequestSchema.parse({
      category,
      description,
      district: 'cikande',
      location: { lat: -6.2 - i * 0.0001, lon: 106.3 },
      address: 'Jl. Raya Serang-Jakarta KM 68, depan Pasar Cikande',
      reporter: { phone: `0812-3456-${String(7000 + (i % 1000)).padStart(4, '0')}`, name: 'Budi Santoso' },
    });
  const now = () => new Date();
  const admin = { sub: 'bench-admin', role: 'admin' as const };
  const actor = { role: 'admin' as const };
  type Report = Awaited<ReturnType<typeof createReport>>;

  // Create: the use case's one TransactWriteItems (report + "created" event).
  // The function also counts the request against the creation quotas (two conditional UpdateItems), when present.
  let consumeQuotas: ((phone: string, at: Date) => Promise<void>) | undefined;
  if (existsSync(`${ROOT}shared/abuse/quotas.ts`)) {
    const { citizenQuotas } = await import('../../shared/abuse/quotas');
    consumeQuotas = citizenQuotas(doc, tables.main, '203.0.113.7');
  }
  let main: Report | undefined;
  await measure(consumeQuotas ? 'create report (+ quota counters)' : 'create report', async () => {
    main = await createReport(input(0), { repository: repo, now, ...(consumeQuotas && { consumeQuotas }) });
  });
  if (!main) return { figures, pending, errors, reportItemBytes: 0 };
  await measure('get report (1 event)', () => repo.getWithHistory(main!.id));

  // Each transition of the main path; the use case reads (Query) then writes (TransactWriteItems): the write is
  // the transition's cost, the read is the same as a get.
  const steps: { to: string; body: Record<string, unknown> }[] = [
    { to: 'verified', body: { to: 'verified', unit: 'bina-marga', note: 'Diteruskan ke Bina Marga' } },
    { to: 'in_progress', body: { to: 'in_progress', note: 'Tim dijadwalkan turun ke lokasi', expectedAt: '2026-12-10' } },
    { to: 'resolved', body: { to: 'resolved', note: 'Lubang sudah ditambal dengan aspal hotmix' } },
    // closing inside the citizen's objection period takes a reason (the bench does not wait the period out)
    { to: 'closed', body: { to: 'closed', reason: 'Warga sudah mengonfirmasi perbaikan' } },
  ];
  let version = main.version;
  let from = main.status as string;
  for (const step of steps) {
    await measure(
      `transition ${from} → ${step.to}`,
      async () => {
        const out = await transitionReport(main!.id, version, step.body as never, admin, actor, { repository: repo, now });
        version = out.report.version;
      },
      undefined,
      (r) => r.command === 'TransactWriteItems',
    );
    from = step.to;
  }
  await measure('get report (closed, 5 events)', () => repo.getWithHistory(main!.id));

  // The other exits from "received", each on a fresh report; duplicate also updates the original's followers.
  const original = await createReport(input(1), { repository: repo, now });
  for (const exit of [
    { to: 'rejected', body: { to: 'rejected', reason: 'Lokasi berada di lahan pribadi' } },
    { to: 'referred', body: { to: 'referred', agency: 'bbpjn-banten', note: 'Jalan nasional' } },
    { to: 'duplicate', body: { to: 'duplicate', duplicateOf: original.id } },
  ]) {
    const r = await createReport(input(2), { repository: repo, now });
    await measure(
      `transition received → ${exit.to}`,
      () => transitionReport(r.id, r.version, exit.body as never, admin, actor, { repository: repo, now }),
      exit.to === 'duplicate' ? 'includes the Update of the original report (followers)' : undefined,
      (rec) => rec.command === 'TransactWriteItems',
    );
  }

  // One public list page: the table must hold more than a page per shard.
  for (let i = 0; i < 60; i++) await createReport(input(10 + i), { repository: repo, now });
  await measure(
    'list page (public, 20)',
    () => repo.listPublic({ limit: 20 }),
    'four shard Queries (Limit 21 each) merged; AWS model: each Query its returned index entries (ceil(bytes / 4 KB) × 0.5); the lower bound reads just the 20 entries shown in one request',
  );
  // the lower bound of a list page is the 20 entries shown, read by one request (the AWS model keeps the requests made)
  const list = figures.at(-1);
  if (list && list.operation.startsWith('list page')) {
    const listed = recorded.filter((r) => r.command === 'Query' && r.index === 'gsi1-public').slice(-4);
    const entries = listed.flatMap((r) => r.returned).sort((a, b) => String(b.createdKey).localeCompare(String(a.createdKey))).slice(0, 20);
    const bytes = entries.reduce((n, e) => n + itemSize(e), 0);
    list.lowerBound.read = round(Math.ceil(bytes / (4 * KB)) * 0.5);
    list.ratio = round(list.measured.read / list.lowerBound.read);
  }

  // One escalation of one report: the run's Query on the deadline index and its one transaction.
  const escalationModule = `${ROOT}shared/escalation/run-escalation.ts`;
  if (existsSync(escalationModule)) {
    try {
      const { runEscalation, escalationSettings } = await import('../../shared/escalation/run-escalation');
      const { DynamoEscalationStore } = await import('../../shared/adapters/dynamodb/escalation-store');
      const { jurisdiction } = await import('../../shared/config/jurisdiction');
      const overdue = await createReport(input(99), { repository: repo, now: () => new Date(Date.now() - 30 * 86_400_000) });
      const store = new DynamoEscalationStore(doc, tables.main);
      const settings = escalationSettings(jurisdiction);
      let summary: unknown;
      await measure(
        'escalation of one report (run)',
        async () => {
          summary = await runEscalation({ store, publisher: { publish: async () => ({ messageId: 'bench' }) }, settings, now: new Date(), remainingMs: () => 600_000 });
        },
        'runEscalation over a table where one report is overdue: 8 Queries on gsi10-deadline (DL#0..3, AC#0..3) + one TransactWriteItems',
      );
      const s = summary as { escalated?: number } | undefined;
      if (s && s.escalated !== 1) errors.push(`escalation of one report: escalated ${s.escalated}, expected 1 (report ${overdue.id})`);
    } catch (err) {
      errors.push(`escalation: ${(err as Error).message}`);
      pending.push('escalation of one report (shared/escalation present but did not run)');
    }
  } else pending.push('escalation of one report (shared/escalation/run-escalation.ts not present)');

  // The notifier's writes per SMS (claim, finish) and the daily counter, if the delivery store is there.
  try {
    const { DynamoDeliveryStore } = await import('../../shared/adapters/dynamodb/delivery-store');
    const store = new DynamoDeliveryStore(doc, tables.main);
    const meta = { reportId: main.id, eventSeq: 2, recipient: main.id, role: 'reporter' as const, kind: 'verified' as never, language: 'id' };
    const t = new Date();
    await measure('sms: read report (consistent)', () => store.getReport(main!.id));
    await measure('sms: claim delivery', () => store.claim(meta, 'bench-token', new Date(t.getTime() + 60_000), t));
    await measure('sms: daily counter', () => store.countDailySms('+6281234567000', t.toISOString().slice(0, 10), 5, Math.floor(t.getTime() / 1000) + 86_400 * 2));
    await measure('sms: finish delivery', () => store.finish(meta, 'bench-token', { status: 'sent', messageId: 'bench-msg', segments: 1, encoding: 'GSM' }, t));
  } catch (err) {
    pending.push(`sms delivery records (${(err as Error).message})`);
  }

  client.destroy();
  plainClient.destroy();
  const closed = images.get(`R#${main.id}|R`);
  return { figures, pending, errors, reportItemBytes: closed ? itemSize(closed) : 0 };
}
