/**
 * The escalation run on DynamoDB Local, with the real adapters: the sparse deadline index read page by page,
 * version-guarded transactions, digests through the real SNS client to the local SNS stand-in.
 * Each test has its own tables: a run takes every due item of its table.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoEscalationStore } from '../../shared/adapters/dynamodb/escalation-store';
import type { GuardedWrite } from '../../shared/escalation/ports';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { listPhoneFollowers, toFollowerItem } from '../../shared/adapters/dynamodb/follower-items';
import { SnsOfficialDigestPublisher } from '../../shared/adapters/sns/official-digest-publisher';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { toPublicView, type HistoryEvent, type Report } from '../../shared/domain/report';
import { escalationSettings, runEscalation, type EscalationSettings } from '../../shared/escalation/run-escalation';
import { createReport } from '../../shared/use-cases/create-report';
import { transitionReport } from '../../shared/use-cases/staff/transition-report';
import { createSmsSink, type SmsSink } from '../../local/services/sms-sink';
import { createTestTables, type TestTables } from '../support/dynamo';
import { smsSegments } from '../../shared/domain/sms/segments';

const TOPIC = 'arn:aws:sns:ap-southeast-3:000000000000:si-centang-escalations';
const wib = (local: string) => new Date(`${local}+07:00`);
const NOW = wib('2026-11-30T10:00'); // Monday
const DAY = 86_400_000;

let sink: SmsSink;
let server: Server;
let sns: SNSClient;
let tables: TestTables;
let repo: DynamoReportRepository;
let store: DynamoEscalationStore;

beforeAll(async () => {
  sink = createSmsSink({ log: () => undefined });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => sink.handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sns = new SNSClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  sns?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

beforeEach(async () => {
  tables = await createTestTables('escalation');
  repo = new DynamoReportRepository(tables.doc, tables.main);
  store = new DynamoEscalationStore(tables.doc, tables.main);
  sink.clear();
});

let counter = 0;
function report(overrides: Partial<Report> = {}): Report {
  counter += 1;
  const at = new Date(wib('2026-11-16T08:00').getTime() + counter * 1000).toISOString();
  return {
    id: `E${String(counter).padStart(4, '0')}-DLQX`,
    version: 1,
    status: 'verified',
    category: 'jalan-rusak',
    district: 'cikande',
    priority: 'normal',
    description: 'Jalan berlubang di depan pasar',
    publicDescription: 'Jalan berlubang di depan pasar',
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' },
    confidential: false,
    unit: 'bina-marga',
    createdAt: at,
    updatedAt: at,
    dueAt: wib('2026-11-27T16:00').toISOString(),
    escalationLevel: 0,
    eventCount: 1,
    ...overrides,
  };
}

async function seed(reports: Report[]): Promise<Report[]> {
  for (let i = 0; i < reports.length; i += 10) {
    await Promise.all(
      reports.slice(i, i + 10).map((r) =>
        repo.create(r, { reportId: r.id, seq: 1, type: 'created', at: r.createdAt, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true }),
      ),
    );
  }
  return reports;
}

function run(overrides: Partial<EscalationSettings> = {}, extra: { now?: Date; remainingMs?: () => number; store?: DynamoEscalationStore } = {}) {
  return runEscalation({
    store: extra.store ?? store,
    publisher: new SnsOfficialDigestPublisher(sns, TOPIC),
    settings: escalationSettings(jurisdiction, overrides),
    now: extra.now ?? NOW,
    remainingMs: extra.remainingMs ?? (() => 300_000),
  });
}

async function escalatedEvents(ids: string[]): Promise<Map<string, HistoryEvent[]>> {
  const out = new Map<string, HistoryEvent[]>();
  for (const id of ids) out.set(id, (await repo.getWithHistory(id))!.events.filter((e) => e.type === 'escalated'));
  return out;
}

const digestCodes = () => sink.outbox().flatMap((m) => [...m.message.matchAll(/^\d+\. (\S+)/gm)].map((x) => x[1]!));

describe('escalation on DynamoDB Local', () => {
  it('two concurrent runs escalate each overdue report exactly once, and tell each official once', async () => {
    const overdue = await seed(Array.from({ length: 24 }, (_, i) => report({ unit: i % 2 ? 'bina-marga' : 'sumber-daya-air' })));
    const [a, b] = await Promise.all([run({ pageSize: 5, concurrency: 4 }), run({ pageSize: 5, concurrency: 4 })]);

    expect(a.escalated + b.escalated).toBe(24);
    expect(a.failed + b.failed).toBe(0);
    // whatever one run read after the other had written was a conflict, or (read by key after the write) no longer
    // due and left alone: never a second escalation
    expect(a.escalated + b.escalated + a.skippedConflicts + b.skippedConflicts).toBeLessThanOrEqual(a.itemsRead + b.itemsRead);
    for (const [id, events] of await escalatedEvents(overdue.map((r) => r.id))) {
      expect(events, id).toHaveLength(1);
      expect(events[0]).toMatchObject({ seq: 2, data: { level: 1 } });
      expect((await repo.getWithHistory(id))!.report).toMatchObject({ escalationLevel: 1, version: 2, eventCount: 2 });
    }
    // every report in exactly one digest line, whichever run sent it
    expect(digestCodes().sort()).toEqual(overdue.map((r) => r.id).sort());
    expect(new Set(sink.outbox().map((m) => m.topicArn))).toEqual(new Set([TOPIC]));
    // one Publish per digest, per protocol: SMS subscribers get a summary of at most two GSM-7 segments
    for (const m of sink.outbox()) {
      expect(m.protocols?.email).toBe(m.message);
      const sms = m.protocols?.sms ?? '';
      expect(smsSegments(sms)).toMatchObject({ encoding: 'GSM-7', segments: expect.any(Number) });
      expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
      expect(sms).toMatch(/^Si Centang: \d+ laporan terlambat .* Paling lama: \S+-\S+, terlambat /);
    }
  });

  it('pages through a backlog larger than a page, stops at its time budget, and the next run finishes it', async () => {
    const backlog = await seed(Array.from({ length: 30 }, () => report()));
    let checks = 0;
    const first = await run({ pageSize: 10, safetyMarginMs: 5_000, concurrency: 2 }, { remainingMs: () => (++checks <= 14 ? 60_000 : 4_000) });
    expect(first.complete).toBe(false);
    expect(first.escalated).toBeGreaterThan(0);
    expect(first.escalated).toBeLessThan(30);

    const second = await run({ pageSize: 10 });
    expect(second).toMatchObject({ complete: true, escalated: 30 - first.escalated, skippedConflicts: 0, failed: 0 });
    expect(second.itemsRead).toBe(30 - first.escalated);
    for (const events of (await escalatedEvents(backlog.map((r) => r.id))).values()) expect(events).toHaveLength(1);

    // and a third run in the same period finds nothing to do, reading nothing
    expect(await run({ pageSize: 10 })).toMatchObject({ escalated: 0, itemsRead: 0, complete: true });
  });

  it('reads only the due items, however many others the table holds', async () => {
    const due = await seed(Array.from({ length: 5 }, () => report()));
    await seed(Array.from({ length: 40 }, () => report({ dueAt: wib('2026-12-04T10:00').toISOString() })));
    await seed(Array.from({ length: 10 }, () => report({ status: 'rejected', dueAt: undefined })));
    const summary = await run({ pageSize: 3 });
    expect(summary).toMatchObject({ itemsRead: 5, escalated: 5 });
    expect(digestCodes().sort()).toEqual(due.map((r) => r.id).sort());
  });

  it('one digest per recipient, with the level, recipient and unit attributes filter policies match on', async () => {
    const [bm, sda, fresh, second] = await seed([
      report({ unit: 'bina-marga' }),
      report({ unit: 'sumber-daya-air', category: 'banjir' }),
      report({ status: 'received', unit: undefined }),
      report({ escalationLevel: 1 }),
    ]);
    await run();
    const digests = sink
      .outbox()
      .map((m) => ({ attributes: m.attributes, codes: [...m.message.matchAll(/^\d+\. (\S+)/gm)].map((x) => x[1]) }))
      .sort((x, y) => `${x.attributes.level}${x.attributes.unit}`.localeCompare(`${y.attributes.level}${y.attributes.unit}`));
    expect(digests).toEqual([
      { attributes: { level: '1', recipient: 'unit-head', unit: 'bina-marga' }, codes: [bm!.id] },
      { attributes: { level: '1', recipient: 'unit-head', unit: 'sumber-daya-air' }, codes: [sda!.id] },
      { attributes: { level: '1', recipient: 'unit-head', unit: 'verifikasi' }, codes: [fresh!.id] },
      { attributes: { level: '2', recipient: 'department-head' }, codes: [second!.id] },
    ]);
  });

  it('skips a report an official moved between the read and the write', async () => {
    const [r] = await seed([report()]);
    const racing = new DynamoEscalationStore(tables.doc, tables.main);
    const write = racing.write.bind(racing);
    racing.write = async (change: GuardedWrite) => {
      const current = (await repo.getWithHistory(change.report.id))!.report;
      const moved: Report = { ...current, status: 'in_progress', version: current.version + 1, eventCount: current.eventCount + 1, dueAt: wib('2026-12-18T10:00').toISOString() };
      await repo.applyChange({
        report: moved,
        expectedVersion: current.version,
        events: [{ reportId: r!.id, seq: moved.eventCount, type: 'status', at: NOW.toISOString(), actor: { role: 'officer', id: 'o-1' }, from: 'verified', to: 'in_progress', visibility: 'public', notify: true }],
      });
      return write(change);
    };
    const summary = await run({}, { store: racing });
    expect(summary).toMatchObject({ escalated: 0, skippedConflicts: 1, digestsSent: 0 });
    const after = (await repo.getWithHistory(r!.id))!;
    expect(after.report).toMatchObject({ status: 'in_progress', escalationLevel: 0, version: 2 });
    expect(after.events.map((e) => e.type)).toEqual(['created', 'status']);
  });

  it('the public view of an escalated report says so, and not to whom', async () => {
    const [r] = await seed([report()]);
    await run();
    const { report: after, events } = (await repo.getWithHistory(r!.id))!;
    const pub = toPublicView(after, events);
    expect(pub.escalated).toBe(true);
    expect(pub.history.map((h) => h.type)).toEqual(['created', 'escalated']);
    expect(pub.history[1]).toEqual({ at: NOW.toISOString(), type: 'escalated' });
    expect(JSON.stringify(pub)).not.toMatch(/unit-head|recipient|bina-marga|level/);
  });
});

describe('auto-close on DynamoDB Local, through the officials\' flow', () => {
  const triage = { sub: 'triage-1', role: 'triage' as const };

  it('a resolved report nobody reopens closes after the configured days, as the system, with the citizen SMS event', async () => {
    let now = wib('2026-11-02T09:00');
    const deps = { repository: repo, now: () => now };
    const created = await createReport(
      {
        // a category that needs no completion photo, so the flow can resolve without an upload
        category: 'lainnya',
        description: 'Jalan berlubang di depan pasar',
        district: 'cikande',
        address: 'Jl. Raya Cikande',
        reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' },
        confidential: false,
      },
      deps,
    );
    await transitionReport(created.id, 1, { to: 'verified', unit: 'bina-marga' }, triage, triage, deps);
    await transitionReport(created.id, 2, { to: 'in_progress' }, triage, triage, deps);
    now = wib('2026-11-05T11:00');
    const resolved = await transitionReport(created.id, 3, { to: 'resolved', note: 'Sudah ditambal' }, triage, triage, deps);
    const autoCloseAt = Date.parse(resolved.report.autoCloseAt!);
    expect(autoCloseAt - now.getTime()).toBe(jurisdiction.autoCloseDays * DAY);

    expect(await run({}, { now: new Date(autoCloseAt - 60_000) })).toMatchObject({ autoClosed: 0, itemsRead: 0 });
    expect(await run({}, { now: new Date(autoCloseAt + 60_000) })).toMatchObject({ autoClosed: 1, itemsRead: 1, escalated: 0 });

    const { report: closed, events } = (await repo.getWithHistory(created.id))!;
    expect(closed).toMatchObject({ status: 'closed', version: 5, eventCount: 5 });
    expect(closed.autoCloseAt).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ seq: 5, type: 'status', from: 'resolved', to: 'closed', actor: { role: 'system' }, notify: true, visibility: 'public' });
    // out of the index: a later run reads nothing
    expect(await run({}, { now: new Date(autoCloseAt + 2 * DAY) })).toMatchObject({ autoClosed: 0, itemsRead: 0 });
  });

  it('a report reopened before its time does not close', async () => {
    const [r] = await seed([report({ status: 'resolved', dueAt: undefined, autoCloseAt: wib('2026-11-30T09:00').toISOString() })]);
    const current = (await repo.getWithHistory(r!.id))!.report;
    await repo.applyChange({
      report: { ...current, status: 'in_progress', version: 2, eventCount: 2, autoCloseAt: undefined, dueAt: wib('2026-12-18T10:00').toISOString() },
      expectedVersion: 1,
      events: [{ reportId: r!.id, seq: 2, type: 'status', at: NOW.toISOString(), actor: { role: 'triage' }, from: 'resolved', to: 'in_progress', visibility: 'public', notify: true }],
    });
    expect(await run()).toMatchObject({ autoClosed: 0, itemsRead: 0 });
    expect((await repo.getWithHistory(r!.id))!.report.status).toBe('in_progress');
  });
});

describe('data retention in the same run', () => {
  it('removes the number and name from a finished report once the retention period has passed, and keeps the report', async () => {
    const purgeAt = new Date(NOW.getTime() - DAY).toISOString();
    const [finished] = await seed([
      report({
        status: 'closed', dueAt: undefined, closedAt: purgeAt, purgeAt,
        reporter: { phone: '+6281299990000', name: 'Dewi', showName: true, anonymous: false, language: 'id' },
        description: 'Saluran mampet, rumah Bu Dewi 0812-9999-0000', publicDescription: 'Saluran mampet, rumah Bu Dewi [nomor disamarkan]',
        suggestedLocation: { lat: -6.1, lon: 106.2, source: 'photo-exif', photoId: 'p1' },
      }),
    ]);
    // a neighbour follows it by phone: that number is contact data too
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: await toFollowerItem(finished!.id, { phone: '+6281077770001', language: 'id', createdAt: purgeAt }) }));
    const [notYet] = await seed([report({ status: 'rejected', dueAt: undefined, purgeAt: new Date(NOW.getTime() + DAY).toISOString() })]);
    const summary = await run();
    expect(summary.contactsRemoved).toBe(1);
    expect(await listPhoneFollowers(tables.doc, tables.main, finished!.id)).toEqual([]);
    const after = (await repo.getWithHistory(finished!.id))!;
    expect(after.report.reporter).toEqual({ showName: false, anonymous: false, language: 'id' });
    expect(after.report.contactRemovedAt).toBe(NOW.toISOString());
    // the free text that can no longer be justified goes too: only the published (masked) description remains
    expect(after.report.description).toBe('Saluran mampet, rumah Bu Dewi [nomor disamarkan]');
    expect(after.report.suggestedLocation).toBeUndefined();
    expect(after.events.at(-1)).toMatchObject({ type: 'edit', visibility: 'internal', actor: { role: 'system', id: 'retention' } });
    expect((await repo.withContact((await repo.getWithHistory(notYet!.id))!.report)).reporter.phone).toBe('+6281234567890');
    // a second run finds nothing more to remove: the report left the sparse index
    expect((await run()).contactsRemoved).toBe(0);
  });

  it('removes the e-mail and name an Open311 client sent, when there was no number', async () => {
    const purgeAt = new Date(NOW.getTime() - DAY).toISOString();
    const [relayed] = await seed([
      report({ status: 'closed', dueAt: undefined, closedAt: purgeAt, purgeAt, reporter: { name: 'Siti Rahmawati', email: 'siti@example.org', showName: false, anonymous: false, language: 'id' } }),
    ]);
    expect((await run()).contactsRemoved).toBe(1);
    expect((await repo.getWithHistory(relayed!.id))!.report.reporter).toEqual({ showName: false, anonymous: false, language: 'id' });
  });
});

describe('data retention of reports that never finish', () => {
  it('removes the contact and the unpublished text from a report still open past the maximum age, found by index', async () => {
    const maxAgeDays = jurisdiction.openReportMaxAgeDays ?? 2 * jurisdiction.contactRetentionDays;
    const old = new Date(NOW.getTime() - (maxAgeDays + 1) * DAY).toISOString();
    const young = new Date(NOW.getTime() - (maxAgeDays - 1) * DAY).toISOString();
    // stage deadlines far ahead: neither report is overdue, only its age can bring it into the run
    const dueAt = new Date(NOW.getTime() + 30 * DAY).toISOString();
    const [stale, fresh] = await seed([
      report({
        status: 'in_progress', createdAt: old, updatedAt: old, dueAt,
        reporter: { phone: '+6281299990001', name: 'Dewi', email: 'dewi@example.org', showName: true, anonymous: false, language: 'id' },
        description: 'Saluran mampet, rumah Bu Dewi 0812-9999-0001', publicDescription: 'Saluran mampet, rumah Bu Dewi [nomor disamarkan]',
        suggestedLocation: { lat: -6.1, lon: 106.2, source: 'photo-exif', photoId: 'p1' },
      }),
      report({ status: 'in_progress', createdAt: young, updatedAt: young, dueAt }),
    ]);
    // many open reports that are not old enough: the run reads only the due item, however many others there are
    await seed(Array.from({ length: 30 }, () => report({ dueAt })));

    const summary = await run();
    expect(summary).toMatchObject({ contactsRemoved: 1, escalated: 0, itemsRead: 1 });
    const after = (await repo.getWithHistory(stale!.id))!;
    expect(after.report.status).toBe('in_progress');
    expect(after.report.reporter).toEqual({ showName: false, anonymous: false, language: 'id' });
    expect(after.report.description).toBe('Saluran mampet, rumah Bu Dewi [nomor disamarkan]');
    expect(after.report.suggestedLocation).toBeUndefined();
    expect(after.report.contactRemovedAt).toBe(NOW.toISOString());
    expect(after.events.at(-1)).toMatchObject({ type: 'edit', visibility: 'internal', actor: { role: 'system', id: 'retention' } });
    expect((await repo.withContact((await repo.getWithHistory(fresh!.id))!.report)).reporter.phone).toBe('+6281234567890');
    // the purged report left the sparse index: a second run reads nothing
    expect(await run()).toMatchObject({ contactsRemoved: 0, itemsRead: 0 });
  });
});
