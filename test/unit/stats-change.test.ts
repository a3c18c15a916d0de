/** What one change of a report adds to the statistics. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { workingTimeBetween } from '../../shared/domain/working-calendar';
import { contributionOf, type StatsState } from '../../shared/stats/change';
import { citizenAnswerOf } from '../../shared/stats/citizen-answers';

const settings = { calendar: jurisdiction.workingCalendar, timeZone: jurisdiction.timeZone };
// Monday 2 March 2026, 08:00 in Jakarta
const created: StatsState = { status: 'received', district: 'anyar', category: 'jalan-rusak', createdAt: '2026-03-02T01:00:00.000Z', escalationLevel: 0 };

describe('contribution of a change', () => {
  it('a new report: received, one more open, in the month of its creation (jurisdiction time)', () => {
    const c = contributionOf(undefined, { ...created, createdAt: '2026-02-28T18:00:00.000Z' }, '2026-02-28T18:00:00.000Z', settings)!;
    expect(c.month).toBe('2026-03');
    expect(c.counters).toEqual({ received: 1 });
    expect([...c.gauges.values()].map((g) => g.delta)).toEqual([{ open: 1, overdue: 0 }]);
  });

  it('verification: counted, the received stage done on time, duration in working and calendar time', () => {
    const after = { ...created, status: 'verified' as const, unit: 'bina-marga', verifiedAt: '2026-03-03T01:00:00.000Z' };
    const c = contributionOf(created, after, after.verifiedAt, settings)!;
    expect(c.counters).toEqual({ verified: 1, doneReceived: 1, onTimeReceived: 1 });
    const working = c.durations[0]!.workingMinutes;
    expect(c.durations[0]).toMatchObject({ metric: 'toVerify', calendarMinutes: 24 * 60 });
    // Monday 08:00 to Tuesday 08:00: the working hours of one day, not 24 hours
    expect(working).toBe(workingTimeBetween(new Date(created.createdAt), new Date(after.verifiedAt), jurisdiction.workingCalendar) / 60_000);
    expect(working).toBeGreaterThan(6 * 60);
    expect(working).toBeLessThan(10 * 60);
    // the gauge moves from the unit-less cell to the unit's cell
    expect([...c.gauges.values()].map((g) => [g.dims.unit, g.delta.open])).toEqual([
      [undefined, -1],
      ['bina-marga', 1],
    ]);
  });

  it('a stage left after escalation is not on time; escalation itself counts once and makes the report overdue', () => {
    const verified: StatsState = { ...created, status: 'verified', unit: 'bina-marga', verifiedAt: '2026-03-03T01:00:00.000Z' };
    const escalated = { ...verified, escalationLevel: 1 };
    const esc = contributionOf(verified, escalated, '2026-03-10T01:00:00.000Z', settings)!;
    expect(esc.counters).toEqual({ escalated: 1 });
    expect([...esc.gauges.values()].map((g) => g.delta)).toEqual([{ open: 0, overdue: 1 }]);
    expect(contributionOf(escalated, { ...escalated, escalationLevel: 2 }, '2026-03-12T01:00:00.000Z', settings)).toBeUndefined();

    const started = contributionOf(escalated, { ...escalated, status: 'in_progress', escalationLevel: 0 }, '2026-03-11T01:00:00.000Z', settings)!;
    expect(started.counters).toEqual({ started: 1, doneVerified: 1 });
    expect([...started.gauges.values()].map((g) => g.delta)).toEqual([{ open: 0, overdue: -1 }]);
  });

  it('a reopening counts as reopened, not as work started', () => {
    const resolved: StatsState = { ...created, status: 'resolved', unit: 'bina-marga', verifiedAt: '2026-03-03T01:00:00.000Z' };
    const c = contributionOf(resolved, { ...resolved, status: 'in_progress' }, '2026-03-20T01:00:00.000Z', settings)!;
    expect(c.counters).toEqual({ reopened: 1 });
    expect(c.durations).toEqual([]);
  });

  it('a write that changes nothing counted adds nothing', () => {
    expect(contributionOf(created, { ...created }, '2026-03-02T02:00:00.000Z', settings)).toBeUndefined();
  });

  it('knows the citizen answer events (the SMS answer-back writes them as feedback)', () => {
    expect(citizenAnswerOf({ type: 'feedback', data: { answer: 'confirmed' } })).toBe('confirmed');
    expect(citizenAnswerOf({ type: 'feedback', data: { answer: 'rejected' } })).toBe('rejected');
    expect(citizenAnswerOf({ type: 'feedback', data: {} })).toBeUndefined();
    expect(citizenAnswerOf({ type: 'note' })).toBeUndefined();
  });
});
