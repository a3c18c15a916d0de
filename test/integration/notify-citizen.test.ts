/**
 * Citizen SMS end to end on the local stand-ins: reports and history events written to DynamoDB Local, its stream
 * read by the local poller with the notifier's filter, the real functions/notify-citizen.ts handler (configured by
 * its environment, as on Lambda), and the real SNS client talking to the SMS sink.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createSmsSink, type SmsMessage, type SmsSink } from '../../local/services/sms-sink';
import { jsonLinesFailureDestination, readFailureFile, startStreamPoller, type StreamPoller } from '../../local/stream-poller';
import { fromDeliveryItem, isDeliveryItem } from '../../shared/adapters/dynamodb/delivery-items';
import { REPORT_SK, reportPk } from '../../shared/adapters/dynamodb/report-items';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { HistoryEvent, Report, ReportStatus } from '../../shared/domain/report';
import { NOTIFY_STREAM_FILTER } from '../../shared/notify/stream-filter';
import { createTestTables, type TestTables } from '../support/dynamo';

// ---- the SMS sink on a throwaway server, with a few extra answers the sink itself does not give ----

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const checkedOptedOut = new Set<string>(); // CheckIfPhoneNumberIsOptedOut answers true
const publishOptedOut = new Set<string>(); // Publish answers 400 OptedOut
const publishFailures = new Map<string, number>(); // Publish answers 500 InternalError this many more times

function snsError(res: import('node:http').ServerResponse, status: number, type: string, code: string) {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req' });
  res.end(`<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>req</RequestId></ErrorResponse>`);
}

let sink: SmsSink;
let server: Server;
let tables: TestTables;
let repo: DynamoReportRepository;
let poller: StreamPoller;
let handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
const invocations: DynamoDBStreamEvent[] = [];
let tmp: string;
let failureFile: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'si-centang-notify-'));
  failureFile = join(tmp, 'failed-sms.jsonl');
  sink = createSmsSink({ log: () => undefined });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      const body = Buffer.concat(chunks);
      const params = new URLSearchParams(body.toString('utf8'));
      const action = params.get('Action');
      if (action === 'CheckIfPhoneNumberIsOptedOut' && checkedOptedOut.has(params.get('phoneNumber') ?? '')) {
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req' });
        res.end(`<CheckIfPhoneNumberIsOptedOutResponse xmlns="${XMLNS}"><CheckIfPhoneNumberIsOptedOutResult><isOptedOut>true</isOptedOut></CheckIfPhoneNumberIsOptedOutResult><ResponseMetadata><RequestId>req</RequestId></ResponseMetadata></CheckIfPhoneNumberIsOptedOutResponse>`);
        return;
      }
      const phone = params.get('PhoneNumber') ?? '';
      if (action === 'Publish' && publishOptedOut.has(phone)) return snsError(res, 400, 'Sender', 'OptedOut');
      const failuresLeft = publishFailures.get(phone) ?? 0;
      if (action === 'Publish' && failuresLeft > 0) {
        publishFailures.set(phone, failuresLeft - 1);
        return snsError(res, 500, 'Receiver', 'InternalError');
      }
      sink.handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const snsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  tables = await createTestTables('notify');
  repo = new DynamoReportRepository(tables.doc, tables.main);

  // The function reads these at module load, exactly as on Lambda; the SDK reads the endpoints itself.
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_SNS: snsUrl,
    TABLE_NAME: tables.main,
    SMS_SENDER_ID: 'SICENTANG',
    SMS_DAILY_CAP: '3',
    UPLOAD_TOKEN_SECRET: 'notify-citizen-test-secret-at-least-32-characters',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const fn = await import('../../functions/notify-citizen');
  handler = fn.handler;

  poller = await startStreamPoller({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: tables.main,
    filter: NOTIFY_STREAM_FILTER,
    batchSize: 10,
    maxRetries: 2,
    retryDelayMs: () => 50,
    onFailure: jsonLinesFailureDestination(failureFile),
    log: () => undefined,
    handler: async (event, context) => {
      invocations.push(JSON.parse(JSON.stringify(event)) as DynamoDBStreamEvent);
      return handler(event, context);
    },
  });
});

afterAll(async () => {
  await poller?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  sink.failNext(0);
  sink.failAlways(null);
});

// ---- reports and status changes, written by the report repository, as the use cases write them ----

let counter = 0;
let phoneCounter = 0;
const newPhone = () => `+62812${String(70_000_000 + ++phoneCounter * 7919).padStart(8, '0')}`;

async function submit(over: { phone?: string; language?: 'id' | 'en' } = {}): Promise<Report> {
  counter++;
  const at = new Date().toISOString();
  const report: Report = {
    id: `N${String(counter).padStart(3, '0')}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`,
    version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang di depan pasar', publicDescription: 'Jalan berlubang di depan pasar',
    reporter: { phone: over.phone ?? newPhone(), showName: false, anonymous: false, language: over.language ?? 'id' },
    confidential: false, createdAt: at, updatedAt: at, escalationLevel: 0, eventCount: 1,
  };
  const created: HistoryEvent = { reportId: report.id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
  await repo.create(report, created);
  return report;
}

/**
 * A status change as the staff workflow writes it: the report as stored now (with any followers it gained), read
 * and written back by the repository, guarded by its version, with its history event (the outbox) in one transaction.
 */
async function changeStatus(
  report: Report,
  to: ReportStatus,
  data: Record<string, unknown> = {},
  note?: string,
  follow?: { original: string; follower: string },
): Promise<Report> {
  const current = (await repo.getWithHistory(report.id))!.report;
  const at = new Date().toISOString();
  const seq = current.eventCount + 1;
  const event: HistoryEvent = {
    reportId: report.id, seq, type: 'status', at, actor: { role: 'triage', id: 'desk-1' }, from: current.status, to,
    visibility: 'public', notify: true, ...(note && { note }), data,
  };
  const next: Report = { ...current, status: to, version: current.version + 1, eventCount: seq, updatedAt: at };
  await repo.applyChange({ report: next, expectedVersion: current.version, events: [event], ...(follow && { follow }) });
  return next;
}

/** Marks `dup` as a duplicate of `original`, whose followers it joins in the same transaction. */
async function markDuplicate(dup: Report, original: Report): Promise<Report> {
  return changeStatus(dup, 'duplicate', { duplicateOf: original.id }, undefined, { original: original.id, follower: dup.id });
}

const smsTo = (phone: string | undefined): SmsMessage[] => sink.outbox().filter((m) => m.phoneNumber === phone);

async function until<T>(check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function deliveries(reportId: string) {
  const out = await tables.doc.send(
    new QueryCommand({
      TableName: tables.main,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      ExpressionAttributeValues: { ':pk': reportPk(reportId), ':d': 'D#' },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

async function settled() {
  await poller.drained();
  await poller.drained();
}

describe('citizen SMS through the stream', () => {
  it('confirms a submission with the tracking code, as a transactional SMS from the configured sender', async () => {
    const r = await submit();
    const [sms] = await until(() => smsTo(r.reporter.phone).length > 0 && smsTo(r.reporter.phone));
    expect(sms!.message).toBe(`Si Centang: Laporan diterima: Jalan rusak dan berlubang, Cikande. Kode: ${r.id}. Pantau: ${jurisdiction.publicBaseUrl}/r/${r.id}`);
    expect(sms!.attributes).toEqual({ 'AWS.SNS.SMS.SMSType': 'Transactional', 'AWS.SNS.SMS.SenderID': 'SICENTANG' });

    await settled();
    const [item] = await deliveries(r.id);
    expect(item).toMatchObject({ sk: `D#000001#${r.id}`, entity: 'delivery', status: 'sent', messageId: sms!.messageId, segments: 1, attempts: 1 });
    expect(JSON.stringify(item)).not.toContain(r.reporter.phone!.slice(3));
  });

  it('sends one SMS per recipient for a status change: the reporter, and each follower in their own language', async () => {
    const original = await submit();
    const duplicate = await submit({ language: 'en' });
    await until(() => smsTo(duplicate.reporter.phone).length === 1);
    await markDuplicate(duplicate, original);
    await until(() => smsTo(duplicate.reporter.phone).length === 2);
    await changeStatus(original, 'verified', { unit: 'bina-marga' }, 'Tim survei berangkat besok, pelapor cerewet');

    await until(() => smsTo(duplicate.reporter.phone).length === 3 && smsTo(original.reporter.phone).length === 2);
    await settled();

    const toReporter = smsTo(original.reporter.phone).map((m) => m.message);
    const toFollower = smsTo(duplicate.reporter.phone).map((m) => m.message);
    expect(toReporter).toHaveLength(2);
    expect(toReporter[1]).toBe(`Si Centang: Laporan ${original.id} sudah diverifikasi dan ditangani Bidang Bina Marga. Pantau: ${jurisdiction.publicBaseUrl}/r/${original.id}`);
    expect(toFollower).toHaveLength(3);
    expect(toFollower[0]).toMatch(/^Si Centang: Report received/);
    expect(toFollower[1]).toContain(`Report ${duplicate.id} duplicates report ${original.id}`);
    expect(toFollower[2]).toBe(`Si Centang: Report ${original.id} was verified and assigned to Roads and Bridges Division. Track: ${jurisdiction.publicBaseUrl}/r/${original.id}`);
    for (const text of [...toReporter, ...toFollower]) expect(text).not.toMatch(/cerewet|survei/);

    // staff read the deliveries in the same partition query as the history
    const records = (await deliveries(original.id)).filter(isDeliveryItem).map((i) => fromDeliveryItem(i));
    expect(records).toEqual([
      expect.objectContaining({ eventSeq: 1, recipient: original.id, role: 'reporter', kind: 'received', status: 'sent' }),
      expect.objectContaining({ eventSeq: 2, recipient: original.id, role: 'reporter', kind: 'verified', status: 'sent' }),
      expect.objectContaining({ eventSeq: 2, recipient: duplicate.id, role: 'follower', kind: 'verified', status: 'sent' }),
    ]);
  });

  it('still sends exactly one SMS when the sink fails three times, then recovers', async () => {
    const r = await submit();
    await until(() => smsTo(r.reporter.phone).length === 1);
    await settled();
    const invoked = invocations.length;
    sink.failNext(3); // every HTTP call counts, and the SDK makes three: one whole invocation fails
    await changeStatus(r, 'rejected', { reason: 'Bukan wewenang' });
    await until(() => smsTo(r.reporter.phone).length === 2);
    await settled();
    expect(smsTo(r.reporter.phone)).toHaveLength(2);
    expect(smsTo(r.reporter.phone)[1]!.message).toContain('tidak dapat kami tindak lanjuti');
    expect(invocations.length - invoked).toBe(2);
    expect((await deliveries(r.id)).find((d) => d.eventSeq === 2)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('gives a claim back when Publish itself fails, and sends exactly once on the retry', async () => {
    const r = await submit();
    await until(() => smsTo(r.reporter.phone).length === 1);
    publishFailures.set(r.reporter.phone!, 3);
    await changeStatus(r, 'verified', { unit: 'sumber-daya-air' });
    await until(() => smsTo(r.reporter.phone).length === 2);
    await settled();
    expect(smsTo(r.reporter.phone)).toHaveLength(2);
    expect((await deliveries(r.id)).find((d) => d.eventSeq === 2)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('parks a record that keeps failing in the on-failure store, and leaves the report untouched', async () => {
    const r = await submit();
    await until(() => smsTo(r.reporter.phone).length === 1);
    publishFailures.set(r.reporter.phone!, 1_000);
    const changed = await changeStatus(r, 'referred', { agency: 'bbpjn-banten' });
    const key = { pk: reportPk(r.id), sk: REPORT_SK };
    const before = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: key, ConsistentRead: true }))).Item;

    const failure = await until(() => poller.failures().find((f) => f.records.some((rec) => rec.dynamodb?.NewImage?.reportId?.S === r.id)));
    publishFailures.delete(r.reporter.phone!);
    expect(failure.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 });
    expect(failure.records.map((rec) => rec.dynamodb?.NewImage?.seq?.N)).toEqual(['2']);
    expect(readFailureFile(failureFile).some((f) => f.DDBStreamBatchInfo.startSequenceNumber === failure.DDBStreamBatchInfo.startSequenceNumber)).toBe(true);

    const after = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: key, ConsistentRead: true }))).Item;
    expect(after).toEqual(before);
    expect(after).toMatchObject({ version: changed.version, status: 'referred' });
    expect(smsTo(r.reporter.phone)).toHaveLength(1);
    const record = (await deliveries(r.id)).find((d) => d.eventSeq === 2)!;
    expect(record).toMatchObject({ status: 'pending', lastError: 'InternalErrorException', attempts: 3 });
    expect(fromDeliveryItem(record)).toMatchObject({ status: 'pending', reason: 'InternalErrorException' });
  });

  it('records a number SNS refuses as failed, without retrying it', async () => {
    const r = await submit();
    await until(() => smsTo(r.reporter.phone).length === 1);
    await settled();
    const parked = poller.failures().length;
    const invoked = invocations.length;
    sink.failAlways(r.reporter.phone!);
    await changeStatus(r, 'verified', { unit: 'bina-marga' });
    await until(() => invocations.length > invoked);
    await settled();
    expect(smsTo(r.reporter.phone)).toHaveLength(1);
    expect((await deliveries(r.id)).find((d) => d.eventSeq === 2)).toMatchObject({ status: 'failed', reason: 'InvalidParameterException', attempts: 1 });
    expect(poller.failures()).toHaveLength(parked);
    expect(invocations.length - invoked).toBe(1);
  });

  it('sends nothing new when the same stream records are delivered again', async () => {
    const r = await submit();
    await until(() => smsTo(r.reporter.phone).length === 1);
    await changeStatus(r, 'verified', { unit: 'bina-marga' });
    await until(() => smsTo(r.reporter.phone).length === 2);
    await settled();
    const replay = invocations.filter((e) => e.Records.some((rec) => rec.dynamodb?.NewImage?.reportId?.S === r.id));
    expect(replay.length).toBeGreaterThan(0);
    const total = sink.outbox().length;
    for (const event of replay) {
      expect(await handler(event, { getRemainingTimeInMillis: () => 60_000 } as Context)).toEqual({ batchItemFailures: [] });
    }
    expect(sink.outbox()).toHaveLength(total);
    expect((await deliveries(r.id)).map((d) => d.attempts)).toEqual([1, 1]);
  });

  it('records opted-out numbers as skipped, whether the check or Publish says so', async () => {
    const checked = newPhone();
    checkedOptedOut.add(checked);
    const a = await submit({ phone: checked });
    const refused = newPhone();
    publishOptedOut.add(refused);
    const b = await submit({ phone: refused });
    await until(() => invocations.some((e) => e.Records.some((rec) => rec.dynamodb?.NewImage?.reportId?.S === b.id)));
    await settled();
    expect(smsTo(checked)).toHaveLength(0);
    expect(smsTo(refused)).toHaveLength(0);
    expect(await deliveries(a.id)).toEqual([expect.objectContaining({ status: 'skipped', reason: 'opted-out', attempts: 1 })]);
    // the SDK turns the wire code OptedOut into OptedOutException, which the adapter maps to opted-out
    expect(await deliveries(b.id)).toEqual([expect.objectContaining({ status: 'skipped', reason: 'opted-out', attempts: 1 })]);
  });

  it('never sends twice after a crash between claim and record: the abandoned claim is closed as outcome-unknown', async () => {
    const r = await submit();
    await until(() => smsTo(r.reporter.phone).length === 1);
    // what a notifier that died mid-Publish leaves behind, one with its lease run out and one still in its lease
    const claim = (seq: number, leaseMs: number) => ({
      pk: reportPk(r.id), sk: `D#${String(seq).padStart(6, '0')}#${r.id}`, entity: 'delivery', reportId: r.id, eventSeq: seq,
      recipient: r.id, role: 'reporter', kind: 'verified', language: 'id', status: 'sending', claimToken: `crashed-${seq}`,
      leaseUntil: new Date(Date.now() + leaseMs).toISOString(), attempts: 1, at: new Date().toISOString(),
    });
    await tables.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tables.main, Item: claim(2, -1_000) } }, { Put: { TableName: tables.main, Item: claim(3, 1_500) } }] }));
    const verifiedReport = await changeStatus(r, 'verified', { unit: 'bina-marga' });
    await changeStatus(verifiedReport, 'in_progress', { unit: 'bina-marga' });

    const closed = await until(() => invocations.some((e) => e.Records.some((rec) => rec.dynamodb?.NewImage?.reportId?.S === r.id && rec.dynamodb?.NewImage?.seq?.N === '3')));
    expect(closed).toBe(true);
    await settled();
    expect(smsTo(r.reporter.phone)).toHaveLength(1);
    const records = (await deliveries(r.id)).filter((d) => d.eventSeq !== 1);
    expect(records).toEqual([
      expect.objectContaining({ eventSeq: 2, status: 'failed', reason: 'outcome-unknown', claimToken: 'crashed-2' }),
      expect.objectContaining({ eventSeq: 3, status: 'failed', reason: 'outcome-unknown', claimToken: 'crashed-3' }),
    ]);
    expect(records.map((d) => fromDeliveryItem(d).status)).toEqual(['failed', 'failed']);
  });

  it('stops at the daily cap for one number and records the rest as skipped', async () => {
    const phone = newPhone();
    const reports: Report[] = [];
    for (let i = 0; i < 4; i++) reports.push(await submit({ phone }));
    await until(() => smsTo(phone).length === 3);
    await settled();
    expect(smsTo(phone)).toHaveLength(3);
    const outcomes = await Promise.all(reports.map(async (r) => (await deliveries(r.id))[0]));
    expect(outcomes.filter((d) => d?.status === 'sent')).toHaveLength(3);
    expect(outcomes.filter((d) => d?.status === 'skipped' && d.reason === 'daily-cap')).toHaveLength(1);
  });
});
