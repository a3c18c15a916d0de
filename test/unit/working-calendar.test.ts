import { describe, expect, it } from 'vitest';
import holidayFile from '../../config/holidays/id-2026-2027.json';
import {
  addWorkingTime,
  isWorkingTime,
  nextWorkingStart,
  workingTimeBetween,
  type WorkingCalendar,
} from '../../shared/domain/working-calendar';

// Serang civil-service week, spelled out here so that every hand derivation below reads off this one object.
// WIB = UTC+7 all year: 07:30 WIB = 00:30Z, 16:00 WIB = 09:00Z, 16:30 WIB = 09:30Z.
// Holidays: the national list. Only 2026 (the official SKB) and 1 Jan 2027 (fixed) are relied on.
const SERANG: WorkingCalendar = {
  timeZone: 'Asia/Jakarta',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: {
    '1': { start: '07:30', end: '16:00' },
    '2': { start: '07:30', end: '16:00' },
    '3': { start: '07:30', end: '16:00' },
    '4': { start: '07:30', end: '16:00' },
    '5': { start: '07:30', end: '16:30' },
  },
  holidays: holidayFile.days.map((d) => d.date),
};

// Central European time: CET (UTC+1) until Sun 29 Mar 2026 02:00, then CEST (UTC+2); back to CET on Sun 25 Oct.
const AMSTERDAM: WorkingCalendar = {
  timeZone: 'Europe/Amsterdam',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:00' },
  holidays: [],
};

// Every day, all day: makes the real length of DST-change days visible.
const AMSTERDAM_ROUND_THE_CLOCK: WorkingCalendar = {
  timeZone: 'Europe/Amsterdam',
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  workingHours: { start: '00:00', end: '24:00' },
  holidays: [],
};

const at = (iso: string) => new Date(iso);
const hours = (h: number) => h * 3_600_000;
const iso = (d: Date) => d.toISOString();

// March 2026: Sun 1, Mon 2, Thu 5, Fri 6, Mon 9, Tue 10, Wed 11, Thu 12, Fri 13, Sat 14, Mon 16, Tue 17,
// Wed 18 (joint leave, Nyepi), Thu 19 (Nyepi), Fri 20 (joint leave, Idul Fitri), Sat 21 + Sun 22 (Idul Fitri),
// Mon 23 + Tue 24 (joint leave, Idul Fitri), Wed 25, Thu 26.

describe('holiday data file', () => {
  it('is well formed: valid, unique, sorted dates of a known kind, marked as data to keep current', () => {
    expect(holidayFile.note).toMatch(/keep current/);
    const dates = holidayFile.days.map((d) => d.date);
    for (const day of holidayFile.days) {
      expect(day.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${day.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(day.date);
      expect(['holiday', 'joint-leave']).toContain(day.kind);
      expect(day.name.length).toBeGreaterThan(0);
    }
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });

  it('holds the 2026 SKB: 17 national holidays and 8 joint leave days', () => {
    const in2026 = holidayFile.days.filter((d) => d.date.startsWith('2026-'));
    expect(in2026.filter((d) => d.kind === 'holiday')).toHaveLength(17);
    expect(in2026.filter((d) => d.kind === 'joint-leave').map((d) => d.date)).toEqual([
      '2026-02-16',
      '2026-03-18',
      '2026-03-20',
      '2026-03-23',
      '2026-03-24',
      '2026-05-15',
      '2026-05-28',
      '2026-12-24',
    ]);
  });
});

describe('isWorkingTime', () => {
  it('treats the working period as [start, end): opening inside, closing outside', () => {
    expect(isWorkingTime(at('2026-03-10T00:29:59.999Z'), SERANG)).toBe(false); // Tue 07:29:59.999 WIB
    expect(isWorkingTime(at('2026-03-10T00:30:00.000Z'), SERANG)).toBe(true); // Tue 07:30 WIB
    expect(isWorkingTime(at('2026-03-10T08:59:59.999Z'), SERANG)).toBe(true); // Tue 15:59:59.999 WIB
    expect(isWorkingTime(at('2026-03-10T09:00:00.000Z'), SERANG)).toBe(false); // Tue 16:00 WIB
  });

  it('gives Friday its longer hours', () => {
    expect(isWorkingTime(at('2026-03-06T09:15:00.000Z'), SERANG)).toBe(true); // Fri 16:15 WIB
    expect(isWorkingTime(at('2026-03-05T09:15:00.000Z'), SERANG)).toBe(false); // Thu 16:15 WIB
    expect(isWorkingTime(at('2026-03-06T09:30:00.000Z'), SERANG)).toBe(false); // Fri 16:30 WIB
  });

  it('is false on weekends, national holidays and joint leave days', () => {
    expect(isWorkingTime(at('2026-03-14T03:00:00.000Z'), SERANG)).toBe(false); // Sat 10:00 WIB
    expect(isWorkingTime(at('2026-03-15T03:00:00.000Z'), SERANG)).toBe(false); // Sun 10:00 WIB
    for (const day of ['18', '19', '20', '23', '24']) {
      expect(isWorkingTime(at(`2026-03-${day}T03:00:00.000Z`), SERANG)).toBe(false); // 10:00 WIB, Idul Fitri run
    }
    expect(isWorkingTime(at('2026-03-25T03:00:00.000Z'), SERANG)).toBe(true); // Wed 25 Mar 10:00 WIB
  });
});

describe('nextWorkingStart', () => {
  it('returns the instant itself inside working hours', () => {
    expect(iso(nextWorkingStart(at('2026-03-10T03:00:00.000Z'), SERANG))).toBe('2026-03-10T03:00:00.000Z');
    expect(iso(nextWorkingStart(at('2026-03-06T09:15:00.000Z'), SERANG))).toBe('2026-03-06T09:15:00.000Z');
  });

  it('moves a start before hours to the same day opening, using the local date', () => {
    // Tue 10 Mar 06:00 WIB is still Mon 9 Mar in UTC (23:00Z) → Tue 07:30 WIB = 00:30Z on the 10th
    expect(iso(nextWorkingStart(at('2026-03-09T23:00:00.000Z'), SERANG))).toBe('2026-03-10T00:30:00.000Z');
  });

  it('moves a start at or after closing to the next working day', () => {
    // Tue 16:00 WIB → Wed 11 Mar 07:30 WIB = 00:30Z
    expect(iso(nextWorkingStart(at('2026-03-10T09:00:00.000Z'), SERANG))).toBe('2026-03-11T00:30:00.000Z');
    // Fri 16:30 WIB → (Sat, Sun) → Mon 9 Mar 07:30 WIB = 00:30Z
    expect(iso(nextWorkingStart(at('2026-03-06T09:30:00.000Z'), SERANG))).toBe('2026-03-09T00:30:00.000Z');
    // Tue 17 Mar 16:00 WIB → Wed 18 … Tue 24 are all off → Wed 25 Mar 07:30 WIB = 00:30Z
    expect(iso(nextWorkingStart(at('2026-03-17T09:00:00.000Z'), SERANG))).toBe('2026-03-25T00:30:00.000Z');
    // Fri 1 Jan 2027 00:30 WIB (New Year) → Sat, Sun → Mon 4 Jan 07:30 WIB = 00:30Z
    expect(iso(nextWorkingStart(at('2026-12-31T17:30:00.000Z'), SERANG))).toBe('2027-01-04T00:30:00.000Z');
  });
});

describe('addWorkingTime in working hours', () => {
  it('starts the clock at opening for a start before hours', () => {
    // Tue 06:00 WIB (Mon 23:00Z) → clock from Tue 07:30; + 4 h = 11:30 WIB = 04:30Z
    expect(iso(addWorkingTime(at('2026-03-09T23:00:00.000Z'), { workingHours: 4 }, SERANG))).toBe(
      '2026-03-10T04:30:00.000Z',
    );
  });

  it('counts straight on inside hours', () => {
    // Tue 10:00 WIB + 4 h = 14:00 WIB = 07:00Z
    expect(iso(addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingHours: 4 }, SERANG))).toBe(
      '2026-03-10T07:00:00.000Z',
    );
    // Tue 10:00 + 20 h: Tue 10:00–16:00 (6 h), Wed 8.5 h (14.5 h), Thu 07:30 + 5.5 h = 13:00 WIB = 06:00Z
    expect(iso(addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingHours: 20 }, SERANG))).toBe(
      '2026-03-12T06:00:00.000Z',
    );
    // Tue 15:45 WIB + 0.5 h: 15 min Tue, 15 min Wed → Wed 07:45 WIB = 00:45Z
    expect(iso(addWorkingTime(at('2026-03-10T08:45:00.000Z'), { workingHours: 0.5 }, SERANG))).toBe(
      '2026-03-11T00:45:00.000Z',
    );
  });

  it('starts the clock next working morning for a start after hours', () => {
    // Tue 17:00 WIB (10:00Z) → Wed 07:30; + 4 h = 11:30 WIB = 04:30Z
    expect(iso(addWorkingTime(at('2026-03-10T10:00:00.000Z'), { workingHours: 4 }, SERANG))).toBe(
      '2026-03-11T04:30:00.000Z',
    );
  });

  it('handles the exact boundaries', () => {
    // Tue 07:30 WIB + 8.5 h uses the whole day: due at Tue 16:00 WIB = 09:00Z, not Wed 07:30
    expect(iso(addWorkingTime(at('2026-03-10T00:30:00.000Z'), { workingHours: 8.5 }, SERANG))).toBe(
      '2026-03-10T09:00:00.000Z',
    );
    // Tue 16:00 WIB is already closed → Wed 07:30 + 1 h = 08:30 WIB = 01:30Z
    expect(iso(addWorkingTime(at('2026-03-10T09:00:00.000Z'), { workingHours: 1 }, SERANG))).toBe(
      '2026-03-11T01:30:00.000Z',
    );
  });

  it('skips weekends', () => {
    // Sat 14 Mar 10:00 WIB → Mon 16 Mar 07:30 + 2 h = 09:30 WIB = 02:30Z
    expect(iso(addWorkingTime(at('2026-03-14T03:00:00.000Z'), { workingHours: 2 }, SERANG))).toBe(
      '2026-03-16T02:30:00.000Z',
    );
    // Fri 13 Mar 16:00 WIB + 1 h: 0.5 h Fri (to 16:30), Mon 07:30 + 0.5 h = 08:00 WIB = 01:00Z
    expect(iso(addWorkingTime(at('2026-03-13T09:00:00.000Z'), { workingHours: 1 }, SERANG))).toBe(
      '2026-03-16T01:00:00.000Z',
    );
  });

  it("uses Friday's later closing", () => {
    // Fri 6 Mar 15:00 WIB + 2 h: 1.5 h Fri (to 16:30), Mon 9 Mar 07:30 + 0.5 h = 08:00 WIB = 01:00Z
    expect(iso(addWorkingTime(at('2026-03-06T08:00:00.000Z'), { workingHours: 2 }, SERANG))).toBe(
      '2026-03-09T01:00:00.000Z',
    );
    // Thu 5 Mar 15:00 WIB + 2 h: 1 h Thu (to 16:00), Fri 07:30 + 1 h = 08:30 WIB = 01:30Z
    expect(iso(addWorkingTime(at('2026-03-05T08:00:00.000Z'), { workingHours: 2 }, SERANG))).toBe(
      '2026-03-06T01:30:00.000Z',
    );
    // Fri 16:00 WIB + 0.5 h = Fri 16:30 WIB = 09:30Z (Friday's closing, not Monday)
    expect(iso(addWorkingTime(at('2026-03-06T09:00:00.000Z'), { workingHours: 0.5 }, SERANG))).toBe(
      '2026-03-06T09:30:00.000Z',
    );
  });

  it('skips the Idul Fitri 2026 run of holidays and joint leave', () => {
    // Tue 17 Mar 15:00 WIB + 4 h: 1 h Tue; Wed 18 … Tue 24 off; Wed 25 07:30 + 3 h = 10:30 WIB = 03:30Z
    expect(iso(addWorkingTime(at('2026-03-17T08:00:00.000Z'), { workingHours: 4 }, SERANG))).toBe(
      '2026-03-25T03:30:00.000Z',
    );
  });

  it('crosses the year end', () => {
    // Thu 31 Dec 2026 14:00 WIB + 4 h: 2 h Thu; Fri 1 Jan holiday, weekend; Mon 4 Jan 07:30 + 2 h = 09:30 WIB = 02:30Z
    expect(iso(addWorkingTime(at('2026-12-31T07:00:00.000Z'), { workingHours: 4 }, SERANG))).toBe(
      '2027-01-04T02:30:00.000Z',
    );
  });

  it('returns the start itself for a zero duration and rejects negative ones', () => {
    expect(iso(addWorkingTime(at('2026-03-14T03:00:00.000Z'), { workingHours: 0 }, SERANG))).toBe(
      '2026-03-14T03:00:00.000Z',
    );
    expect(() => addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingHours: -1 }, SERANG)).toThrow();
    expect(() => addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingHours: Number.NaN }, SERANG)).toThrow();
  });
});

describe('addWorkingTime in working days', () => {
  it('keeps the local time of day for a start inside hours', () => {
    // Tue 10 Mar 10:00 WIB + 2 working days → Thu 12 Mar 10:00 WIB = 03:00Z
    expect(iso(addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingDays: 2 }, SERANG))).toBe(
      '2026-03-12T03:00:00.000Z',
    );
  });

  it('ends at the close of the Nth working day for a start outside hours or at opening', () => {
    // Tue 06:00 WIB → clock from Tue 07:30 → 1 full day = Tue itself → Tue 16:00 WIB = 09:00Z
    expect(iso(addWorkingTime(at('2026-03-09T23:00:00.000Z'), { workingDays: 1 }, SERANG))).toBe(
      '2026-03-10T09:00:00.000Z',
    );
    // Tue 07:30 WIB exactly: the same, Tue 16:00 WIB (not Wed 07:30, the same point in working time)
    expect(iso(addWorkingTime(at('2026-03-10T00:30:00.000Z'), { workingDays: 1 }, SERANG))).toBe(
      '2026-03-10T09:00:00.000Z',
    );
    // Mon 9 Mar 17:00 WIB → clock from Tue 07:30 → Tue 16:00 WIB = 09:00Z
    expect(iso(addWorkingTime(at('2026-03-09T10:00:00.000Z'), { workingDays: 1 }, SERANG))).toBe(
      '2026-03-10T09:00:00.000Z',
    );
    // Tue 16:00 WIB exactly (closed) → clock from Wed 07:30 → Wed 16:00 WIB = 09:00Z
    expect(iso(addWorkingTime(at('2026-03-10T09:00:00.000Z'), { workingDays: 1 }, SERANG))).toBe(
      '2026-03-11T09:00:00.000Z',
    );
    // Sat 14 Mar → clock from Mon 16 Mar 07:30 → Mon 16:00 WIB = 09:00Z
    expect(iso(addWorkingTime(at('2026-03-14T03:00:00.000Z'), { workingDays: 1 }, SERANG))).toBe(
      '2026-03-16T09:00:00.000Z',
    );
    // Mon 9 Mar 07:30 + 5 working days = Mon … Fri → Fri 13 Mar 16:30 WIB (Friday's close) = 09:30Z
    expect(iso(addWorkingTime(at('2026-03-09T00:30:00.000Z'), { workingDays: 5 }, SERANG))).toBe(
      '2026-03-13T09:30:00.000Z',
    );
  });

  it("clamps into a shorter target day: Friday 16:15 + 1 day is Monday's close", () => {
    // Fri 6 Mar 16:15 WIB + 1 → Mon 9 Mar 16:15, past Monday's 16:00 close → 16:00 WIB = 09:00Z
    expect(iso(addWorkingTime(at('2026-03-06T09:15:00.000Z'), { workingDays: 1 }, SERANG))).toBe(
      '2026-03-09T09:00:00.000Z',
    );
  });

  it('skips the Idul Fitri 2026 run', () => {
    // Tue 17 Mar 10:00 WIB + 2: D1 = Wed 25 (18–24 off), D2 = Thu 26 → 10:00 WIB = 03:00Z
    expect(iso(addWorkingTime(at('2026-03-17T03:00:00.000Z'), { workingDays: 2 }, SERANG))).toBe(
      '2026-03-26T03:00:00.000Z',
    );
    // Mon 16 Mar 12:00 WIB + 3: D1 Tue 17, D2 Wed 25, D3 Thu 26 → 12:00 WIB = 05:00Z
    expect(iso(addWorkingTime(at('2026-03-16T05:00:00.000Z'), { workingDays: 3 }, SERANG))).toBe(
      '2026-03-26T05:00:00.000Z',
    );
  });

  it('crosses Christmas and the year end', () => {
    // Wed 23 Dec 2026 10:00 WIB + 2: Thu 24 joint leave, Fri 25 Christmas, weekend → D1 Mon 28, D2 Tue 29 → 03:00Z
    expect(iso(addWorkingTime(at('2026-12-23T03:00:00.000Z'), { workingDays: 2 }, SERANG))).toBe(
      '2026-12-29T03:00:00.000Z',
    );
    // Thu 31 Dec 2026 14:00 WIB + 1: Fri 1 Jan 2027 holiday, weekend → Mon 4 Jan 14:00 WIB = 07:00Z
    expect(iso(addWorkingTime(at('2026-12-31T07:00:00.000Z'), { workingDays: 1 }, SERANG))).toBe(
      '2027-01-04T07:00:00.000Z',
    );
  });

  it('rejects fractional and negative days, returns the start for zero', () => {
    expect(() => addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingDays: 1.5 }, SERANG)).toThrow();
    expect(() => addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingDays: -1 }, SERANG)).toThrow();
    expect(iso(addWorkingTime(at('2026-03-14T03:00:00.000Z'), { workingDays: 0 }, SERANG))).toBe(
      '2026-03-14T03:00:00.000Z',
    );
  });
});

describe('workingTimeBetween', () => {
  it('is 0 when b is not after a', () => {
    expect(workingTimeBetween(at('2026-03-10T05:00:00.000Z'), at('2026-03-10T05:00:00.000Z'), SERANG)).toBe(0);
    expect(workingTimeBetween(at('2026-03-10T05:00:00.000Z'), at('2026-03-10T03:00:00.000Z'), SERANG)).toBe(0);
  });

  it('counts a working week with the longer Friday', () => {
    // Mon 9 Mar 00:00 WIB → Sat 14 Mar 00:00 WIB: 4 × 8.5 h + 9 h = 43 h
    expect(workingTimeBetween(at('2026-03-08T17:00:00.000Z'), at('2026-03-13T17:00:00.000Z'), SERANG)).toBe(
      hours(43),
    );
  });

  it('counts only partial periods at both ends', () => {
    // Tue 10:00 → Wed 09:00 WIB: 6 h Tue + 1.5 h Wed = 7.5 h
    expect(workingTimeBetween(at('2026-03-10T03:00:00.000Z'), at('2026-03-11T02:00:00.000Z'), SERANG)).toBe(
      hours(7.5),
    );
  });

  it('counts nothing for the Idul Fitri run', () => {
    // Tue 17 Mar 07:30 → Wed 25 Mar 16:00 WIB: Tue 8.5 h + Wed 8.5 h = 17 h
    expect(workingTimeBetween(at('2026-03-17T00:30:00.000Z'), at('2026-03-25T09:00:00.000Z'), SERANG)).toBe(
      hours(17),
    );
  });

  it('crosses the year end', () => {
    // Thu 31 Dec 12:00 WIB → Mon 4 Jan 2027 12:00 WIB: 4 h Thu + 4.5 h Mon = 8.5 h
    expect(workingTimeBetween(at('2026-12-31T05:00:00.000Z'), at('2027-01-04T05:00:00.000Z'), SERANG)).toBe(
      hours(8.5),
    );
  });
});

describe('time zone with daylight saving time (Europe/Amsterdam, March 2026 change)', () => {
  it('opens Monday at 09:00 CEST, one hour earlier in UTC than Friday', () => {
    // Fri 27 Mar 17:00 CET = 16:00Z → Mon 30 Mar 09:00 CEST = 07:00Z
    expect(iso(nextWorkingStart(at('2026-03-27T16:00:00.000Z'), AMSTERDAM))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('adds working hours across the change', () => {
    // Fri 27 Mar 16:00 CET (15:00Z) + 2 h: 1 h Fri; Mon 30 Mar 09:00 CEST + 1 h = 10:00 CEST = 08:00Z
    expect(iso(addWorkingTime(at('2026-03-27T15:00:00.000Z'), { workingHours: 2 }, AMSTERDAM))).toBe(
      '2026-03-30T08:00:00.000Z',
    );
  });

  it('keeps the wall-clock time for working days across the change', () => {
    // Fri 27 Mar 10:00 CET (09:00Z) + 1 working day → Mon 30 Mar 10:00 CEST = 08:00Z
    expect(iso(addWorkingTime(at('2026-03-27T09:00:00.000Z'), { workingDays: 1 }, AMSTERDAM))).toBe(
      '2026-03-30T08:00:00.000Z',
    );
  });

  it('counts the real length of 23- and 25-hour days', () => {
    // Sat 28 Mar 00:00 CET (27th 23:00Z) → Mon 30 Mar 00:00 CEST (29th 22:00Z): 24 h + 23 h = 47 h
    expect(
      workingTimeBetween(at('2026-03-27T23:00:00.000Z'), at('2026-03-29T22:00:00.000Z'), AMSTERDAM_ROUND_THE_CLOCK),
    ).toBe(hours(47));
    // Sun 29 Mar 00:00 CET (28th 23:00Z) + 23 h = the whole Sunday → Mon 30 Mar 00:00 CEST = 29th 22:00Z
    expect(
      iso(addWorkingTime(at('2026-03-28T23:00:00.000Z'), { workingHours: 23 }, AMSTERDAM_ROUND_THE_CLOCK)),
    ).toBe('2026-03-29T22:00:00.000Z');
    // Sun 25 Oct 00:00 CEST (24th 22:00Z) + 25 h = the whole Sunday → Mon 26 Oct 00:00 CET = 25th 23:00Z
    expect(
      iso(addWorkingTime(at('2026-10-24T22:00:00.000Z'), { workingHours: 25 }, AMSTERDAM_ROUND_THE_CLOCK)),
    ).toBe('2026-10-25T23:00:00.000Z');
  });
});

describe('workingTimeBetween is the inverse of addWorkingTime', () => {
  // mulberry32: a tiny seeded generator, so every run checks the same cases
  function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }

  const from = Date.UTC(2026, 0, 1);
  const to = Date.UTC(2027, 0, 1);

  for (const [name, cal, seed] of [
    ['Serang', SERANG, 20260317],
    ['Amsterdam', AMSTERDAM, 20260329],
    ['Amsterdam round the clock', AMSTERDAM_ROUND_THE_CLOCK, 20261025],
  ] as const) {
    it(`holds for 300 seeded random starts and durations (${name})`, () => {
      const random = seeded(seed);
      for (let i = 0; i < 300; i += 1) {
        // any millisecond of 2026, inside or outside hours; 1 minute to 250 working hours, whole minutes
        const start = new Date(from + Math.floor(random() * (to - from)));
        const minutes = 1 + Math.floor(random() * 250 * 60);
        const due = addWorkingTime(start, { workingHours: minutes / 60 }, cal);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(workingTimeBetween(start, due, cal), `start ${start.toISOString()} + ${minutes} min`).toBe(
          minutes * 60_000,
        );
      }
    });
  }
});

describe('broken calendars fail loudly instead of looping', () => {
  it('rejects a calendar without working days', () => {
    const none: WorkingCalendar = { ...AMSTERDAM, workingDays: [] };
    expect(() => addWorkingTime(at('2026-03-10T03:00:00.000Z'), { workingHours: 1 }, none)).toThrow(/No working time/);
  });

  it('rejects an unknown time zone and a working day without hours', () => {
    expect(() => isWorkingTime(at('2026-03-10T03:00:00.000Z'), { ...AMSTERDAM, timeZone: 'Mars/Olympus' })).toThrow(
      /time zone/,
    );
    const noSaturdayHours: WorkingCalendar = { ...SERANG, workingDays: [1, 2, 3, 4, 5, 6] };
    expect(() => isWorkingTime(at('2026-03-10T03:00:00.000Z'), noSaturdayHours)).toThrow(/no working hours/);
  });
});
