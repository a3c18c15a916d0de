/** Deadlines officials rely on, on DynamoDB Local: priority and category move them; the overdue queue has one rule. */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { stageDueAt } from '../../shared/domain/deadlines';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { isOverdue, toStaffListItem } from '../../shared/domain/staff-view';
import { listQueue, staffQueueQuerySchema } from '../../shared/use-cases/staff/list-queue';
import { updateReport } from '../../shared/use-cases/staff/update-report';
import { createTestTables } from '../support/dynamo';

let repo: DynamoReportRepository;
const triage = { sub: 'triage-1', role: 'triage' as const };
// Monday 2026-11-30 09:00 WIB
const created = new Date('2026-11-30T02:00:00.000Z');

beforeAll(async () => {
  const tables = await createTestTables('deadlines');
  repo = new DynamoReportRepository(tables.doc, tables.main);
});

let n = 0;
async function seed(overrides: Partial<Report> = {}, events: Partial<HistoryEvent>[] = []): Promise<Report> {
  n++;
  const id = `D${'ABCDEFGHJKMNPQRSTVWXYZ'[n % 22]}${'23456789'[n % 8]}${'23456789'[Math.floor(n / 8) % 8]}-WXYZ`;
  const at = created.toISOString();
  const report: Report = {
    id, version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang di depan pasar', publicDescription: 'Jalan berlubang di depan pasar',
    reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: at, updatedAt: at, dueAt: stageDueAt('received', 'jalan-rusak', 'normal', created), escalationLevel: 0, eventCount: 1 + events.length,
    ...overrides,
  };
  await repo.create(report, { reportId: id, seq: 1, type: 'created', at, actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true });
  for (const [i, e] of events.entries()) {
    await repo.applyChange({
      report: { ...report, version: 2 + i },
      expectedVersion: 1 + i,
      events: [{ reportId: id, seq: 2 + i, type: 'status', at, actor: { role: 'triage' }, visibility: 'public', notify: false, ...e }],
    });
  }
  return (await repo.getWithHistory(id))!.report;
}

describe('a change of priority or category', () => {
  it('makes an urgent report due within 4 working hours of its receipt, with a history event', async () => {
    const report = await seed();
    const { report: after, events } = await updateReport(report.id, report.version, { priority: 'urgent' }, triage, { repository: repo, now: () => new Date('2026-11-30T03:00:00.000Z') });
    expect(after.dueAt).toBe(stageDueAt('received', 'jalan-rusak', 'urgent', created));
    // 09:00 Monday + 4 working hours
    expect(after.dueAt).toBe('2026-11-30T06:00:00.000Z');
    expect(events.at(-1)).toMatchObject({ type: 'edit', visibility: 'internal', data: { field: 'dueAt', from: report.dueAt, to: after.dueAt } });
    expect((await repo.getWithHistory(report.id))!.report.dueAt).toBe(after.dueAt);
  });

  it('counts a bridge from the start of work, not from the change', async () => {
    const started = new Date('2026-12-01T02:00:00.000Z');
    const report = await seed(
      { status: 'in_progress', unit: 'bina-marga', verifiedAt: created.toISOString(), dueAt: stageDueAt('in_progress', 'jalan-rusak', 'normal', started) },
      [{ from: 'verified', to: 'in_progress', at: started.toISOString() }],
    );
    const { report: after } = await updateReport(report.id, report.version, { category: 'jembatan' }, triage, { repository: repo, now: () => new Date('2026-12-03T02:00:00.000Z') });
    expect(after.dueAt).toBe(stageDueAt('in_progress', 'jembatan', 'normal', started));
    expect(Date.parse(after.dueAt!)).toBeGreaterThan(Date.parse(report.dueAt!));
  });

  it('brings urgent reports up in the queue sorted by deadline', async () => {
    const normal = await seed({ district: 'tanara' });
    const urgent = await seed({ district: 'tanara' });
    await updateReport(urgent.id, urgent.version, { priority: 'urgent' }, triage, { repository: repo, now: () => created });
    const page = await listQueue(staffQueueQuerySchema.parse({ district: 'tanara', sort: 'dueAt' }), undefined, triage, { repository: repo, now: () => created });
    const ids = page.items.map((r: Report) => r.id);
    expect(ids.indexOf(urgent.id)).toBeLessThan(ids.indexOf(normal.id));
  });
});

describe('the overdue queue', () => {
  it('finds escalated reports, exactly those the rows flag as overdue', async () => {
    const now = new Date('2026-12-10T02:00:00.000Z');
    // escalated: missed its deadline, now due at the next rung (in the future)
    const escalated = await seed({ district: 'pontang', escalationLevel: 1, overdueSince: '2026-12-02T09:00:00.000Z', dueAt: '2026-12-14T09:00:00.000Z' });
    const late = await seed({ district: 'pontang', dueAt: '2026-12-09T09:00:00.000Z' });
    const onTime = await seed({ district: 'pontang', dueAt: '2026-12-20T09:00:00.000Z' });
    const query = (overdue?: 'true') => listQueue(staffQueueQuerySchema.parse({ district: 'pontang', ...(overdue && { overdue }) }), undefined, triage, { repository: repo, now: () => now });

    const all = (await query()).items as Report[];
    const flagged = all.filter((r) => toStaffListItem(r, now).overdue).map((r) => r.id);
    expect(flagged.sort()).toEqual([escalated.id, late.id].sort());
    expect(isOverdue(onTime, now)).toBe(false);
    // most overdue first
    expect(((await query('true')).items as Report[]).map((r) => r.id)).toEqual([escalated.id, late.id]);
  });
});
