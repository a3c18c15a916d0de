/**
 * The baseline of the end-to-end figure: the bare DynamoDB calls behind create and get, driven straight at the same
 * DynamoDB Local with the SDK, at the same concurrency and for the same time as autocannon drives the API. Runs in
 * its own process, as autocannon does, so neither load generator shares an event loop with what it measures.
 *
 * create: TransactWriteItems of a new report and its "created" event, as DynamoReportRepository.create writes them.
 * get:    GetItem of the seeded report's item (the API's GET does one Query of report + history instead).
 *
 * Usage: node --import tsx raw-load-child.ts <endpoint> <table> <create|get> <connections> <seconds> <reportId> <out.json>
 */
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { plainClients } from '../lib/dynamo';
import { toEventItem, toReportItem } from '../../shared/adapters/dynamodb/report-items';
import { newTrackingCode } from '../../shared/domain/tracking-code';

const [endpoint, table, mode, connectionsArg, secondsArg, reportId, out] = process.argv.slice(2);
const connections = Number(connectionsArg);
const seconds = Number(secondsArg);
const { doc } = plainClients(endpoint!);

const now = new Date().toISOString();
function createItems() {
  const id = newTrackingCode(randomInt);
  const report = {
    id,
    version: 1,
    status: 'received' as const,
    category: 'jalan-rusak',
    district: 'cikande',
    priority: 'normal' as const,
    description: 'Jalan berlubang besar di depan pasar Cikande, membahayakan motor',
    publicDescription: 'Jalan berlubang besar di depan pasar Cikande, membahayakan motor',
    location: { lat: -6.2, lon: 106.3 },
    reporter: { phone: '+6281234567890', name: 'Budi Santoso', showName: false, anonymous: false, language: 'id' as const },
    confidential: false,
    createdAt: now,
    updatedAt: now,
    dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    escalationLevel: 0,
    eventCount: 1,
  };
  const event = { reportId: id, seq: 1, type: 'created' as const, at: now, actor: { role: 'citizen' }, to: 'received' as const, visibility: 'public' as const, notify: true };
  return [toReportItem(report), toEventItem(event)];
}

const call =
  mode === 'create'
    ? () => {
        const [report, event] = createItems();
        return doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: report, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: table, Item: event, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
      }
    : () => doc.send(new GetCommand({ TableName: table, Key: { pk: `R#${reportId}`, sk: 'R' } }));

// a short warm-up: connections opened, JIT warm, as autocannon's first requests also pay for
for (let i = 0; i < 50; i++) await call();

const latencies: number[] = [];
let errors = 0;
const deadline = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        await call();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
writeFileSync(
  out!,
  JSON.stringify({ requests: latencies.length, errors, seconds: elapsed, perSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99), mean: latencies.reduce((a, b) => a + b, 0) / latencies.length }),
);
process.exit(0);
