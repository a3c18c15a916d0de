/** The statistics answer from aggregate cells, and its query. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { toProblemError } from '../../shared/http/error-table';
import type { DomainError } from '../../shared/domain/errors';
import { buildStatsAnswer } from '../../shared/stats/answer';
import { contributionOf, type StatsState } from '../../shared/stats/change';
import { parseStatsQuery } from '../../shared/stats/query';
import { addToRecount, newRecount } from '../../shared/stats/rebuild';

const settings = { calendar: jurisdiction.workingCalendar, timeZone: jurisdiction.timeZone };

/** Three reports in two kecamatan, one verified and started, one rejected, one waiting. */
function recount() {
  const r = newRecount();
  const add = (before: StatsState | undefined, after: StatsState, at: string) => {
    const c = contributionOf(before, after, at, settings);
    if (c) addToRecount(r, c);
  };
  const a: StatsState = { status: 'received', district: 'anyar', category: 'jalan-rusak', createdAt: '2026-03-02T01:00:00.000Z', escalationLevel: 0 };
  const av: StatsState = { ...a, status: 'verified', unit: 'bina-marga', verifiedAt: '2026-03-02T05:00:00.000Z' };
  add(undefined, a, a.createdAt);
  add(a, av, av.verifiedAt!);
  add(av, { ...av, status: 'in_progress' }, '2026-04-01T02:00:00.000Z');
  const b: StatsState = { status: 'received', district: 'kopo', category: 'drainase', createdAt: '2026-03-10T01:00:00.000Z', escalationLevel: 0 };
  add(undefined, b, b.createdAt);
  add(b, { ...b, status: 'rejected' }, '2026-03-11T01:00:00.000Z');
  const c: StatsState = { status: 'received', district: 'kopo', category: 'jalan-rusak', createdAt: '2026-04-03T01:00:00.000Z', escalationLevel: 0 };
  add(undefined, c, c.createdAt);
  return r;
}

function answer(source: 'rollups' | 'cells', filter: { district?: string; category?: string } = {}) {
  const r = recount();
  const months = ['2026-03', '2026-04'].map((month) => ({
    month,
    items: [...(r.months.get(`STATS#${month}`) ?? new Map())]
      .filter(([sk]) => (source === 'rollups' ? sk.startsWith('A') : sk.startsWith('B#')))
      .map(([sk, cell]) => ({ sk, cell })),
  }));
  const gauges = [...r.gauges].filter(([sk]) => (source === 'rollups' ? sk.startsWith('A') : sk.startsWith('B#'))).map(([sk, g]) => ({ sk, gauges: g }));
  return buildStatsAnswer({ from: '2026-03', to: '2026-04', filter, months, gauges, jurisdiction, lang: 'en' });
}

describe('statistics answer', () => {
  it('adds up the same from the rollups as from the combination cells', () => {
    expect(answer('cells')).toEqual(answer('rollups'));
  });

  it('gives totals, breakdowns, durations and a monthly series', () => {
    const a = answer('rollups');
    expect(a.totals).toMatchObject({ received: 3, verified: 1, started: 1, rejected: 1, openNow: 2, overdueNow: 0 });
    expect(a.monthly.map((m) => [m.month, m.totals.received])).toEqual([
      ['2026-03', 2],
      ['2026-04', 1],
    ]);
    expect(a.byDistrict.map((d) => [d.district.code, d.totals.received, d.totals.openNow])).toEqual([
      ['anyar', 1, 1],
      ['kopo', 2, 1],
    ]);
    expect(a.byUnit).toEqual([expect.objectContaining({ unit: { code: 'bina-marga', name: expect.any(String) } })]);
    // verified four hours after a Monday 08:00 report: 4 working hours, 4/24 of a calendar day, within 5 %
    expect(a.durations.toVerify.medianHours! / 4).toBeCloseTo(1, 1);
    expect(a.durations.toVerify.medianDays! / (4 / 24)).toBeCloseTo(1, 1);
    expect(a.onTime.received).toEqual({ done: 2, onTime: 2, share: 1 });
    expect(a.shares.citizenConfirmed).toBeNull();
  });

  it('filters by kecamatan and category', () => {
    const kopo = answer('cells', { district: 'kopo' });
    expect(kopo.totals).toMatchObject({ received: 2, rejected: 1, openNow: 1 });
    expect(answer('cells', { district: 'kopo', category: 'drainase' }).totals).toMatchObject({ received: 1, openNow: 0 });
  });
});

describe('statistics query', () => {
  const now = new Date('2026-03-15T00:00:00Z');
  it('defaults to the last 12 months including this one', () => {
    expect(parseStatsQuery({}, 'id', now, jurisdiction)).toMatchObject({ from: '2025-04', to: '2026-03' });
    expect(parseStatsQuery({}, 'id', now, jurisdiction).months).toHaveLength(12);
  });

  it('counts months up to the last year four digits can write', () => {
    expect(parseStatsQuery({ from: '9999-11', to: '9999-12' }, 'en', now, jurisdiction).months).toEqual(['9999-11', '9999-12']);
    expect(parseStatsQuery({ from: '2025-11', to: '2026-02' }, 'en', now, jurisdiction).months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('names every bad field in the caller\'s language', () => {
    const refuse = (q: Record<string, string>, lang: 'id' | 'en') => {
      try {
        parseStatsQuery(q, lang, now, jurisdiction);
      } catch (err) {
        return toProblemError(err as DomainError).extra.errors;
      }
      throw new Error('accepted');
    };
    expect(refuse({ from: '2026-1', category: 'nope', x: '1' }, 'en')).toEqual([
      { field: 'query.x', message: 'Unknown parameter.' },
      { field: 'query.from', message: 'A month must be YYYY-MM, for example 2026-03.' },
      { field: 'query.category', message: 'Unknown category (see GET /v1/categories).' },
    ]);
    expect(refuse({ from: '2020-01', to: '2026-01' }, 'id')).toEqual([{ field: 'query.from', message: 'Rentang paling banyak 36 bulan.' }]);
  });
});
