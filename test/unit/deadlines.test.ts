/**
 * Stage deadlines in working time, as the configuration sets them (Serang: Mon–Thu 07:30–16:00, Fri 07:30–16:30
 * WIB = UTC+7, the 2026–2027 holiday file), and as the flows that set `dueAt` use them.
 * Only official 2026 holidays and 1 January 2027 are relied on (the rest of 2027 is provisional data).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { loadJurisdiction, selfContainedJurisdiction } from '../../shared/config/jurisdiction-schema';
import { stageDueAt, stageDueAtIn } from '../../shared/domain/deadlines';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import type { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { createReport } from '../../shared/use-cases/create-report';
import { transitionReport } from '../../shared/use-cases/staff/transition-report';

/** WIB wall-clock time as an instant. */
const wib = (local: string) => new Date(`${local}+07:00`);
const iso = (local: string) => wib(local).toISOString();

describe('the configured calendar and policy', () => {
  it('is Serang: Asia/Jakarta, Mon–Fri, civil-service hours, the holiday file, the default SLA', () => {
    const civilService = { start: '07:30', end: '16:00' };
    expect(jurisdiction.workingCalendar).toMatchObject({
      timeZone: 'Asia/Jakarta',
      workingDays: [1, 2, 3, 4, 5],
      workingHours: { '1': civilService, '2': civilService, '3': civilService, '4': civilService, '5': { start: '07:30', end: '16:30' } },
    });
    expect(jurisdiction.workingCalendar.holidays).toEqual(expect.arrayContaining(['2026-03-21', '2026-12-25', '2027-01-01']));
    expect(jurisdiction.sla.stages).toEqual({ received: { workingDays: 2 }, verified: { workingDays: 3 }, in_progress: { workingDays: 14 } });
    expect(jurisdiction.sla.overrides).toContainEqual({ stage: 'in_progress', category: 'jembatan', target: { workingDays: 30 } });
    expect(jurisdiction.sla.overrides).toContainEqual({ stage: 'received', priority: 'urgent', target: { workingHours: 4 } });
  });
});

describe('stageDueAt', () => {
  const cases: Array<[string, Parameters<typeof stageDueAt>[0], string, Parameters<typeof stageDueAt>[2], string, string]> = [
    ['received, normal: 2 working days at the same time of day', 'received', 'jalan-rusak', 'normal', '2026-11-25T10:00', '2026-11-27T10:00'],
    ['over a weekend', 'received', 'drainase', 'normal', '2026-11-26T14:00', '2026-11-30T14:00'],
    ['submitted on a Saturday night: by the end of the 2nd working day', 'received', 'drainase', 'normal', '2026-11-28T04:13', '2026-12-01T16:00'],
    ['submitted after hours on a Thursday', 'received', 'drainase', 'normal', '2026-11-26T19:00', '2026-11-30T16:00'],
    ['urgent: 4 working hours, over a weekend (Friday ends 16:30)', 'received', 'banjir', 'urgent', '2026-11-27T15:00', '2026-11-30T10:00'],
    ['verified: 3 working days across Christmas joint leave and holiday', 'verified', 'jalan-rusak', 'normal', '2026-12-23T10:00', '2026-12-30T10:00'],
    ['across the year end and New Year', 'received', 'jalan-rusak', 'normal', '2026-12-30T11:00', '2027-01-04T11:00'],
    ['urgent across New Year', 'received', 'jalan-rusak', 'urgent', '2026-12-31T14:00', '2027-01-04T09:30'],
    ['across Nyepi and Idul Fitri (18–24 March 2026 off): Tue → Fri of the next week', 'verified', 'irigasi', 'high', '2026-03-17T09:00', '2026-03-27T09:00'],
    ['in progress, street lights: 5 working days', 'in_progress', 'lampu-jalan', 'normal', '2026-11-23T08:00', '2026-11-30T08:00'],
    ['in progress, default: 14 working days', 'in_progress', 'jalan-rusak', 'low', '2026-11-02T09:00', '2026-11-20T09:00'],
  ];
  it.each(cases)('%s', (_name, status, category, priority, from, due) => {
    expect(stageDueAt(status, category, priority, wib(from))).toBe(iso(due));
  });

  it('in progress, bridges: 30 working days, longer than 30 calendar days', () => {
    const due = Date.parse(stageDueAt('in_progress', 'jembatan', 'normal', wib('2026-11-02T09:00'))!);
    expect(due - wib('2026-11-02T09:00').getTime()).toBeGreaterThan(40 * 86_400_000);
  });

  it.each(['resolved', 'closed', 'rejected', 'duplicate', 'referred'] as const)('%s has no deadline', (status) => {
    expect(stageDueAt(status, 'jalan-rusak', 'normal', wib('2026-11-25T10:00'))).toBeUndefined();
  });

  it('follows another configuration without code changes (stageDueAtIn)', () => {
    const sixDays = {
      sla: { stages: { received: { workingHours: 1 }, verified: { workingHours: 1 }, in_progress: { workingHours: 1 } }, overrides: [] },
      workingCalendar: { timeZone: 'Asia/Makassar', workingDays: [1, 2, 3, 4, 5, 6], workingHours: { start: '08:00', end: '14:00' }, holidays: [] },
    };
    // Saturday is a working day there; 13:30 WITA + 1 working hour = Monday 08:30 WITA (UTC+8)
    expect(stageDueAtIn(sixDays, 'received', 'x', 'normal', new Date('2026-11-28T13:30:00+08:00'))).toBe('2026-11-30T00:30:00.000Z');
  });
});

/** Just enough of the repository for the use cases, in memory. */
function memoryRepository() {
  const reports = new Map<string, Report>();
  const events = new Map<string, HistoryEvent[]>();
  const repo = {
    async create(report: Report, event: HistoryEvent) {
      reports.set(report.id, structuredClone(report));
      events.set(report.id, [event]);
    },
    async getWithHistory(id: string) {
      const report = reports.get(id);
      return report && { report: structuredClone(report), events: [...(events.get(id) ?? [])] };
    },
    async applyChange(change: { report: Report; expectedVersion: number; events: HistoryEvent[] }) {
      if (reports.get(change.report.id)?.version !== change.expectedVersion) throw new Error('version');
      reports.set(change.report.id, structuredClone(change.report));
      events.get(change.report.id)!.push(...change.events);
    },
  };
  return repo as unknown as DynamoReportRepository;
}

describe('deadlines in the flows', () => {
  const triage = { sub: 'triage-1', role: 'triage' as const };

  it('a new report is due in working time; each transition sets the next stage deadline', async () => {
    const repository = memoryRepository();
    let now = wib('2026-11-27T15:00'); // a Friday afternoon
    const deps = { repository, now: () => now, newCode: () => '7KQ4-M9XP' };
    const report = await createReport(
      {
        // a category that needs no completion photo, so the flow can resolve without an upload
        category: 'lainnya',
        description: 'Jalan berlubang di depan pasar',
        district: 'cikande',
        address: 'Jl. Raya Cikande',
        reporter: { phone: '+6281234567890', showName: false, anonymous: false, language: 'id' },
        confidential: false,
      },
      deps,
    );
    expect(report.dueAt).toBe(iso('2026-12-01T15:00'));

    now = wib('2026-11-30T08:00');
    const verified = await transitionReport(report.id, 1, { to: 'verified', unit: 'bina-marga' }, triage, triage, deps);
    expect(verified.report.dueAt).toBe(iso('2026-12-03T08:00'));

    now = wib('2026-12-10T09:00'); // a Thursday, two weeks before Christmas
    const started = await transitionReport(report.id, 2, { to: 'in_progress' }, triage, triage, deps);
    // 14 working days: 11, 14–18, 21–23 Dec, (24–25 off), 28–31 Dec, (1 Jan off), 4 Jan → Monday 4 January 2027
    expect(started.report.dueAt).toBe(iso('2027-01-04T09:00'));

    now = wib('2026-12-21T10:00');
    const resolved = await transitionReport(report.id, 3, { to: 'resolved', note: 'Sudah ditambal' }, triage, triage, deps);
    expect(resolved.report.dueAt).toBeUndefined();
    expect(resolved.report.autoCloseAt).toBeDefined();
  });
});

describe('the configuration file', () => {
  const base = selfContainedJurisdiction(resolve('config/jurisdictions/kabupaten-serang.json'));
  const write = (config: unknown, holidays?: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'jurisdiction-'));
    if (holidays !== undefined) writeFileSync(join(dir, 'holidays.json'), JSON.stringify(holidays));
    const file = join(dir, 'region.json');
    writeFileSync(file, JSON.stringify(config));
    return file;
  };
  const calendar = base.workingCalendar as Record<string, unknown>;

  it('reads the holiday file relative to itself, and makes a self-contained copy for the bundle', () => {
    expect(calendar.holidays).toEqual(jurisdiction.workingCalendar.holidays);
    expect(calendar).not.toHaveProperty('holidaysFile');
    expect(loadJurisdiction(write(base)).workingCalendar).toEqual(jurisdiction.workingCalendar);
    const { holidays: _h, ...rest } = calendar;
    const file = write({ ...base, workingCalendar: { ...rest, holidaysFile: 'holidays.json' } }, { days: [{ date: '2030-01-01', name: 'x' }] });
    expect(loadJurisdiction(file).workingCalendar.holidays).toEqual(['2030-01-01']);
  });

  it.each([
    ['a missing holiday file', { workingCalendar: { ...calendar, holidays: undefined, holidaysFile: 'nope.json' } }, /cannot read holiday file/],
    ['a calendar in another time zone', { workingCalendar: { ...calendar, timeZone: 'Asia/Jayapura' } }, /time zone/],
    ['working hours that end before they start', { workingCalendar: { ...calendar, workingHours: { start: '16:00', end: '07:30' } } }, /workingCalendar\.workingHours/],
    ['a holiday that is not a date', { workingCalendar: { ...calendar, holidays: ['2026-02-30'] } }, /workingCalendar\.holidays/],
    ['an SLA override for an unknown category', { sla: { ...(base.sla as object), overrides: [{ stage: 'received', category: 'jalan-tol', target: { workingDays: 1 } }] } }, /unknown category jalan-tol/],
    ['a ladder out of order', { escalation: { ...(base.escalation as object), ladder: [...((base.escalation as { ladder: unknown[] }).ladder)].reverse() } }, /in order from level 1/],
    ['an unknown unit for unassigned reports', { escalation: { ...(base.escalation as object), unassignedUnit: 'humas' } }, /unknown unit humas/],
    ['the old plain-hours SLA', { sla: { stageHours: { received: 16, verified: 24, in_progress: 80 } } }, /sla/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => loadJurisdiction(write({ ...base, ...change }))).toThrow(message);
  });
});
