/**
 * SMS coalescing on DynamoDB Local: reports and status changes written by the real DynamoReportRepository, their history
 * events handed to the real notifier as the stream would hand them, the real delivery, hold and opt-out stores, the
 * hold drain, a clock the test moves, and an SMS sender that records what it was asked to send (and can fail).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamodb/delivery-store';
import { DynamoHeldSmsStore } from '../../shared/adapters/dynamodb/held-sms-store';
import { DynamoOptOutStore, optOutItem } from '../../shared/adapters/dynamodb/opt-out-store';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { TransientSmsError, type SmsSender } from '../../shared/adapters/sns/sms-sender';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { HistoryEvent, Report, ReportStatus } from '../../shared/domain/report';
import { drainHeld } from '../../shared/notify/drain-held';
import { createNotifier } from '../../shared/notify/notifier';
import { withStoredOptOut } from '../../shared/notify/opt-out-sender';
import { createTestTables, type TestTables } from '../support/dynamo';

const WINDOW_MS = 20 * 60_000;
const MINUTE = 60_000;

let tables: TestTables;
let repo: DynamoReportRepository;
let deliveries: DynamoDeliveryStore;
let held: DynamoHeldSmsStore;
let optOuts: DynamoOptOutStore;
let clock: Date;
const sent: { phone: string; text: string }[] = [];
let failNext = 0;
const recorder: SmsSender = {
  isOptedOut: async () => false,
  publish: async (phone, text) => {
    if (failNext > 0) {
      failNext--;
      throw new TransientSmsError('InternalErrorException');
    }
    sent.push({ phone, text });
    return { status: 'sent', messageId: `m-${sent.length}` };
  },
};

beforeAll(async () => {
  tables = await createTestTables('coalesce');
  repo = new DynamoReportRepository(tables.doc, tables.main);
  deliveries = new DynamoDeliveryStore(tables.doc, tables.main);
  held = new DynamoHeldSmsStore(tables.doc, tables.main);
  optOuts = new DynamoOptOutStore(tables.doc, tables.main);
});
beforeEach(() => {
  clock = new Date('2026-12-01T02:00:00Z');
  failNext = 0;
});

/** As functions/notify-citizen.ts and functions/drain-deferred-sms.ts build it, with the test's clock. */
const notifier = (holdStore: DynamoHeldSmsStore = held) =>
  createNotifier({
    store: deliveries,
    sender: withStoredOptOut(recorder, optOuts),
    jurisdiction,
    dailyCap: 20,
    now: () => clock,
    coalescing: { store: holdStore, windowMs: WINDOW_MS },
  });
const drain = (queue: Parameters<typeof drainHeld>[0]['queue'] = held) => drainHeld({ queue, deliveries, notifier: notifier(), now: () => clock });

/** The stream record of a stored history event, as the table's stream delivers it. */
async function streamRecord(reportId: string, seq: number): Promise<DynamoDBRecord> {
  const image = await held.getRawEventItem({ reportId, eventSeq: seq, recipient: reportId });
  return { eventName: 'INSERT', dynamodb: { NewImage: image } } as unknown as DynamoDBRecord;
}
const stream = async (reportId: string, seq: number, via = notifier()) => via.handleRecord(await streamRecord(reportId, seq));

let n = 0;
const phone = () => `+62810${String(4_000_000 + ++n).padStart(7, '0')}`;

async function submit(phoneNumber = phone()): Promise<Report> {
  const at = clock.toISOString();
  const report: Report = {
    id: `C${String(n).padStart(3, '0')}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
    version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang di depan pasar', publicDescription: 'Jalan berlubang di depan pasar',
    reporter: { phone: phoneNumber, showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: at, updatedAt: at, escalationLevel: 0, eventCount: 1,
  };
  await repo.create(report, { reportId: report.id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true });
  await stream(report.id, 1);
  return report;
}

/** A status change at the clock's time, written by the repository (report + history event in one transaction). */
async function move(report: Report, to: ReportStatus, extra: Partial<Report> = {}, follow?: { original: string }): Promise<Report> {
  const at = clock.toISOString();
  const seq = report.eventCount + 1;
  const next: Report = { ...report, ...extra, status: to, version: report.version + 1, eventCount: seq, updatedAt: at };
  const event: HistoryEvent = {
    reportId: report.id, seq, type: 'status', at, actor: { role: 'triage' }, from: report.status, to, visibility: 'public', notify: true,
    ...(extra.unit && { data: { unit: extra.unit } }), ...(follow && { data: { duplicateOf: follow.original } }),
  };
  await repo.applyChange({ report: next, expectedVersion: report.version, events: [event], ...(follow && { follow: { original: follow.original, follower: report.id } }) });
  return next;
}

const textsTo = (p: string | undefined) => sent.filter((s) => s.phone === p).map((s) => s.text);
const records = async (id: string) => (await repo.getWithHistory(id))!.deliveries;
const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * MINUTE));

describe('two changes within the window', () => {
  it('send one SMS, with the latest state, once the window of the later one ends; staff see the first as superseded', async () => {
    const r = await submit();
    expect(textsTo(r.reporter.phone)).toHaveLength(1); // the receipt goes out at once

    later(5);
    const verified = await move(r, 'verified', { unit: 'bina-marga' });
    expect((await stream(r.id, 2)).recipients).toEqual([expect.objectContaining({ outcome: 'held', reason: 'coalescing' })]);
    expect(await records(r.id)).toContainEqual(expect.objectContaining({ eventSeq: 2, status: 'pending', reason: 'coalescing', dueAt: new Date(clock.getTime() + WINDOW_MS).toISOString() }));

    later(10);
    await move(verified, 'in_progress');
    await stream(r.id, 3);
    expect(textsTo(r.reporter.phone)).toHaveLength(1);

    later(15); // 25 minutes after the first change, 15 after the second: only the first window has ended
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(textsTo(r.reporter.phone)).toHaveLength(1);

    later(6);
    expect(await drain()).toMatchObject({ sent: 1, failed: 0 });
    const texts = textsTo(r.reporter.phone);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('mulai ditangani');
    expect(await records(r.id)).toEqual([
      expect.objectContaining({ eventSeq: 1, kind: 'received', status: 'sent' }),
      expect.objectContaining({ eventSeq: 2, kind: 'verified', status: 'skipped', reason: 'superseded', supersededBy: 3 }),
      expect.objectContaining({ eventSeq: 3, kind: 'in_progress', status: 'sent' }),
    ]);

    // a replayed stream and a second drain change nothing
    await stream(r.id, 2);
    await stream(r.id, 3);
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
  });

  it('treat followers the same way: one SMS with the latest state for the reporter of a duplicate too', async () => {
    const original = await submit();
    const dup = await submit();
    later(1);
    await move(dup, 'duplicate', {}, { original: original.id });
    await stream(dup.id, 2);
    expect(textsTo(dup.reporter.phone)).toHaveLength(2); // a final outcome: at once

    later(1);
    // the original, as a transition reads it now: with its new follower
    const verified = await move({ ...original, followers: [dup.id] }, 'verified', { unit: 'bina-marga' });
    await stream(original.id, 2);
    later(3);
    await move(verified, 'in_progress');
    await stream(original.id, 3);
    later(21);
    expect(await drain()).toMatchObject({ sent: 2 });
    expect(textsTo(original.reporter.phone)).toHaveLength(2);
    expect(textsTo(dup.reporter.phone)).toHaveLength(3);
    expect(textsTo(dup.reporter.phone)[2]).toContain(original.id);
    expect((await records(original.id)).filter((d) => d.eventSeq === 2).map((d) => [d.role, d.status, d.reason])).toEqual([
      ['reporter', 'skipped', 'superseded'],
      ['follower', 'skipped', 'superseded'],
    ]);
  });
});

describe('what is never held', () => {
  it('a final outcome goes out at once, and supersedes the intermediate SMS still held', async () => {
    const r = await submit();
    later(2);
    const verified = await move(r, 'verified', { unit: 'bina-marga' });
    await stream(r.id, 2);
    later(2);
    const started = await move(verified, 'in_progress');
    await stream(r.id, 3);
    later(2);
    await move(started, 'resolved');
    expect((await stream(r.id, 4)).recipients).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    const texts = textsTo(r.reporter.phone);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('selesai dikerjakan');
    later(30);
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
    expect((await records(r.id)).map((d) => [d.eventSeq, d.status, d.reason])).toEqual([
      [1, 'sent', undefined],
      [2, 'skipped', 'superseded'],
      [3, 'skipped', 'superseded'],
      [4, 'sent', undefined],
    ]);
  });

  it('the receipt and a rejection right after it both go out at once', async () => {
    const r = await submit();
    later(1);
    await move(r, 'rejected');
    await stream(r.id, 2);
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
  });
});

describe('a change followed by nothing', () => {
  it('is sent once its window ends, exactly once', async () => {
    const r = await submit();
    later(3);
    await move(r, 'verified', { unit: 'sumber-daya-air' });
    await stream(r.id, 2);
    later(19);
    expect(await drain()).toMatchObject({ sent: 0 });
    later(1);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(textsTo(r.reporter.phone)[1]).toContain('diverifikasi');
    await drain();
    await stream(r.id, 2);
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
  });

  it('is not sent to a number that opted out while it was held', async () => {
    const r = await submit();
    later(1);
    await move(r, 'verified', { unit: 'bina-marga' });
    await stream(r.id, 2);
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: await optOutItem(r.reporter.phone!, true, clock.toISOString()) }));
    later(21);
    await drain();
    expect(textsTo(r.reporter.phone)).toHaveLength(1);
    expect(await records(r.id)).toContainEqual(expect.objectContaining({ eventSeq: 2, status: 'skipped', reason: 'opted-out' }));
  });
});

describe('nothing is lost when the provider fails or a function crashes', () => {
  it('a provider failing at the drain: the SMS stays queued and goes out once on the next run', async () => {
    const r = await submit();
    later(1);
    await move(r, 'verified', { unit: 'bina-marga' });
    await stream(r.id, 2);
    later(21);
    failNext = 1;
    expect(await drain()).toMatchObject({ sent: 0, failed: 1 });
    expect(await records(r.id)).toContainEqual(expect.objectContaining({ eventSeq: 2, status: 'pending', reason: 'InternalErrorException' }));
    later(5);
    expect(await drain()).toMatchObject({ sent: 1, failed: 0 });
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
    expect(await records(r.id)).toContainEqual(expect.objectContaining({ eventSeq: 2, status: 'sent', attempts: 2 }));
  });

  it('a drain that fails after sending, before clearing its queue item, sends nothing twice', async () => {
    const r = await submit();
    later(1);
    await move(r, 'verified', { unit: 'bina-marga' });
    await stream(r.id, 2);
    later(21);
    const dying = {
      listDue: held.listDue.bind(held),
      getRawEventItem: held.getRawEventItem.bind(held),
      removeHeld: async () => {
        throw new Error('the table is unreachable');
      },
    };
    expect(await drain(dying)).toMatchObject({ sent: 0, failed: 1 });
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
    await drain();
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
    expect(await held.listDue(clock, 100)).toEqual([]);
  });

  it('a notifier that dies between superseding and holding: the retried record holds the later change, which is sent', async () => {
    const r = await submit();
    later(1);
    const verified = await move(r, 'verified', { unit: 'bina-marga' });
    await stream(r.id, 2);
    later(2);
    await move(verified, 'in_progress');
    const crashing = Object.assign(Object.create(held) as DynamoHeldSmsStore, {
      hold: async () => {
        throw new Error('the function died');
      },
    });
    await expect(stream(r.id, 3, notifier(crashing))).rejects.toThrow('the function died');
    // the earlier SMS is already superseded; the retry holds the later one
    expect((await stream(r.id, 3)).recipients).toEqual([expect.objectContaining({ outcome: 'held' })]);
    later(21);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(textsTo(r.reporter.phone)).toHaveLength(2);
    expect(textsTo(r.reporter.phone)[1]).toContain('mulai ditangani');
  });
});
