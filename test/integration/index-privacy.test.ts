/**
 * No index holds contact data. Reports with a number, a name and an e-mail, phone followers, a report whose name is
 * shown publicly, moved through the lifecycle by the real use cases on DynamoDB Local; then every GSI of the table
 * is read whole (a Scan, here in the test only) and no entry may carry a number, a name, an e-mail, the phone key
 * of a report, or any of their text.
 */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoFollowerStore } from '../../shared/adapters/dynamodb/follower-store';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { createReportRequestSchema } from '../../shared/domain/report-request';
import { MAIN_TABLE } from '../../shared/table/definition';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { createReport } from '../../shared/use-cases/create-report';
import { followReport } from '../../shared/use-cases/follow-report';
import { transitionReport } from '../../shared/use-cases/staff/transition-report';
import { KECAMATAN_POINTS } from '../support/kecamatan-points';
import { createTestTables, type TestTables } from '../support/dynamo';

let tables: TestTables;
let repo: DynamoReportRepository;

beforeAll(async () => {
  tables = await createTestTables('index-privacy');
  repo = new DynamoReportRepository(tables.doc, tables.main);
});

const now = () => new Date();
const admin = { sub: 'test-admin', role: 'admin' as const };
const cikande = KECAMATAN_POINTS.cikande!;
// resolving needs no completion photo in this category (the photo is the processor's business, not the table's)
const category = jurisdiction.categories.find((c) => !c.completionPhotoRequired)!.code;

/** Numbers in the unassigned 0810 range; their digits must appear in no index entry. */
const REPORTER_PHONES = ['0810-0000-7301', '0810-0000-7302', '0810-0000-7303'];
const FOLLOWER_PHONES = ['0810-0000-7401', '0810-0000-7402'];
const NAMES = ['Sulastri Wibowo', 'Hendra Kusnadi', 'Maryam Lestari'];
const EMAIL = 'sulastri.wibowo@example.org';
const digits = (phone: string) => phone.replace(/\D/g, '').replace(/^0/, '');

async function scanIndex(name: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await tables.doc.send(new ScanCommand({ TableName: tables.main, IndexName: name, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('indexes and contact data', () => {
  it('no index entry carries a number, name, e-mail or phone key, through creation, follows and every transition', async () => {
    const codes: string[] = [];
    for (const [i, phone] of REPORTER_PHONES.entries()) {
      const input = createReportRequestSchema.parse({
        category,
        description: `Jalan berlubang dalam di dekat pasar, nomor ${i + 1}, sudah lama tidak diperbaiki dan membahayakan pengendara.`,
        location: { lat: cikande.lat + i * 0.0001, lon: cikande.lon },
        reporter: { phone, name: NAMES[i], showName: i === 1 },
      });
      const report = await createReport({ ...input, district: 'cikande', reporter: { ...input.reporter, ...(i === 0 && { email: EMAIL }) } }, { repository: repo, now });
      codes.push(report.id);
    }
    const [first, second, third] = codes as [string, string, string];
    const followers = new DynamoFollowerStore(tables.doc, tables.main);
    for (const phone of FOLLOWER_PHONES) {
      const e164 = `+62${digits(phone)}`;
      await followReport(first, { phone: e164, language: 'id' }, { store: followers, now });
    }
    // the lifecycle of the first report, a rejection and a duplicate: every index a report can enter
    let current = (await repo.getWithHistory(first))!.report;
    for (const body of [
      { to: 'verified', unit: 'bina-marga', note: 'Diteruskan ke Bina Marga' },
      { to: 'in_progress', note: 'Tim dijadwalkan' },
      { to: 'resolved', note: 'Sudah ditambal' },
    ]) {
      current = (await transitionReport(first, current.version, body as never, admin, { role: 'admin' }, { repository: repo, now })).report;
    }
    const secondReport = (await repo.getWithHistory(second))!.report;
    await transitionReport(second, secondReport.version, { to: 'verified', unit: 'bina-marga' } as never, admin, { role: 'admin' }, { repository: repo, now });
    const thirdReport = (await repo.getWithHistory(third))!.report;
    await transitionReport(third, thirdReport.version, { to: 'duplicate', duplicateOf: second } as never, admin, { role: 'admin' }, { repository: repo, now });

    // the contact is stored (so the check below is not vacuous), apart from the report
    const contact = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `CONTACT#${first}`, sk: 'C' } }))).Item;
    expect(contact).toMatchObject({ phone: `+62${digits(REPORTER_PHONES[0]!)}`, name: NAMES[0], email: EMAIL });
    const reportItem = (await tables.doc.send(new GetCommand({ TableName: tables.main, Key: { pk: `R#${first}`, sk: 'R' } }))).Item!;
    expect(JSON.stringify(reportItem)).not.toContain(digits(REPORTER_PHONES[0]!));
    expect(JSON.stringify(reportItem)).not.toContain(NAMES[0]);

    const forbidden = [...REPORTER_PHONES, ...FOLLOWER_PHONES].map(digits).concat(NAMES, [EMAIL]);
    let entries = 0;
    for (const index of MAIN_TABLE.indexes) {
      for (const entry of await scanIndex(index.name)) {
        entries++;
        const where = `${index.name} ${String(entry.pk)} ${String(entry.sk)}`;
        for (const attribute of ['phone', 'name', 'email', 'reporter']) expect(entry, where).not.toHaveProperty(attribute);
        // the phone key is not contact data, but no index a public function reads may carry it
        if (index.name !== 'gsi11-reporter') expect(entry, where).not.toHaveProperty('reporterKey');
        const text = JSON.stringify(entry);
        for (const value of forbidden) expect(text, where).not.toContain(value);
      }
    }
    // the indexes were read and hold the reports (the check above ran over something)
    expect(entries).toBeGreaterThan(10);
    const byReporter = await scanIndex('gsi11-reporter');
    expect(byReporter.map((e) => e.pk).sort()).toEqual(codes.map((c) => `CONTACT#${c}`).sort());
  });
});
