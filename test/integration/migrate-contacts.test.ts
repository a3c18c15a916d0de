/**
 * `npm run migrate-contacts` on DynamoDB Local: report items of the layout before contact moved out (the number,
 * name and e-mail in the report, index keys of indexes since dropped, followers in the report's partition) become
 * the current layout, nothing is lost, the version stays, and a second run changes nothing.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { keys, toReportItem } from '../../shared/adapters/dynamodb/report-items';
import { listPhoneFollowers } from '../../shared/adapters/dynamodb/follower-items';
import { phoneKey } from '../../shared/domain/phone';
import type { Report } from '../../shared/domain/report';
import { migrateContacts } from '../../shared/privacy/migrate-contacts';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
let repo: DynamoReportRepository;
beforeAll(async () => {
  tables = await createTestTables('migrate-contacts');
  repo = new DynamoReportRepository(tables.doc, tables.main);
});

const PHONE = '+6281000007501';
const FOLLOWER = '+6281000007502';

const report = (id: string, reporter: Report['reporter']): Report => ({
  id, version: 4, status: 'verified', category: 'drainase', district: 'kragilan', priority: 'normal', unit: 'sumber-daya-air',
  description: 'Saluran tersumbat sampah', publicDescription: 'Saluran tersumbat sampah',
  reporter, confidential: false, followerCount: 1,
  createdAt: '2026-10-01T01:00:00.000Z', updatedAt: '2026-10-02T01:00:00.000Z', dueAt: '2026-12-01T01:00:00.000Z', escalationLevel: 0, eventCount: 4,
});

/** A report item as the code before this layout wrote it: contact inside, the keys of the indexes it had then. */
async function legacyItem(r: Report): Promise<Record<string, unknown>> {
  const current = toReportItem(r);
  const { contactHeld: _held, ...rest } = current;
  return {
    ...rest,
    reporter: r.reporter,
    description: r.description,
    statusKey: `S#${r.status}#2`,
    districtKey: `D#${r.district}`,
    categoryKey: `C#${r.category}`,
    reporterKey: r.reporter.phone ? await keys.reporter(r.reporter.phone) : undefined,
    maxAgeKey: 'MA#2',
    maxAgeAt: '2028-10-01T01:00:00.000Z',
  };
}

describe('npm run migrate-contacts', () => {
  it('moves contact and followers out of report partitions, keeps the version, and changes nothing on a second run', async () => {
    const named = report('MIGC-AAAA', { phone: PHONE, name: 'Rahmat Hidayat', email: 'rahmat@example.org', showName: true, anonymous: false, language: 'en' });
    const purged = report('MIGC-BBBB', { showName: false, anonymous: false, language: 'id' });
    for (const r of [named, purged]) await tables.doc.send(new PutCommand({ TableName: tables.main, Item: await legacyItem(r) }));
    const follower = { pk: `R#${named.id}`, sk: `F#${await phoneKey(FOLLOWER)}`, phone: FOLLOWER, language: 'id', createdAt: '2026-10-03T00:00:00.000Z' };
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: follower }));
    // before the migration the current code still finds the follower and, through the report, the number
    expect((await listPhoneFollowers(tables.doc, tables.main, named.id)).map((f) => f.phone)).toEqual([FOLLOWER]);

    expect(await migrateContacts(tables.doc, tables.main)).toEqual({ scanned: 3, reports: 2, contacts: 1, followers: 1, conflicts: 0 });

    const item = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `R#${named.id}`, sk: 'R' } }))).Item!;
    expect(item.version).toBe(4);
    expect(item.reporter).toEqual({ showName: true, anonymous: false, language: 'en' });
    expect(item.contactHeld).toBe(true);
    for (const gone of ['districtKey', 'categoryKey', 'reporterKey', 'maxAgeKey', 'maxAgeAt']) expect(item).not.toHaveProperty(gone);
    expect(item.statusKey).toBe(keys.status('verified', 'drainase'));
    expect(JSON.stringify(item)).not.toContain('81000007501');

    const contact = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `CONTACT#${named.id}`, sk: 'C' } }))).Item;
    expect(contact).toMatchObject({ phone: PHONE, name: 'Rahmat Hidayat', email: 'rahmat@example.org', language: 'en', reporterKey: await keys.reporter(PHONE) });
    // what the staff view and the public view read back is what was there before
    const found = (await repo.getWithHistory(named.id))!;
    expect(found.report.reporter.name).toBe('Rahmat Hidayat');
    expect((await repo.withContact(found.report)).reporter).toMatchObject({ phone: PHONE, email: 'rahmat@example.org' });
    const byNumber = await tables.doc.send(
      new QueryCommand({ TableName: tables.main, IndexName: 'gsi11-reporter', KeyConditionExpression: 'reporterKey = :k', ExpressionAttributeValues: { ':k': await keys.reporter(PHONE) } }),
    );
    expect(byNumber.Items?.map((i) => i.pk)).toEqual([`CONTACT#${named.id}`]);

    expect((await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: follower.pk, sk: follower.sk } }))).Item).toBeUndefined();
    const moved = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `CONTACT#${named.id}`, sk: follower.sk } }))).Item;
    expect(moved).toMatchObject({ phone: FOLLOWER, language: 'id' });
    expect((await listPhoneFollowers(tables.doc, tables.main, named.id)).map((f) => f.phone)).toEqual([FOLLOWER]);

    const purgedItem = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `R#${purged.id}`, sk: 'R' } }))).Item!;
    expect(purgedItem.contactHeld).toBeUndefined();
    expect((await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `CONTACT#${purged.id}`, sk: 'C' } }))).Item).toBeUndefined();

    expect(await migrateContacts(tables.doc, tables.main)).toEqual({ scanned: 2, reports: 0, contacts: 0, followers: 0, conflicts: 0 });
  });

  it('a report changed before the migration reached it keeps its contact: the write moves it along', async () => {
    const r = report('MIGC-CCCC', { phone: PHONE, showName: false, anonymous: false, language: 'id' });
    await tables.doc.send(new PutCommand({ TableName: tables.main, Item: await legacyItem(r) }));
    const read = (await repo.getWithHistory(r.id))!.report;
    await repo.applyChange({ report: { ...read, priority: 'high', version: read.version + 1 }, expectedVersion: read.version, events: [] });
    const after = (await repo.getWithHistory(r.id))!.report;
    expect(after.reporter.phone).toBeUndefined();
    expect((await repo.withContact(after)).reporter.phone).toBe(PHONE);
  });
});
