/**
 * The "a citizen sent a message" use case on DynamoDB Local: the same message delivered twice at once, and a
 * citizen's TIDAK racing an official's move on the same version. Nothing is done twice, no update is lost.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoInboundStore, inboundKey } from '../../shared/adapters/dynamodb/inbound-store';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { citizenSentMessage, type InboundDeps } from '../../shared/use-cases/inbound/citizen-sent-message';
import { applyMove } from '../../shared/use-cases/staff/transition-report';
import { createTestTables, type TestTables } from '../support/dynamo';

let t: TestTables;
let repository: DynamoReportRepository;
let deps: InboundDeps;
let n = 0;

beforeAll(async () => {
  t = await createTestTables('inbound');
  repository = new DynamoReportRepository(t.doc, t.main);
  deps = { repository, store: new DynamoInboundStore(t.doc, t.main), jurisdiction, now: () => new Date() };
});

/** A resolved report of this number, stored with its creation event. */
async function resolved(phone: string): Promise<Report> {
  n++;
  const at = new Date().toISOString();
  const report: Report = {
    id: `2345-67${String(n).padStart(2, '2').replace(/[01]/g, '9')}`,
    version: 5,
    status: 'resolved',
    category: 'lainnya',
    district: 'cikande',
    priority: 'normal',
    description: 'Lampu jalan mati',
    publicDescription: 'Lampu jalan mati',
    reporter: { phone, showName: false, anonymous: false, language: 'id' },
    confidential: false,
    unit: 'verifikasi',
    createdAt: at,
    updatedAt: at,
    resolvedAt: at,
    autoCloseAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    escalationLevel: 0,
    eventCount: 1,
  };
  const event: HistoryEvent = { reportId: report.id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: false };
  await repository.create(report, event);
  return report;
}

const read = async (id: string) => (await t.doc.send(new GetCommand({ TableName: t.main, Key: { pk: `R#${id}`, sk: 'R' }, ConsistentRead: true }))).Item as Report;
const events = async (id: string) =>
  ((await t.doc.send(new QueryCommand({ TableName: t.main, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': `R#${id}`, ':e': 'E#' } }))).Items ?? []) as HistoryEvent[];

describe('citizenSentMessage on DynamoDB Local', () => {
  it('one message delivered five times at once reopens once and is recorded once', async () => {
    const phone = '+6281399900001';
    const report = await resolved(phone);
    const message = { provider: 'test', messageId: `m-${report.id}`, from: phone, body: `TIDAK ${report.id} masih gelap` };
    const results = await Promise.all(Array.from({ length: 5 }, () => citizenSentMessage(message, deps)));
    expect(results.filter((r) => r.outcome === 'reopened')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(4);
    const after = await read(report.id);
    expect(after).toMatchObject({ status: 'in_progress', version: 6, citizenReopenings: 1, eventCount: 4 });
    // the message's words as an internal note: the public status event carries none
    expect((await events(report.id)).map((e) => e.type)).toEqual(['created', 'status', 'note', 'feedback']);
    const record = await t.doc.send(new GetCommand({ TableName: t.main, Key: inboundKey('test', message.messageId) }));
    expect(record.Item).toMatchObject({ entity: 'inbound', outcome: 'reopened', reportId: report.id, notify: false });
    // no reply is due (the status SMS answers), so the number is not kept
    expect(record.Item!.phone).toBeUndefined();
  });

  it('a TIDAK racing an official’s close: exactly one wins, and the other sees the result', async () => {
    const phone = '+6281399900002';
    const report = await resolved(phone);
    const official = (async () => {
      const next = applyMove(report, { to: 'closed' }, undefined, new Date());
      const event: HistoryEvent = { reportId: report.id, seq: 2, type: 'status', at: next.updatedAt, actor: { role: 'triage' }, from: 'resolved', to: 'closed', visibility: 'public', notify: true };
      return repository.applyChange({ report: next, expectedVersion: report.version, events: [event] }).then(() => 'closed', () => 'lost');
    })();
    const citizen = citizenSentMessage({ provider: 'test', messageId: `race-${report.id}`, from: phone, body: 'tidak' }, deps);
    const [officialOutcome, citizenResult] = await Promise.all([official, citizen]);
    const after = await read(report.id);
    if (officialOutcome === 'closed') {
      expect(after.status).toBe('closed');
      // the citizen's message was looked at again and answered: the report no longer waits for an answer
      expect(['replied']).toContain(citizenResult.outcome);
    } else {
      expect(citizenResult.outcome).toBe('reopened');
      expect(after.status).toBe('in_progress');
    }
    expect(after.version).toBe(report.version + 1);
  });

  it('a number that keeps sending nonsense gets one help text that day', async () => {
    const phone = '+6281399900003';
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await citizenSentMessage({ provider: 'test', messageId: `nonsense-${i}`, from: phone, body: `apa ${i}` }, deps)).outcome);
    expect(outcomes).toEqual(['help', 'silenced', 'silenced', 'silenced']);
  });

  it('ignores a sender that is not a phone number', async () => {
    expect((await citizenSentMessage({ provider: 'test', messageId: 'x1', from: 'SICENTANG', body: 'YA' }, deps)).outcome).toBe('bad-sender');
  });
});
