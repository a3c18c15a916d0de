/**
 * The notifier's path for answers to inbound messages: the record in the message's own partition, the opt-out list
 * honoured except for the confirmation of an opt-out, and the application's opt-out list on top of the provider's.
 */
import { describe, expect, it } from 'vitest';
import type { DynamoDBRecord } from 'aws-lambda';
import type { DeliveryItem } from '../../shared/adapters/dynamodb/delivery-items';
import type { DeliveryMeta, DeliveryRef, FinalOutcome } from '../../shared/adapters/dynamodb/delivery-store';
import { inboundItem } from '../../shared/adapters/dynamodb/inbound-store';
import type { SmsSender } from '../../shared/adapters/sns/sms-sender';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { createNotifier, type DeliveryStorePort } from '../../shared/notify/notifier';
import { withStoredOptOut } from '../../shared/notify/opt-out-sender';

const PHONE = '+6281234567890';

/** DynamoDB's stream JSON of a plain item (strings, numbers, booleans, maps). */
function image(value: unknown): any {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  return { M: Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, image(v)])) };
}
const insert = (item: Record<string, unknown>): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { NewImage: image(item).M } });

function memoryStore() {
  const records = new Map<string, Partial<DeliveryItem> & { partition?: string }>();
  const key = (r: DeliveryRef) => `${r.partition ?? `R#${r.reportId}`}|${r.eventSeq}|${r.recipient}`;
  const store: DeliveryStorePort = {
    async get(ref) {
      return records.get(key(ref)) as DeliveryItem | undefined;
    },
    async claim(meta: DeliveryMeta, token) {
      if (records.has(key(meta))) return false;
      records.set(key(meta), { status: 'sending', claimToken: token, partition: meta.partition, kind: meta.kind, role: meta.role });
      return true;
    },
    async finish(ref, _token, outcome: FinalOutcome) {
      records.set(key(ref), { ...records.get(key(ref)), ...outcome });
      return true;
    },
    async release() {
      return true;
    },
    async abandon() {
      return true;
    },
    async recordUnclaimed(meta, outcome) {
      if (records.has(key(meta))) return false;
      records.set(key(meta), { ...outcome, partition: meta.partition });
      return true;
    },
    async countDailySms() {
      return true;
    },
    async uncountDailySms() {
      return true;
    },
    async getReport() {
      return undefined;
    },
  };
  return { store, records };
}

function sender(optedOut: boolean) {
  const sent: { to: string; text: string }[] = [];
  const s: SmsSender = {
    isOptedOut: async () => optedOut,
    publish: async (to, text) => {
      sent.push({ to, text });
      return { status: 'sent', messageId: `m${sent.length}` };
    },
  };
  return { s, sent };
}

const reply = (kind: string, optOutExempt = false) =>
  inboundItem(
    {
      provider: 'test',
      messageId: `msg-${kind}`,
      receivedAt: '2026-11-29T10:00:00.000Z',
      command: kind === 'stopped' ? 'stop' : 'status',
      outcome: 'replied',
      reply: { kind, text: `reply ${kind}`, language: 'id', segments: 1, encoding: 'GSM-7', ...(optOutExempt && { optOutExempt: true }) },
    },
    PHONE,
  );

describe('answers to inbound messages', () => {
  it('sends the reply once, recorded in the message’s partition', async () => {
    const { store, records } = memoryStore();
    const { s, sent } = sender(false);
    const notifier = createNotifier({ store, sender: s, jurisdiction, dailyCap: 5 });
    const item = await reply('help');
    const first = await notifier.handleRecord(insert(item));
    expect(first.recipients).toEqual([{ recipient: 'sender', role: 'sender', outcome: 'sent' }]);
    expect(sent).toEqual([{ to: PHONE, text: 'reply help' }]);
    expect([...records.values()][0]).toMatchObject({ partition: item.pk, status: 'sent' });
    // the stream delivers the record again: nothing more goes out
    const again = await notifier.handleRecord(insert(item));
    expect(again.recipients[0]!.outcome).toBe('already-done');
    expect(sent).toHaveLength(1);
  });

  it('honours the opt-out list, except for the confirmation of the opt-out itself', async () => {
    const { store } = memoryStore();
    const { s, sent } = sender(true);
    const notifier = createNotifier({ store, sender: s, jurisdiction, dailyCap: 5 });
    expect((await notifier.handleRecord(insert(await reply('help')))).recipients[0]).toMatchObject({ outcome: 'skipped', reason: 'opted-out' });
    expect((await notifier.handleRecord(insert(await reply('stopped', true)))).recipients[0]).toMatchObject({ outcome: 'sent' });
    expect(sent.map((m) => m.text)).toEqual(['reply stopped']);
  });

  it('ignores an inbound record without a whole reply', async () => {
    const { store } = memoryStore();
    const { s, sent } = sender(false);
    const notifier = createNotifier({ store, sender: s, jurisdiction, dailyCap: 5 });
    const { reply: _r, ...bare } = await reply('help');
    expect((await notifier.handleRecord(insert({ ...bare, notify: true }))).ignored).toBe('no-sms');
    expect(sent).toHaveLength(0);
  });
});

describe('withStoredOptOut', () => {
  it('counts a number as opted out when either list has it', async () => {
    const provider = (v: boolean) => ({ isOptedOut: async () => v, publish: async () => ({ status: 'sent' as const, messageId: 'x' }) });
    expect(await withStoredOptOut(provider(false), { isOptedOut: async () => true }).isOptedOut(PHONE)).toBe(true);
    expect(await withStoredOptOut(provider(true), { isOptedOut: async () => false }).isOptedOut(PHONE)).toBe(true);
    expect(await withStoredOptOut(provider(false), { isOptedOut: async () => false }).isOptedOut(PHONE)).toBe(false);
  });
});
