/**
 * Answers to text messages past the first-contact budget, on DynamoDB Local: each waits in the queue with its own
 * message's record, however many numbers asked about the same report, and goes out when the budget allows.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamodb/delivery-store';
import { DynamoFirstContactStore } from '../../shared/adapters/dynamodb/first-contact-store';
import { INBOUND_ENTITY, inboundKey } from '../../shared/adapters/dynamodb/inbound-store';
import type { SmsSender } from '../../shared/adapters/sns/sms-sender';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { drainDeferred } from '../../shared/notify/drain-deferred';
import { createNotifier } from '../../shared/notify/notifier';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
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
  tables = await createTestTables('replies');
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
    firstContact: { store: queue, budget: { perHour: 1, perDay: 10, timeZone: 'Asia/Jakarta' } },
  });

/** A stored answer to a message from `phone` about report 7KQ4-M9XP, as the stream delivers it. */
async function answered(messageId: string, phone: string): Promise<DynamoDBRecord> {
  const key = inboundKey('test', messageId);
  const text = `Laporan 7KQ4-M9XP: Diverifikasi (${messageId}).`;
  await tables.doc.send(new PutCommand({ TableName: tables.main, Item: { ...key, entity: INBOUND_ENTITY, phone, reportId: '7KQ4-M9XP', notify: true, reply: { kind: 'status', text, language: 'id' } } }));
  const raw = await tables.doc.send(new GetItemCommand({ TableName: tables.main, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
  return { eventName: 'INSERT', dynamodb: { NewImage: raw.Item } } as unknown as DynamoDBRecord;
}

describe('answers past the first-contact budget', () => {
  it('defers each answer on its own, and sends each once the budget allows', async () => {
    const outcomes = [];
    for (const [id, phone] of [['m-1', '+6281200099001'], ['m-2', '+6281200099002'], ['m-3', '+6281200099003']] as const)
      outcomes.push((await notifier().handleRecord(await answered(id, phone))).recipients[0]?.outcome);
    expect(outcomes).toEqual(['sent', 'deferred', 'deferred']);
    expect(await queue.listDeferred(10)).toHaveLength(2);

    clock = new Date('2026-12-01T04:05:00Z');
    expect(await drainDeferred({ queue, deliveries, notifier: notifier(), maxAgeMs: 48 * 3_600_000, now: () => clock })).toMatchObject({ sent: 1 });
    clock = new Date('2026-12-01T05:05:00Z');
    expect(await drainDeferred({ queue, deliveries, notifier: notifier(), maxAgeMs: 48 * 3_600_000, now: () => clock })).toMatchObject({ sent: 1 });
    expect(sent.map((s) => s.phone)).toEqual(['+6281200099001', '+6281200099002', '+6281200099003']);
    expect(sent[2]!.text).toContain('(m-3)');
    expect(await queue.listDeferred(10)).toEqual([]);
  });
});
