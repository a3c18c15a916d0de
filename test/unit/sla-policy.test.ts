import { describe, expect, it } from 'vitest';
import holidayFile from '../../config/holidays/id-2026-2027.json';
import serangFile from '../../config/jurisdictions/kabupaten-serang.json';
import { slaPolicySchema, workingCalendarSchema, workingDurationSchema } from '../../shared/config/sla-policy-schema';
import { dueAtFor, stageTarget, type Priority, type SlaPolicy } from '../../shared/domain/sla-policy';
import type { Stage } from '../../shared/domain/status-machine';
import type { WorkingCalendar, WorkingDuration } from '../../shared/domain/working-calendar';

// Serang's working week and policy as its jurisdiction file states them: the file is their only home
const { holidaysFile: _holidaysFile, ...serangWorkingHours } = serangFile.workingCalendar;
const serangSla = serangFile.sla as SlaPolicy;

// WIB = UTC+7; Serang hours Mon–Thu 07:30–16:00 (00:30Z–09:00Z), Fri 07:30–16:30 (00:30Z–09:30Z).
// Only 2026 (official SKB) holidays and 1 Jan 2027 are relied on below.
const SERANG: WorkingCalendar = { timeZone: serangFile.timeZone, ...serangWorkingHours, holidays: holidayFile.days.map((d) => d.date) };
const at = (iso: string) => new Date(iso);

describe('stageTarget with the Serang default policy', () => {
  const cases: Array<[Stage, string, Priority, WorkingDuration]> = [
    ['received', 'jalan-rusak', 'normal', { workingDays: 2 }],
    ['received', 'jembatan', 'urgent', { workingHours: 4 }],
    ['verified', 'drainase', 'high', { workingDays: 3 }],
    ['verified', 'banjir', 'urgent', { workingDays: 1 }],
    ['in_progress', 'jalan-rusak', 'normal', { workingDays: 14 }],
    ['in_progress', 'lainnya', 'high', { workingDays: 14 }],
    ['in_progress', 'irigasi', 'urgent', { workingDays: 2 }],
    ['in_progress', 'jembatan', 'low', { workingDays: 30 }],
    ['in_progress', 'jembatan', 'urgent', { workingDays: 2 }],
    ['in_progress', 'lampu-jalan', 'normal', { workingDays: 5 }],
    ['in_progress', 'lampu-jalan', 'urgent', { workingDays: 2 }],
  ];
  it.each(cases)('%s / %s / %s', (stage, category, priority, expected) => {
    expect(stageTarget(serangSla, stage, category, priority)).toEqual(expected);
  });
});

describe('override precedence: category+priority > category > priority > stage default', () => {
  const byCategoryAndPriority = {
    stage: 'in_progress',
    category: 'drainase',
    priority: 'high',
    target: { workingDays: 1 },
  } as const;
  const byCategory = { stage: 'in_progress', category: 'drainase', target: { workingDays: 2 } } as const;
  const byPriority = { stage: 'in_progress', priority: 'high', target: { workingDays: 3 } } as const;
  const stages = { received: { workingDays: 10 }, verified: { workingDays: 10 }, in_progress: { workingDays: 10 } };

  // The list order must not matter: the same answers whichever way round the overrides are written.
  const orders: Array<[string, SlaPolicy]> = [
    ['most specific first', { stages, overrides: [byCategoryAndPriority, byCategory, byPriority] }],
    ['least specific first', { stages, overrides: [byPriority, byCategory, byCategoryAndPriority] }],
  ];

  for (const [name, policy] of orders) {
    it(`picks the most specific match (${name})`, () => {
      expect(stageTarget(policy, 'in_progress', 'drainase', 'high')).toEqual({ workingDays: 1 });
      expect(stageTarget(policy, 'in_progress', 'drainase', 'normal')).toEqual({ workingDays: 2 });
      expect(stageTarget(policy, 'in_progress', 'banjir', 'high')).toEqual({ workingDays: 3 });
      expect(stageTarget(policy, 'in_progress', 'banjir', 'normal')).toEqual({ workingDays: 10 });
      // overrides never leak into another stage
      expect(stageTarget(policy, 'verified', 'drainase', 'high')).toEqual({ workingDays: 10 });
    });
  }
});

describe('dueAtFor with the Serang defaults and calendar', () => {
  it('received, normal: 2 working days across the Idul Fitri 2026 run', () => {
    // Tue 17 Mar 2026 10:00 WIB (03:00Z); Wed 18 – Tue 24 Mar off (Nyepi, Idul Fitri, joint leave, weekend)
    // D1 = Wed 25, D2 = Thu 26 → Thu 26 Mar 10:00 WIB = 03:00Z
    const due = dueAtFor(serangSla, SERANG, 'received', 'jalan-rusak', 'normal', at('2026-03-17T03:00:00Z'));
    expect(due.toISOString()).toBe('2026-03-26T03:00:00.000Z');
  });

  it('received, urgent: 4 working hours across the same run', () => {
    // Tue 17 Mar 15:00 WIB (08:00Z): 1 h to 16:00; then Wed 25 Mar 07:30 + 3 h = 10:30 WIB = 03:30Z
    const due = dueAtFor(serangSla, SERANG, 'received', 'banjir', 'urgent', at('2026-03-17T08:00:00Z'));
    expect(due.toISOString()).toBe('2026-03-25T03:30:00.000Z');
  });

  it('verified, urgent: 1 working day from Friday 16:15 ends at Monday close', () => {
    // Fri 6 Mar 16:15 WIB (09:15Z) → Mon 9 Mar 16:15, clamped to Monday's 16:00 close = 09:00Z
    const due = dueAtFor(serangSla, SERANG, 'verified', 'drainase', 'urgent', at('2026-03-06T09:15:00Z'));
    expect(due.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('in progress, road: 14 full working days from an opening-time start', () => {
    // Mon 9 Mar 07:30 WIB (00:30Z) is a period start, so the deadline is the close of D13 (D0 = Mon 9 counts):
    // D1 Tue 10, D2 Wed 11, D3 Thu 12, D4 Fri 13, D5 Mon 16, D6 Tue 17, (18–24 off), D7 Wed 25, D8 Thu 26,
    // D9 Fri 27, D10 Mon 30, D11 Tue 31, D12 Wed 1 Apr, D13 Thu 2 Apr → Thu 2 Apr 16:00 WIB = 09:00Z
    // (D14 would be Mon 6 Apr: Fri 3 Apr is Good Friday.)
    const due = dueAtFor(serangSla, SERANG, 'in_progress', 'jalan-rusak', 'normal', at('2026-03-09T00:30:00Z'));
    expect(due.toISOString()).toBe('2026-04-02T09:00:00.000Z');
  });

  it('in progress, bridge: 30 working days', () => {
    // Mon 2 Mar 09:00 WIB (02:00Z). Working days after Mon 2: Mar 3–6 (4), 9–13 (9), 16–17 (11), 18–24 off,
    // 25–27 (14), 30–31 (16), Apr 1–2 (18), Apr 3 Good Friday, Apr 6–10 (23), 13–17 (28), 20–21 (30)
    // → Tue 21 Apr 09:00 WIB = 02:00Z
    const due = dueAtFor(serangSla, SERANG, 'in_progress', 'jembatan', 'normal', at('2026-03-02T02:00:00Z'));
    expect(due.toISOString()).toBe('2026-04-21T02:00:00.000Z');
  });

  it('in progress, street light: 5 working days across Christmas and the year end', () => {
    // Wed 23 Dec 2026 10:00 WIB (03:00Z); Thu 24 joint leave, Fri 25 Christmas, weekend;
    // D1 Mon 28, D2 Tue 29, D3 Wed 30, D4 Thu 31, Fri 1 Jan 2027 New Year, weekend, D5 Mon 4 Jan → 10:00 WIB = 03:00Z
    const due = dueAtFor(serangSla, SERANG, 'in_progress', 'lampu-jalan', 'low', at('2026-12-23T03:00:00Z'));
    expect(due.toISOString()).toBe('2027-01-04T03:00:00.000Z');
  });
});

describe('configuration schemas', () => {
  it('accept the Serang defaults unchanged', () => {
    expect(slaPolicySchema.parse(serangSla)).toEqual(serangSla);
    expect(workingCalendarSchema.parse(SERANG)).toEqual(SERANG);
  });

  it('accept calendars as they come from JSON: one range, or string weekday keys; "24:00" as end', () => {
    const json = JSON.parse(JSON.stringify(SERANG)) as unknown;
    expect(workingCalendarSchema.safeParse(json).success).toBe(true);
    const single = {
      timeZone: 'Europe/Amsterdam',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: { start: '00:00', end: '24:00' },
      holidays: [],
    };
    expect(workingCalendarSchema.safeParse(single).success).toBe(true);
  });

  it('reject broken calendars', () => {
    const bad = (patch: Record<string, unknown>) => workingCalendarSchema.safeParse({ ...SERANG, ...patch }).success;
    expect(bad({ timeZone: 'Asia/Jakartaa' })).toBe(false);
    expect(bad({ workingHours: { start: '7:30', end: '16:00' } })).toBe(false);
    expect(bad({ workingHours: { start: '16:00', end: '07:30' } })).toBe(false);
    expect(bad({ workingHours: { start: '07:30', end: '24:30' } })).toBe(false);
    expect(bad({ workingHours: { '1': { start: '07:30', end: '16:00' } } })).toBe(false); // Tue–Fri have no hours
    expect(bad({ workingDays: [0, 1] })).toBe(false);
    expect(bad({ workingDays: [1, 1] })).toBe(false);
    expect(bad({ holidays: ['2026-3-1'] })).toBe(false);
    expect(bad({ holidays: ['2026-02-30'] })).toBe(false);
  });

  it('reject ambiguous or meaningless durations', () => {
    expect(workingDurationSchema.safeParse({ workingHours: 4, workingDays: 1 }).success).toBe(false);
    expect(workingDurationSchema.safeParse({ workingDays: 1.5 }).success).toBe(false);
    expect(workingDurationSchema.safeParse({ workingHours: 0 }).success).toBe(false);
    expect(workingDurationSchema.safeParse({ workingHours: 0.5 }).success).toBe(true);
  });

  it('reject duplicate overrides and overrides that name neither category nor priority', () => {
    const policy = (overrides: unknown[]) => slaPolicySchema.safeParse({ ...serangSla, overrides }).success;
    const o = { stage: 'in_progress', category: 'jembatan', target: { workingDays: 30 } };
    expect(policy([o])).toBe(true);
    expect(policy([o, { ...o, target: { workingDays: 20 } }])).toBe(false);
    expect(policy([{ stage: 'in_progress', target: { workingDays: 30 } }])).toBe(false);
    expect(policy([{ ...o, stage: 'resolved' }])).toBe(false);
    expect(policy([{ ...o, priority: 'critical' }])).toBe(false);
  });
});
