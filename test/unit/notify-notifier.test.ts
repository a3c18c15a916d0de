/**
 * The notifier and its delivery store against a mocked DynamoDB (aws-sdk-client-mock): the races DynamoDB Local
 * never produces (a concurrent claim, a lost conditional write, a crashed holder, throttling) and the at-most-once
 * rules around them.
 */
import { toContactItem } from '../../shared/adapters/dynamodb/contact-items';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { followerRecipient, toFollowerItem } from '../../shared/adapters/dynamodb/follower-items';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { DynamoDeliveryStore } from '../../shared/adapters/dynamodb/delivery-store';
import { fromDeliveryItem, type DeliveryItem } from '../../shared/adapters/dynamodb/delivery-items';
import { toEventItem, toReportItem } from '../../shared/adapters/dynamodb/report-items';
import { TransientSmsError, type PublishOutcome, type SmsSender } from '../../shared/adapters/sns/sms-sender';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { createNotifier, ClaimHeldError, OutOfTimeError, type NotifierDeps } from '../../shared/notify/notifier';
import { createNotifyCitizenHandler } from '../../shared/notify/handler';
import type { StreamAttributeValue } from '../../shared/notify/stream-image';

const TABLE = 'reports';
const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' }));
const store = new DynamoDeliveryStore(doc, TABLE);

// ---- an in-memory stand-in for the few operations the store makes, so races can be staged between them ----

type Item = Record<string, unknown>;
let items: Map<string, Item>;
type Op = 'get' | 'claim' | 'finish' | 'release' | 'abandon' | 'record' | 'cap' | 'uncount';
/** runs before an operation: stage a concurrent writer, or throw to inject an error */
let before: Partial<Record<Op, (input: Record<string, unknown>) => void>>;
let calls: Op[];

const keyOf = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}|${String(k.sk)}`;
const ccf = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

function classify(input: UpdateCommandInput): Op {
  const update = input.UpdateExpression ?? '';
  const condition = input.ConditionExpression ?? '';
  if (String((input.Key as Item).pk).startsWith('SMSCAP#')) return update.includes(':minus') ? 'uncount' : 'cap';
  if (update.includes('#status = :sending')) return 'claim';
  if (update.includes('#status = :pending')) return 'release';
  if (condition.includes('leaseUntil <= :now')) return 'abandon';
  if (condition.startsWith('claimToken = :token AND (')) return 'finish';
  if (update.includes('#status = :status') && condition.startsWith('attribute_not_exists')) return 'record';
  throw new Error(`unexpected update ${update}`);
}

function applyUpdate(input: UpdateCommandInput) {
  const op = classify(input);
  calls.push(op);
  before[op]?.(input as Record<string, unknown>);
  const v = input.ExpressionAttributeValues as Item;
  const key = keyOf(input.Key as { pk: unknown; sk: unknown });
  const cur = items.get(key);
  const claimable = !cur || cur.status === 'pending';
  const mine = cur !== undefined && cur.claimToken === v[':token'];
  const fields = () => ({
    ...(input.Key as Item), entity: v[':entity'], reportId: v[':reportId'], eventSeq: v[':eventSeq'], recipient: v[':recipient'],
    role: v[':role'], kind: v[':kind'], language: v[':language'], attempts: Number(cur?.attempts ?? 0) + 1,
  });
  const without = (item: Item, ...names: string[]) => { for (const n of names) delete item[n]; return item; };
  switch (op) {
    case 'cap': {
      const count = Number(cur?.count ?? 0);
      if (cur?.count !== undefined && count >= Number(v[':cap'])) throw ccf();
      items.set(key, { ...(input.Key as Item), count: count + 1, expiresAt: v[':exp'] });
      return;
    }
    case 'uncount':
      if (!(Number(cur?.count ?? 0) > 0)) throw ccf();
      items.set(key, { ...cur, count: Number(cur!.count) - 1 });
      return;
    case 'claim':
      if (!claimable) throw ccf();
      items.set(key, without({ ...cur, ...fields(), status: 'sending', claimToken: v[':token'], leaseUntil: v[':lease'], at: v[':at'] }, 'reason', 'lastError'));
      return;
    case 'record':
      if (!claimable) throw ccf();
      items.set(key, without({ ...cur, ...fields(), status: v[':status'], at: v[':at'], ...(v[':reason'] !== undefined && { reason: v[':reason'] }) }, 'lastError', ...(v[':reason'] === undefined ? ['reason'] : [])));
      return;
    case 'finish':
      if (!mine || !(cur!.status === 'sending' || (cur!.status === 'failed' && cur!.reason === 'outcome-unknown'))) throw ccf();
      items.set(key, without({
        ...cur, status: v[':status'], at: v[':at'],
        ...(v[':reason'] !== undefined && { reason: v[':reason'] }), ...(v[':messageId'] !== undefined && { messageId: v[':messageId'] }),
        ...(v[':segments'] !== undefined && { segments: v[':segments'] }), ...(v[':encoding'] !== undefined && { encoding: v[':encoding'] }),
      }, 'leaseUntil', ...(v[':reason'] === undefined ? ['reason'] : [])));
      return;
    case 'release':
      if (!mine || cur!.status !== 'sending') throw ccf();
      items.set(key, without({ ...cur, status: 'pending', lastError: v[':error'], at: v[':at'] }, 'claimToken', 'leaseUntil'));
      return;
    case 'abandon':
      if (!mine || cur!.status !== 'sending' || String(cur!.leaseUntil) > String(v[':now'])) throw ccf();
      items.set(key, without({ ...cur, status: 'failed', reason: 'outcome-unknown', at: v[':now'] }, 'leaseUntil'));
      return;
  }
}

// ---- fixtures ----

let clock: number;
const now = () => new Date(clock);
let published: Array<{ phone: string; text: string }>;
let publishResult: (phone: string) => Promise<PublishOutcome>;
let optedOut: Set<string>;
let sender: SmsSender & { isOptedOut: ReturnType<typeof vi.fn>; publish: ReturnType<typeof vi.fn> };
let metrics: Array<[string, number]>;
let sleeps: number[];

function report(id: string, phone: string, over: Partial<Report> = {}): Report {
  return {
    id, version: 2, status: 'verified', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang', publicDescription: 'Jalan berlubang', reporter: { phone, showName: false, anonymous: false, language: 'id' },
    confidential: false, unit: 'bina-marga', createdAt: '2026-11-02T01:00:00.000Z', updatedAt: '2026-11-02T02:00:00.000Z',
    escalationLevel: 0, eventCount: 2, ...over,
  };
}
async function putReport(r: Report, followers?: string[]) {
  const item: Item = { ...toReportItem(r), ...(followers && { followers }) };
  items.set(keyOf(item as { pk: unknown; sk: unknown }), JSON.parse(JSON.stringify(item)) as Item);
  // the number lives in the report's contact item, as the repository writes it
  const contact = await toContactItem(r);
  if (contact) items.set(keyOf(contact as { pk: unknown; sk: unknown }), JSON.parse(JSON.stringify(contact)) as Item);
}
const A = report('AAAA-1111', '+6281100000001');

function image(item: Item): Record<string, StreamAttributeValue> {
  const value = (v: unknown): StreamAttributeValue => {
    if (typeof v === 'string') return { S: v };
    if (typeof v === 'number') return { N: String(v) };
    if (typeof v === 'boolean') return { BOOL: v };
    if (Array.isArray(v)) return { L: v.map(value) };
    return { M: image(v as Item) };
  };
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined).map(([k, v]) => [k, value(v)]));
}
let seq = 100;
function record(event: HistoryEvent, eventName: 'INSERT' | 'MODIFY' = 'INSERT'): DynamoDBRecord {
  return {
    eventID: `e-${seq}`, eventName, eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'ap-southeast-3',
    dynamodb: { NewImage: image(toEventItem(event)) as never, SequenceNumber: String(seq++), StreamViewType: 'NEW_AND_OLD_IMAGES' },
    eventSourceARN: 'arn:aws:dynamodb:ap-southeast-3:000000000000:table/reports/stream/x',
  };
}
const verified = (r: Report, s = 2): HistoryEvent => ({
  reportId: r.id, seq: s, type: 'status', at: '2026-11-02T02:00:00.000Z', actor: { role: 'triage' },
  from: 'received', to: 'verified', visibility: 'public', notify: true, data: { unit: 'bina-marga' },
});
const delivery = (reportId: string, s: number, recipient: string) => items.get(`R#${reportId}|D#${String(s).padStart(6, '0')}#${recipient}`) as DeliveryItem | undefined;

function notifier(over: Partial<NotifierDeps> = {}) {
  return createNotifier({
    store, sender, jurisdiction, dailyCap: 5, now, newToken: (() => { let n = 0; return () => `token-${++n}`; })(),
    sleep: async (ms) => { sleeps.push(ms); clock += ms; }, publishTimeoutMs: 1_000, leaseMs: 4_000,
    metrics: { addMetric: (name, _unit, value) => metrics.push([name, value]) },
    ...over,
  });
}

beforeEach(async () => {
  ddb.reset();
  items = new Map();
  before = {};
  calls = [];
  clock = Date.parse('2026-11-02T03:00:00.000Z');
  published = [];
  optedOut = new Set();
  metrics = [];
  sleeps = [];
  publishResult = async () => ({ status: 'sent', messageId: `msg-${published.length}` });
  sender = {
    isOptedOut: vi.fn(async (phone: string) => optedOut.has(phone)),
    publish: vi.fn(async (phone: string, text: string) => {
      published.push({ phone, text });
      return publishResult(phone);
    }),
  };
  ddb.on(GetCommand).callsFake((input: { Key: { pk: unknown; sk: unknown } }) => {
    calls.push('get');
    before.get?.(input as never);
    const item = items.get(keyOf(input.Key));
    return { Item: item ? JSON.parse(JSON.stringify(item)) : undefined };
  });
  ddb.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    applyUpdate(input);
    return {};
  });
  // the phone followers' Query: items of the partition whose sort key begins with the prefix
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues as { ':pk': string; ':f': string };
    return { Items: [...items.values()].filter((i) => i.pk === values[':pk'] && String(i.sk).startsWith(values[':f'])) };
  });
  await putReport(A);
});

describe('notifier: phone followers', () => {
  const follow = async (phone: string, language: 'id' | 'en') => {
    const item = await toFollowerItem(A.id, { phone, language, createdAt: '2026-11-02T01:30:00.000Z' });
    items.set(keyOf(item as { pk: unknown; sk: unknown }), item);
  };

  it('texts each number that follows the report once per status change, in its language, named by a key of the number', async () => {
    await follow('+6285700000011', 'en');
    await follow('+6285700000012', 'id');
    await follow(A.reporter.phone!, 'id');
    const n = notifier();
    const r = record(verified(A));
    const out = await n.handleRecord(r);
    expect(out.recipients).toEqual(
      expect.arrayContaining([
        { recipient: await followerRecipient('+6285700000011'), role: 'follower', outcome: 'sent' },
        { recipient: await followerRecipient('+6285700000012'), role: 'follower', outcome: 'sent' },
        // the reporter following their own report gets one SMS, not two
        { recipient: await followerRecipient(A.reporter.phone!), role: 'follower', outcome: 'skipped', reason: 'same-number' },
      ]),
    );
    expect(published.map((p) => p.phone).sort()).toEqual([A.reporter.phone, '+6285700000011', '+6285700000012'].sort());
    expect(published.find((p) => p.phone === '+6285700000011')!.text).toMatch(/^Si Centang: Report AAAA-1111 was verified/);
    const d = delivery(A.id, 2, await followerRecipient('+6285700000011'))!;
    expect(d).toMatchObject({ status: 'sent', role: 'follower' });
    expect(JSON.stringify(d)).not.toContain('85700000011');
    // a replayed record texts nobody again
    await n.handleRecord(r);
    expect(published).toHaveLength(3);
  });

  it('tells phone followers nothing of the creation event', async () => {
    await follow('+6285700000011', 'id');
    const created: HistoryEvent = { reportId: A.id, seq: 1, type: 'created', at: A.createdAt, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
    expect((await notifier().handleRecord(record(created))).recipients.map((x) => x.recipient)).toEqual([A.id]);
  });
});

describe('notifier: one SMS per event and recipient', () => {
  it('sends the reporter one SMS and records it as sent, without the number', async () => {
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients).toEqual([{ recipient: A.id, role: 'reporter', outcome: 'sent' }]);
    expect(published).toHaveLength(1);
    expect(published[0]!.phone).toBe(A.reporter.phone);
    expect(published[0]!.text).toContain(A.id);
    const d = delivery(A.id, 2, A.id)!;
    expect(d).toMatchObject({ entity: 'delivery', status: 'sent', messageId: 'msg-1', segments: 1, encoding: 'GSM-7', attempts: 1, kind: 'verified', role: 'reporter' });
    expect(d).not.toHaveProperty('leaseUntil');
    expect(JSON.stringify(d)).not.toContain('1100000001');
    expect(metrics).toEqual([['SmsSent', 1], ['SmsSegments', 1]]);
  });

  it('sends nothing again for a replayed record: no opt-out check, no counter, no claim', async () => {
    const n = notifier();
    const r = record(verified(A));
    await n.handleRecord(r);
    calls = [];
    const again = await n.handleRecord(r);
    expect(again.recipients).toEqual([{ recipient: A.id, role: 'reporter', outcome: 'already-done' }]);
    expect(published).toHaveLength(1);
    expect(sender.isOptedOut).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['get', 'get', 'get']); // the report, its contact, then its delivery record
  });

  it('also texts the followers, each in their own language, with the original report\'s code', async () => {
    const B = report('BBBB-2222', '+6281100000002', { status: 'duplicate', duplicateOf: A.id, reporter: { phone: '+6281100000002', showName: false, anonymous: false, language: 'en' } });
    const C = report('CCCC-3333', A.reporter.phone!, { status: 'duplicate', duplicateOf: A.id });
    await putReport(B);
    await putReport(C);
    await putReport(A, [B.id, 'GONE-0000', C.id, B.id]);
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients).toEqual([
      { recipient: A.id, role: 'reporter', outcome: 'sent' },
      { recipient: B.id, role: 'follower', outcome: 'sent' },
      // the reporter filed a duplicate of their own report: one SMS per number
      { recipient: C.id, role: 'follower', outcome: 'skipped', reason: 'same-number' },
    ]);
    expect(published.map((p) => p.phone)).toEqual([A.reporter.phone, B.reporter.phone]);
    expect(published[1]!.text).toMatch(/^Si Centang: Report AAAA-1111 was verified/);
    expect(published[0]!.text).toMatch(/^Si Centang: Laporan AAAA-1111 sudah diverifikasi/);
    expect(delivery(A.id, 2, C.id)).toMatchObject({ status: 'skipped', reason: 'same-number', role: 'follower' });
  });

  it('tells only the reporter that a report was received', async () => {
    await putReport(A, ['BBBB-2222']);
    const created: HistoryEvent = { reportId: A.id, seq: 1, type: 'created', at: A.createdAt, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
    const out = await notifier().handleRecord(record(created));
    expect(out.recipients.map((r) => r.recipient)).toEqual([A.id]);
    expect(out.kind).toBe('received');
  });

  it('ignores what is not an outbox event or calls for no SMS', async () => {
    expect(await notifier().handleRecord(record(verified(A), 'MODIFY'))).toEqual({ ignored: 'not-outbox', recipients: [] });
    expect(await notifier().handleRecord(record({ ...verified(A), notify: false }))).toEqual({ ignored: 'not-outbox', recipients: [] });
    const escalated: HistoryEvent = { ...verified(A), type: 'escalated', from: 'verified', to: 'verified' };
    expect((await notifier().handleRecord(record(escalated))).ignored).toBe('no-sms');
    expect(published).toHaveLength(0);
  });

  it('fails the record when the report is missing, so it is retried and then parked', async () => {
    await expect(notifier().handleRecord(record(verified(report('NONE-0000', '+6281100000009'))))).rejects.toThrow(/not found/);
  });
});

describe('notifier: skipped and failed deliveries are recorded, not retried', () => {
  it('skips an opted-out number without claiming or counting it', async () => {
    optedOut.add(A.reporter.phone!);
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients[0]).toMatchObject({ outcome: 'skipped', reason: 'opted-out' });
    expect(published).toHaveLength(0);
    expect(calls).not.toContain('cap');
    expect(delivery(A.id, 2, A.id)).toMatchObject({ status: 'skipped', reason: 'opted-out', attempts: 1 });
    expect(metrics).toEqual([['SmsSkipped', 1]]);
  });

  it('skips an opted-out answer from Publish itself', async () => {
    publishResult = async () => ({ status: 'opted-out' });
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients[0]).toMatchObject({ outcome: 'skipped', reason: 'opted-out' });
    expect(delivery(A.id, 2, A.id)).toMatchObject({ status: 'skipped', reason: 'opted-out' });
  });

  it('skips past the daily cap: the counter refuses atomically', async () => {
    const n = notifier({ dailyCap: 2 });
    for (let s = 2; s <= 4; s++) await n.handleRecord(record(verified(A, s)));
    expect(published).toHaveLength(2);
    expect(delivery(A.id, 4, A.id)).toMatchObject({ status: 'skipped', reason: 'daily-cap' });
    expect(calls.filter((c) => c === 'claim')).toHaveLength(2);
    const counter = [...items.entries()].find(([k]) => k.startsWith('SMSCAP#'))!;
    expect(counter[0]).toMatch(/^SMSCAP#[\w-]{22}\|2026-11-02$/);
    expect(counter[0]).not.toContain('1100000001');
    expect(counter[1]).toMatchObject({ count: 2 });
    expect(counter[1].expiresAt).toBeGreaterThan(clock / 1000);
  });

  it('counts the day in the jurisdiction\'s time zone', async () => {
    clock = Date.parse('2026-11-02T18:30:00.000Z'); // already 3 November in Jakarta (UTC+7)
    await notifier().handleRecord(record(verified(A)));
    expect([...items.keys()].some((k) => k.startsWith('SMSCAP#') && k.endsWith('|2026-11-03'))).toBe(true);
  });

  it('records a permanent rejection as failed and does not throw', async () => {
    publishResult = async () => ({ status: 'rejected', error: 'InvalidParameterException' });
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients[0]).toMatchObject({ outcome: 'failed', reason: 'InvalidParameterException' });
    expect(delivery(A.id, 2, A.id)).toMatchObject({ status: 'failed', reason: 'InvalidParameterException' });
    expect(metrics).toEqual([['SmsFailed', 1]]);
  });

  it('does not send again when its own deadline cut Publish short: outcome unknown', async () => {
    publishResult = async () => ({ status: 'unknown', error: 'AbortError' });
    const n = notifier();
    const r = record(verified(A));
    expect((await n.handleRecord(r)).recipients[0]).toMatchObject({ outcome: 'failed', reason: 'outcome-unknown' });
    await n.handleRecord(r);
    expect(published).toHaveLength(1);
  });
});

describe('notifier: transient errors and races', () => {
  it('gives the claim back on a transient SNS error and throws, so the retried record sends once', async () => {
    publishResult = async () => { throw new TransientSmsError('ThrottledException'); };
    const n = notifier();
    const r = record(verified(A));
    await expect(n.handleRecord(r)).rejects.toBeInstanceOf(TransientSmsError);
    expect(delivery(A.id, 2, A.id)).toMatchObject({ status: 'pending', lastError: 'ThrottledException', attempts: 1 });
    expect(delivery(A.id, 2, A.id)).not.toHaveProperty('claimToken');
    expect(fromDeliveryItem(items.get(`R#${A.id}|D#000002#${A.id}`)!, now())).toMatchObject({ status: 'pending', reason: 'ThrottledException' });

    publishResult = async () => ({ status: 'sent', messageId: 'm-ok' });
    expect((await n.handleRecord(r)).recipients[0]!.outcome).toBe('sent');
    expect(delivery(A.id, 2, A.id)).toMatchObject({ status: 'sent', attempts: 2, messageId: 'm-ok' });
    expect(delivery(A.id, 2, A.id)).not.toHaveProperty('lastError');
    expect(published).toHaveLength(2);
  });

  it('gives back the daily count of an SMS that did not go out, so retries do not eat the cap', async () => {
    let failures = 3;
    publishResult = async () => {
      if (failures-- > 0) throw new TransientSmsError('InternalErrorException');
      return { status: 'sent', messageId: 'm' };
    };
    const n = notifier({ dailyCap: 1 });
    const r = record(verified(A));
    for (let i = 0; i < 3; i++) await expect(n.handleRecord(r)).rejects.toBeInstanceOf(TransientSmsError);
    expect((await n.handleRecord(r)).recipients[0]!.outcome).toBe('sent');
    const counter = [...items.entries()].find(([k]) => k.startsWith('SMSCAP#'))![1];
    expect(counter.count).toBe(1);
    publishResult = async () => ({ status: 'rejected', error: 'InvalidParameterException' });
    expect((await n.handleRecord(record(verified(A, 3)))).recipients[0]!.reason).toBe('daily-cap');
  });

  it('sends nothing when a concurrent invocation finished the delivery between our check and our claim', async () => {
    before.claim = () => {
      items.set(`R#${A.id}|D#000002#${A.id}`, { pk: `R#${A.id}`, sk: `D#000002#${A.id}`, entity: 'delivery', status: 'sent', attempts: 1, claimToken: 'other' });
    };
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients[0]!.outcome).toBe('already-done');
    expect(published).toHaveLength(0);
  });

  it('keeps the first writer\'s record when a skip loses its race', async () => {
    optedOut.add(A.reporter.phone!);
    before.record = () => {
      items.set(`R#${A.id}|D#000002#${A.id}`, { pk: `R#${A.id}`, sk: `D#000002#${A.id}`, entity: 'delivery', status: 'sent', attempts: 1 });
    };
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients[0]!.outcome).toBe('already-done');
    expect(delivery(A.id, 2, A.id)!.status).toBe('sent');
    expect(metrics).toEqual([]);
  });

  it('waits out the lease of a crashed holder, then closes its claim as outcome-unknown without sending', async () => {
    items.set(`R#${A.id}|D#000002#${A.id}`, {
      pk: `R#${A.id}`, sk: `D#000002#${A.id}`, entity: 'delivery', reportId: A.id, eventSeq: 2, recipient: A.id, role: 'reporter', kind: 'verified',
      status: 'sending', claimToken: 'crashed', leaseUntil: new Date(clock + 3_000).toISOString(), attempts: 1, at: now().toISOString(),
    });
    expect(fromDeliveryItem(items.get(`R#${A.id}|D#000002#${A.id}`)!, now()).status).toBe('pending');
    const out = await notifier().handleRecord(record(verified(A)), { getRemainingTimeInMillis: () => 30_000 });
    expect(sleeps).toEqual([3_050]);
    expect(out.recipients[0]).toMatchObject({ outcome: 'failed', reason: 'outcome-unknown' });
    expect(published).toHaveLength(0);
    expect(delivery(A.id, 2, A.id)).toMatchObject({ status: 'failed', reason: 'outcome-unknown' });
    expect(metrics).toEqual([['SmsFailed', 1]]);
  });

  it('shows an abandoned claim to staff as failed, outcome unknown, once its lease has run out', () => {
    const item = { pk: 'R#X', sk: 'D#000002#X', entity: 'delivery', reportId: 'X', eventSeq: 2, recipient: 'X', role: 'reporter', kind: 'verified', status: 'sending', leaseUntil: '2026-11-02T03:00:05.000Z', attempts: 1, at: '2026-11-02T03:00:00.000Z' };
    expect(fromDeliveryItem(item, new Date('2026-11-02T03:00:01.000Z'))).toMatchObject({ status: 'pending' });
    expect(fromDeliveryItem(item, new Date('2026-11-02T03:00:06.000Z'))).toMatchObject({ status: 'failed', reason: 'outcome-unknown' });
    expect(Object.keys(fromDeliveryItem(item))).not.toContain('claimToken');
  });

  it('retries later when the lease outlasts the invocation\'s remaining time', async () => {
    items.set(`R#${A.id}|D#000002#${A.id}`, {
      pk: `R#${A.id}`, sk: `D#000002#${A.id}`, entity: 'delivery', status: 'sending', claimToken: 'crashed', leaseUntil: new Date(clock + 3_000).toISOString(), attempts: 1,
    });
    await expect(notifier().handleRecord(record(verified(A)), { getRemainingTimeInMillis: () => 2_000 })).rejects.toBeInstanceOf(ClaimHeldError);
    expect(sleeps).toEqual([]);
    expect(published).toHaveLength(0);
  });

  it('lets a slow holder that did get an answer win over the outcome-unknown verdict', async () => {
    items.set(`R#${A.id}|D#000002#${A.id}`, {
      pk: `R#${A.id}`, sk: `D#000002#${A.id}`, entity: 'delivery', status: 'sending', claimToken: 'slow', leaseUntil: new Date(clock - 1).toISOString(), attempts: 1,
    });
    // the slow holder records "sent" just before our abandon lands
    before.abandon = () => {
      const k = `R#${A.id}|D#000002#${A.id}`;
      items.set(k, { ...items.get(k), status: 'sent', messageId: 'm-slow' });
    };
    const out = await notifier().handleRecord(record(verified(A)));
    expect(out.recipients[0]!.outcome).toBe('already-done');
    expect(published).toHaveLength(0);
    expect(await store.finish({ reportId: A.id, eventSeq: 2, recipient: A.id }, 'slow', { status: 'sent' }, now())).toBe(false);
  });

  it('records sent over an outcome-unknown verdict when the holder finishes after all', async () => {
    const ref = { reportId: A.id, eventSeq: 2, recipient: A.id };
    const meta = { ...ref, role: 'reporter' as const, kind: 'verified' as const, language: 'id' };
    expect(await store.claim(meta, 't1', new Date(clock + 1_000), now())).toBe(true);
    expect(await store.claim(meta, 't2', new Date(clock + 1_000), now())).toBe(false);
    clock += 2_000;
    expect(await store.abandon(ref, 't1', now())).toBe(true);
    expect(await store.finish(ref, 't2', { status: 'sent' }, now())).toBe(false);
    expect(await store.finish(ref, 't1', { status: 'sent', messageId: 'm-late' }, now())).toBe(true);
    expect(delivery(A.id, 2, A.id)).toMatchObject({ status: 'sent', messageId: 'm-late' });
    expect(delivery(A.id, 2, A.id)).not.toHaveProperty('reason');
  });

  it('throws on DynamoDB throttling before the claim and sends nothing', async () => {
    before.claim = () => { throw new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }); };
    await expect(notifier().handleRecord(record(verified(A)))).rejects.toThrow(/slow down/);
    expect(published).toHaveLength(0);
    expect(delivery(A.id, 2, A.id)).toBeUndefined();
  });

  it('does not throw (and so never resends) when recording a sent SMS fails', async () => {
    before.finish = () => { throw new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }); };
    const errors: string[] = [];
    const log = { debug() {}, info() {}, warn() {}, error: (m: string) => errors.push(m) };
    const out = await notifier({ log }).handleRecord(record(verified(A)));
    expect(out.recipients[0]!.outcome).toBe('sent');
    expect(errors.join()).toMatch(/outcome-unknown/);
    expect(delivery(A.id, 2, A.id)!.status).toBe('sending');
  });

  it('still serves the other recipients when one fails, then fails the record for a retry', async () => {
    const B = report('BBBB-2222', '+6281100000002', { status: 'duplicate', duplicateOf: A.id });
    await putReport(B);
    await putReport(A, [B.id]);
    publishResult = async (phone) => {
      if (phone === A.reporter.phone) throw new TransientSmsError('InternalErrorException');
      return { status: 'sent', messageId: 'm' };
    };
    await expect(notifier().handleRecord(record(verified(A)))).rejects.toBeInstanceOf(TransientSmsError);
    expect(delivery(A.id, 2, B.id)!.status).toBe('sent');
    expect(delivery(A.id, 2, A.id)!.status).toBe('pending');
  });

  it('starts no Publish that the function timeout could cut short', async () => {
    await expect(notifier().handleRecord(record(verified(A)), { getRemainingTimeInMillis: () => 2_500 })).rejects.toBeInstanceOf(OutOfTimeError);
    expect(published).toHaveLength(0);
    expect(calls).not.toContain('cap');
    expect(calls).not.toContain('claim');
    expect((await notifier().handleRecord(record(verified(A)), { getRemainingTimeInMillis: () => 3_500 })).recipients[0]!.outcome).toBe('sent');
  });

  it('refuses a lease that does not outlast the publish deadline, and a cap that is not a positive integer', () => {
    expect(() => notifier({ publishTimeoutMs: 5_000, leaseMs: 5_000 })).toThrow(/lease/);
    expect(() => notifier({ dailyCap: 0 })).toThrow(/cap/);
  });
});

describe('createNotifyCitizenHandler', () => {
  const context = { getRemainingTimeInMillis: () => 60_000 } as Context;

  it('reports the failed records of a batch for retry and publishes the metrics', async () => {
    const B = report('BBBB-2222', '+6281100000002');
    await putReport(B);
    publishResult = async (phone) => {
      if (phone === B.reporter.phone) throw new TransientSmsError('ThrottledException');
      return { status: 'sent', messageId: 'm' };
    };
    const flushed: number[] = [];
    const m = { hasStoredMetrics: () => true, publishStoredMetrics: () => flushed.push(1) };
    const handler = createNotifyCitizenHandler({ notifier: notifier(), metrics: m });
    const records = [record(verified(A)), record(verified(B)), record(verified(A, 3))];
    const out = await handler({ Records: records }, context);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }] });
    // in stream order, one at a time
    expect(published.map((p) => p.phone)).toEqual([A.reporter.phone, B.reporter.phone, A.reporter.phone]);
    expect(flushed).toEqual([1]);
  });

  it('throws when every record fails, so the event source mapping bisects the batch', async () => {
    publishResult = async () => { throw new TransientSmsError('InternalErrorException'); };
    const handler = createNotifyCitizenHandler({ notifier: notifier() });
    await expect(handler({ Records: [record(verified(A))] }, context)).rejects.toBeInstanceOf(FullBatchFailureError);
  });

  it('answers an empty failure list for a batch without outbox events', async () => {
    const handler = createNotifyCitizenHandler({ notifier: notifier() });
    expect(await handler({ Records: [record(verified(A), 'MODIFY')] }, context)).toEqual({ batchItemFailures: [] });
  });
});
