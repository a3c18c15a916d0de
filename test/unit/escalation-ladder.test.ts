/** The escalation ladder, lateness in working time, and the run's movable clock: pure rules. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { clockFromEnv, offsetClock, parseOffset } from '../../shared/escalation/clock';
import { latenessOf, MAX_COUNTED_DAYS, nextStep, recipientFor, recipientKey } from '../../shared/escalation/ladder';

const wib = (local: string) => new Date(`${local}+07:00`);
const { ladder, unassignedUnit } = jurisdiction.escalation;
const calendar = jurisdiction.workingCalendar;

describe('the configured ladder', () => {
  it('is head of unit, head of department, regional secretary', () => {
    expect(ladder.map((r) => [r.level, r.recipient, r.perUnit])).toEqual([
      [1, 'unit-head', true],
      [2, 'department-head', false],
      [3, 'regional-secretary', false],
    ]);
    expect(unassignedUnit).toBe('verifikasi');
  });
});

describe('nextStep', () => {
  const now = wib('2026-11-25T10:00'); // Wednesday

  it('climbs one level at a time, each with its own working-time step', () => {
    const one = nextStep(0, 'normal', ladder, calendar, now);
    expect(one).toMatchObject({ level: 1, repeat: false, rung: { recipient: 'unit-head' } });
    expect(one.dueAt).toEqual(wib('2026-11-26T10:00')); // + 1 working day
    const two = nextStep(1, 'normal', ladder, calendar, now);
    expect(two).toMatchObject({ level: 2, repeat: false, rung: { recipient: 'department-head' } });
    expect(two.dueAt).toEqual(wib('2026-11-27T10:00')); // + 2 working days
    const three = nextStep(2, 'normal', ladder, calendar, now);
    expect(three).toMatchObject({ level: 3, repeat: false, rung: { recipient: 'regional-secretary' } });
    expect(three.dueAt).toEqual(wib('2026-11-30T10:00')); // + 3 working days, over the weekend
  });

  it('stays at the top and reminds the top rung every top period', () => {
    const again = nextStep(3, 'normal', ladder, calendar, now);
    expect(again).toMatchObject({ level: 3, repeat: true, rung: { recipient: 'regional-secretary' } });
    expect(again.dueAt).toEqual(wib('2026-11-30T10:00'));
    // a level beyond a shortened ladder is treated as the top
    expect(nextStep(7, 'normal', ladder, calendar, now)).toMatchObject({ level: 3, repeat: true });
  });

  it('takes the priority figure where the rung has one (urgent: hours, not days)', () => {
    expect(nextStep(0, 'urgent', ladder, calendar, now).dueAt).toEqual(wib('2026-11-25T14:00'));
    expect(nextStep(2, 'urgent', ladder, calendar, now).dueAt).toEqual(wib('2026-11-26T10:00'));
    expect(nextStep(0, 'high', ladder, calendar, now).dueAt).toEqual(wib('2026-11-26T10:00'));
  });

  it('counts from the run clock, in working time: a Saturday run gives the Monday', () => {
    expect(nextStep(0, 'normal', ladder, calendar, wib('2026-11-28T04:00')).dueAt).toEqual(wib('2026-11-30T16:00'));
    // Christmas: 24 and 25 December off
    expect(nextStep(0, 'normal', ladder, calendar, wib('2026-12-23T11:00')).dueAt).toEqual(wib('2026-12-28T11:00'));
  });

  it('needs at least one rung', () => {
    expect(() => nextStep(0, 'normal', [], calendar, now)).toThrow(/no rungs/);
  });
});

describe('recipients', () => {
  const [unitHead, head] = [ladder[0]!, ladder[1]!];
  it('per unit at level 1, the triage desk for reports without a unit; one for all above', () => {
    expect(recipientFor(unitHead, 'bina-marga', unassignedUnit)).toEqual({ level: 1, recipient: 'unit-head', unit: 'bina-marga' });
    expect(recipientFor(unitHead, undefined, unassignedUnit)).toEqual({ level: 1, recipient: 'unit-head', unit: 'verifikasi' });
    expect(recipientFor(head, 'bina-marga', unassignedUnit)).toEqual({ level: 2, recipient: 'department-head' });
    expect(recipientKey(recipientFor(unitHead, 'bina-marga', unassignedUnit))).not.toBe(
      recipientKey(recipientFor(unitHead, 'sumber-daya-air', unassignedUnit)),
    );
  });
});

describe('latenessOf', () => {
  it('counts working hours before the first whole working day, then working days', () => {
    const due = wib('2026-11-27T16:30'); // Friday close
    expect(latenessOf(due, wib('2026-11-28T12:00'), calendar)).toEqual({ workingMs: 0, workingDays: 0 });
    expect(latenessOf(due, wib('2026-11-30T10:30'), calendar)).toEqual({ workingMs: 3 * 3_600_000, workingDays: 0 });
    expect(latenessOf(due, wib('2026-11-30T16:00'), calendar).workingDays).toBe(1);
    expect(latenessOf(due, wib('2026-12-02T09:00'), calendar).workingDays).toBe(2);
  });
  it('skips holidays and stops counting at a bound', () => {
    expect(latenessOf(wib('2026-12-23T16:00'), wib('2026-12-28T16:00'), calendar).workingDays).toBe(1);
    expect(latenessOf(wib('2026-01-05T10:00'), wib('2027-12-31T10:00'), calendar).workingDays).toBe(MAX_COUNTED_DAYS);
  });
});

describe('the run clock', () => {
  it.each([
    ['3d', 3 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['90m', 90 * 60_000],
    ['1d12h', 36 * 3_600_000],
    ['-2h', -2 * 3_600_000],
    ['1w', 7 * 86_400_000],
    ['250', 250],
    ['1.5h', 5_400_000],
  ])('%s', (text, ms) => {
    expect(parseOffset(text)).toBe(ms);
  });
  it.each(['3 days', 'd', '', '3x'])('refuses %j', (text) => {
    expect(() => parseOffset(text)).toThrow(/Invalid clock offset/);
  });
  it('moves now by the offset from the environment', () => {
    const base = () => Date.parse('2026-11-27T00:00:00Z');
    expect(offsetClock(86_400_000, base)().toISOString()).toBe('2026-11-28T00:00:00.000Z');
    const moved = clockFromEnv({ CLOCK_OFFSET_MS: '2d' })().getTime() - Date.now();
    expect(Math.abs(moved - 2 * 86_400_000)).toBeLessThan(1_000);
    expect(Math.abs(clockFromEnv({})().getTime() - Date.now())).toBeLessThan(1_000);
    expect(() => clockFromEnv({ CLOCK_OFFSET_MS: 'soon' })).toThrow(/CLOCK_OFFSET_MS/);
  });
});
