/** The report repository against DynamoDB Local: transactions, one-query history, index-backed lists. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { ReportExistsError, DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
let repo: DynamoReportRepository;

beforeAll(async () => {
  tables = await createTestTables('repo');
  repo = new DynamoReportRepository(tables.doc, tables.main);
});

let counter = 0;
function report(overrides: Partial<Report> = {}): Report {
  counter++;
  const at = new Date(Date.UTC(2026, 10, 1, 0, counter)).toISOString();
  return {
    id: `T${String(counter).padStart(3, '2')}-AAAA`, version: 1, status: 'received', category: 'drainase', district: 'kragilan', priority: 'normal',
    description: 'Saluran tersumbat sampah', publicDescription: 'Saluran tersumbat sampah', address: 'Jl. Kragilan',
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: at, updatedAt: at, dueAt: new Date(Date.parse(at) + 3_600_000).toISOString(), escalationLevel: 0, eventCount: 1,
    ...overrides,
  };
}
const created = (r: Report): HistoryEvent => ({ reportId: r.id, seq: 1, type: 'created', at: r.createdAt, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true });

describe('DynamoReportRepository on DynamoDB Local', () => {
  it('writes report and event together and reads both back in one query', async () => {
    const r = report();
    await repo.create(r, created(r));
    const found = await repo.getWithHistory(r.id);
    // the number stays in the contact item: the report says only that there is one
    const { phone: _phone, ...reporter } = r.reporter;
    expect(found?.report).toEqual({ ...r, reporter: { ...reporter, contactHeld: true } });
    expect(await repo.withContact(found!.report)).toEqual({ ...r, reporter: { ...r.reporter, contactHeld: true } });
    expect(found?.events).toEqual([created(r)]);
  });

  it('refuses a second report with the same code and leaves the first untouched', async () => {
    const r = report();
    await repo.create(r, created(r));
    await expect(repo.create({ ...r, description: 'other' }, created(r))).rejects.toBeInstanceOf(ReportExistsError);
    expect((await repo.getWithHistory(r.id))?.report.description).toBe(r.description);
  });

  it('derives the index keys: sparse deadline index, hashed reporter key, no public key when confidential', async () => {
    const open = report();
    const secret = report({ confidential: true, status: 'rejected' });
    await repo.create(open, created(open));
    await repo.create(secret, created(secret));
    const openItem = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `R#${open.id}`, sk: 'R' } }))).Item!;
    const secretItem = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `R#${secret.id}`, sk: 'R' } }))).Item!;
    expect(openItem.deadlineKey).toMatch(/^DL#\d$/);
    expect(openItem.gsi1pk).toMatch(/^PUB#\d$/);
    expect(openItem.reporterKey).toBeUndefined();
    const contactItem = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `CONTACT#${open.id}`, sk: 'C' } }))).Item!;
    expect(contactItem.phone).toBe('+6281234567890');
    expect(String(contactItem.reporterKey)).toMatch(/^P#/);
    expect(String(contactItem.reporterKey)).not.toContain('81234567890');
    expect(secretItem.deadlineKey).toBeUndefined();
    expect(secretItem.gsi1pk).toBeUndefined();
    const overdue = await tables.doc.send(
      new QueryCommand({
        TableName: tables.main, IndexName: 'gsi10-deadline', KeyConditionExpression: 'deadlineKey = :k',
        ExpressionAttributeValues: { ':k': openItem.deadlineKey },
      }),
    );
    expect(overdue.Items?.map((i) => i.pk)).toContain(`R#${open.id}`);
  });

  it('lists newest first across write shards, page by page, with every filter', async () => {
    const mine = [] as Report[];
    for (let i = 0; i < 7; i++) {
      const r = report({ district: 'pontang', category: i % 2 ? 'banjir' : 'irigasi' });
      mine.push(r);
      await repo.create(r, created(r));
    }
    const collect = async (filter: Parameters<DynamoReportRepository['listPublic']>[0]) => {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await repo.listPublic({ ...filter, after });
        expect(page.items.length).toBeLessThanOrEqual(filter.limit);
        ids.push(...page.items.map((r) => r.id));
        after = page.next;
      } while (after);
      return ids;
    };
    const newestFirst = [...mine].reverse().map((r) => r.id);
    expect(await collect({ district: 'pontang', limit: 3 })).toEqual(newestFirst);
    expect(await collect({ district: 'pontang', category: 'banjir', limit: 2 })).toEqual(newestFirst.filter((_, i) => mine[mine.length - 1 - i]!.category === 'banjir'));
    expect(await collect({ district: 'pontang', status: 'received', limit: 4 })).toEqual(newestFirst);
    const all = await collect({ limit: 2 });
    expect(all.filter((id) => newestFirst.includes(id))).toEqual(newestFirst);
    const byStatus = await collect({ status: 'received', limit: 5 });
    expect(byStatus.filter((id) => newestFirst.includes(id))).toEqual(newestFirst);
    const byCategory = await collect({ category: 'irigasi', status: 'received', limit: 5 });
    expect(byCategory).toEqual(newestFirst.filter((id) => mine.find((r) => r.id === id)!.category === 'irigasi'));
  });
});
