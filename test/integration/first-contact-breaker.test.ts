/**
 * The SMS circuit breaker for numbers never texted before, on DynamoDB Local: the real notifier, delivery store and
 * first-contact store, a clock the test moves, and an SMS sender that records what it was asked to send. Receipts,
 * and the answers to text messages, which wait in their own message's record.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamodb/delivery-store';
import { DynamoFirstContactStore } from '../../shared/adapters/dynamodb/first-contact-store';
import { INBOUND_ENTITY, inboundKey } from '../../shared/adapters/dynamodb/inbound-store';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import type { SmsSender } from '../../shared/adapters/sns/sms-sender';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { drainDeferred } from '../../shared/notify/drain-deferred';
import { createNotifier } from '../../shared/notify/notifier';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
let repo: DynamoReportRepository;
let deliveries: DynamoDeliveryStore;
let queue: DynamoFirstContactStore;
let clock = new Date('2026-12-01T03:00:00Z');
const sent: { phone: string; text: string }[] = [];
const sender: SmsSender = {
  isOptedOut: async () => false,
  publish: async (phone, text) => {
    sent.push({ phone, text });
    return { status: 'sent', messageId: `m-${sent.length}` };
  },
};

beforeAll(async () => {
  tables = await createTestTables('breaker');
  repo = new DynamoReportRepository(tables.doc, tables.main);
  deliveries = new DynamoDeliveryStore(tables.doc, tables.main);
  queue = new DynamoFirstContactStore(tables.doc, tables.main);
});

const notifier = () =>
  createNotifier({
    store: deliveries,
    sender,
    jurisdiction,
    dailyCap: 20,
    now: () => clock,
    firstContact: { store: queue, budget: { perHour: 3, perDay: 5, timeZone: 'Asia/Jakarta' } },
  });

let n = 0;
/** Files a report from `phone` at the clock's time and returns the stream record of its "created" event. */
async function file(phone: string): Promise<{ id: string; record: DynamoDBRecord }> {
  n++;
  const at = clock.toISOString();
  const id = `B${String(n).padStart(3, '0')}-BRKR`;
  const report: Report = {
    id, version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang di depan pasar', publicDescription: 'Jalan berlubang di depan pasar',
    reporter: { phone, showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: at, updatedAt: at, dueAt: at, escalationLevel: 0, eventCount: 1,
  };
  const event: HistoryEvent = { reportId: id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
  await repo.create(report, event);
  const image = await queue.getRawEventItem({ reportId: id, eventSeq: 1, recipient: id });
  return { id, record: { eventName: 'INSERT', dynamodb: { NewImage: image } } as unknown as DynamoDBRecord };
}

const outcomeOf = async (record: DynamoDBRecord) => (await notifier().handleRecord(record)).recipients[0]?.outcome;
const phone = (i: number) => `+62812000${String(i).padStart(5, '0')}`;

describe('first contacts past the budget', () => {
  const deferredIds: string[] = [];

  it('sends the first three receipts of the hour, defers the rest, and still creates every report', async () => {
    const outcomes = [];
    for (let i = 1; i <= 5; i++) {
      const { id, record } = await file(phone(i));
      const outcome = await outcomeOf(record);
      if (outcome === 'deferred') deferredIds.push(id);
      outcomes.push(outcome);
    }
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'deferred', 'deferred']);
    expect(sent).toHaveLength(3);
    const staff = await repo.getWithHistory(deferredIds[0]!);
    expect(staff?.report.status).toBe('received');
    // staff see that the SMS waits, not that it failed
    expect(staff?.deliveries).toEqual([expect.objectContaining({ status: 'pending', reason: 'deferred' })]);
  });

  it('keeps texting a number that was texted before, breaker open or not', async () => {
    const { record } = await file(phone(1));
    expect(await outcomeOf(record)).toBe('sent');
    expect(sent.at(-1)?.phone).toBe(phone(1));
    expect(sent).toHaveLength(4);
  });

  it('sends nothing when a deferred record is replayed from the stream', async () => {
    const image = await queue.getRawEventItem({ reportId: deferredIds[0]!, eventSeq: 1, recipient: deferredIds[0]! });
    const record = { eventName: 'INSERT', dynamodb: { NewImage: image } } as unknown as DynamoDBRecord;
    expect(await outcomeOf(record)).toBe('deferred');
    expect(sent).toHaveLength(4);
  });

  it('queues a new first contact behind the waiting ones even when the budget has room again', async () => {
    clock = new Date('2026-12-01T04:05:00Z');
    const { id, record } = await file(phone(6));
    expect(await outcomeOf(record)).toBe('deferred');
    deferredIds.push(id);
    expect(sent).toHaveLength(4);
  });

  it('drains the queue oldest first once the breaker closes, and only as far as the budget reaches', async () => {
    // same hour as the sends: nothing may go out yet
    clock = new Date('2026-12-01T03:30:00Z');
    expect(await drainDeferred({ queue, deliveries, notifier: notifier(), maxAgeMs: 48 * 3_600_000, now: () => clock })).toMatchObject({ sent: 0, stillDeferred: true });
    // the next hour has 3 again, but the day (5) has only 2 left: the two oldest go, the third waits for tomorrow
    clock = new Date('2026-12-01T04:10:00Z');
    const drained = await drainDeferred({ queue, deliveries, notifier: notifier(), maxAgeMs: 48 * 3_600_000, now: () => clock });
    expect(drained).toMatchObject({ sent: 2, stillDeferred: true });
    expect(sent.slice(4).map((s) => s.phone)).toEqual([phone(4), phone(5)]);
    expect(sent[4]!.text).toContain(deferredIds[0]);
    const first = await repo.getWithHistory(deferredIds[0]!);
    expect(first?.deliveries).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(await queue.listDeferred(10)).toHaveLength(1);
  });

  it('drops an SMS that waited past the maximum age instead of sending it days late', async () => {
    clock = new Date('2026-12-03T06:00:00Z');
    const drained = await drainDeferred({ queue, deliveries, notifier: notifier(), maxAgeMs: 48 * 3_600_000, now: () => clock });
    expect(drained).toMatchObject({ sent: 0, expired: 1 });
    expect(sent).toHaveLength(6);
    expect((await repo.getWithHistory(deferredIds[2]!))?.deliveries).toEqual([expect.objectContaining({ status: 'skipped', reason: 'deferred-expired' })]);
    expect(await queue.listDeferred(10)).toEqual([]);
  });
});

/** A stored answer to a message from `phone` about report 7KQ4-M9XP, as the stream delivers it. */
async function answered(messageId: string, phone: string): Promise<DynamoDBRecord> {
  const key = inboundKey('test', messageId);
  const text = `Laporan 7KQ4-M9XP: Diverifikasi (${messageId}).`;
  await tables.doc.send(new PutCommand({ TableName: tables.main, Item: { ...key, entity: INBOUND_ENTITY, phone, reportId: '7KQ4-M9XP', notify: true, reply: { kind: 'status', text, language: 'id' } } }));
  const raw = await tables.doc.send(new GetItemCommand({ TableName: tables.main, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
  return { eventName: 'INSERT', dynamodb: { NewImage: raw.Item } } as unknown as DynamoDBRecord;
}

describe('answers to text messages past the budget', () => {
  it('defers each answer on its own, however many numbers asked about one report, and the drain sends each', async () => {
    // a new day: its three an hour, five a day
    clock = new Date('2026-12-05T03:00:00Z');
    const before = sent.length;
    const numbers = [1, 2, 3, 4, 5].map((i) => `+62812000990${i}`);
    const outcomes = [];
    for (const [i, phone] of numbers.entries()) outcomes.push(await outcomeOf(await answered(`m-${i + 1}`, phone)));
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'deferred', 'deferred']);
    expect(await queue.listDeferred(10)).toHaveLength(2);

    clock = new Date('2026-12-05T04:05:00Z');
    expect(await drainDeferred({ queue, deliveries, notifier: notifier(), maxAgeMs: 48 * 3_600_000, now: () => clock })).toMatchObject({ sent: 2 });
    expect(sent.slice(before).map((s) => s.phone)).toEqual(numbers);
    expect(sent.at(-1)!.text).toContain('(m-5)');
    expect(await queue.listDeferred(10)).toEqual([]);
  });
});
