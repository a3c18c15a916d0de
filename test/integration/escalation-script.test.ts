/**
 * `npm run escalate` end to end: the script in its own process, the real function module (functions/escalate.ts)
 * with its environment, against DynamoDB Local and the local SNS stand-in, with its clock moved forward.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import type { Report } from '../../shared/domain/report';
import { stageDueAt } from '../../shared/domain/deadlines';
import { createSmsSink, type SmsSink } from '../../local/services/sms-sink';
import { writeStackInfo } from '../../local/scheduler';
import { createTestTables, type TestTables } from '../support/dynamo';

const run = promisify(execFile);
let sink: SmsSink;
let server: Server;
let snsEndpoint: string;
let tables: TestTables;
let repo: DynamoReportRepository;

beforeAll(async () => {
  sink = createSmsSink({ log: () => undefined });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => sink.handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  snsEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tables = await createTestTables('escalate-script');
  repo = new DynamoReportRepository(tables.doc, tables.main);
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function escalate(args: string[]) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('AWS_') || name === 'TABLE_NAME' || name === 'CLOCK_OFFSET_MS') delete env[name];
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/escalate.ts', '--json', ...args], { env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

function report(id: string, now: Date, overrides: Partial<Report> = {}): Report {
  const at = now.toISOString();
  return {
    id, version: 1, status: 'received', category: 'drainase', district: 'kragilan', priority: 'normal',
    description: 'Saluran tersumbat sampah', publicDescription: 'Saluran tersumbat sampah', address: 'Jl. Kragilan',
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: at, updatedAt: at, dueAt: stageDueAt('received', 'drainase', 'normal', now), escalationLevel: 0, eventCount: 1,
    ...overrides,
  };
}

describe('npm run escalate', () => {
  it('does nothing now, and escalates and auto-closes once the clock is moved forward', async () => {
    const now = new Date();
    const fresh = report('SCRP-2222', now);
    const resolved = report('SCRP-3333', now, { status: 'resolved', dueAt: undefined, autoCloseAt: new Date(now.getTime() + 30 * 86_400_000).toISOString() });
    for (const r of [fresh, resolved])
      await repo.create(r, { reportId: r.id, seq: 1, type: 'created', at: r.createdAt, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true });

    const flags = ['--endpoint', inject('dynamoEndpoint'), '--table', tables.main, '--sns-endpoint', snsEndpoint];
    expect(await escalate(flags)).toMatchObject({ escalated: 0, autoClosed: 0, itemsRead: 0, complete: true });

    // two weeks on (even over Lebaran): the 2-working-day deadline has passed, the auto-close time has not
    expect(await escalate([...flags, '--offset', '14d'])).toMatchObject({ escalated: 1, autoClosed: 0, itemsRead: 1, complete: true });
    expect((await repo.getWithHistory(fresh.id))!.report.escalationLevel).toBe(1);
    const digest = sink.outbox().at(-1)!;
    expect(digest.topicArn).toBe('arn:aws:sns:ap-southeast-3:000000000000:si-centang-escalations');
    expect(digest.attributes).toEqual({ level: '1', recipient: 'unit-head', unit: 'verifikasi' });
    expect(digest.message).toContain(fresh.id);

    // the stack's address book works as well as flags; a month on, the resolved report closes
    const dataDir = mkdtempSync(join(tmpdir(), 'stack-'));
    const file = writeStackInfo(dataDir, {
      api: 'http://127.0.0.1:0', region: 'ap-southeast-3', dynamoEndpoint: inject('dynamoEndpoint'), snsEndpoint, s3Endpoint: 'http://127.0.0.1:0',
      tables: { main: tables.main, idempotency: tables.idempotency }, bucket: 'b',
      escalationTopicArn: 'arn:aws:sns:ap-southeast-3:000000000000:si-centang-escalations', pid: process.pid, startedAt: now.toISOString(),
    });
    expect(await escalate(['--stack', file, '--offset', '31d'])).toMatchObject({ autoClosed: 1, complete: true });
    expect((await repo.getWithHistory(resolved.id))!.report.status).toBe('closed');
  });

  it('says what is missing when there is no stack to talk to', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'stack-')), 'stack.json');
    await expect(escalate(['--stack', missing])).rejects.toMatchObject({ stderr: expect.stringContaining('no local stack found') });
  });
});
