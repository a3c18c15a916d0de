/** Which SMS wait for a later change, until when, and the setting that says how long. Pure. */
import { afterEach, describe, expect, it } from 'vitest';
import { CITIZEN_SMS_KINDS } from '../../shared/domain/sms/templates';
import { holdUntil, NEVER_HELD } from '../../shared/notify/coalescing';
import { loadNotifierConfig, NOTIFY_ENV } from '../../shared/notify/config';

const WINDOW = 20 * 60_000;
const changedAt = '2026-12-01T02:00:00.000Z';

describe('holdUntil', () => {
  it('holds the SMS of an intermediate change for the window, counted from the change', () => {
    for (const kind of ['verified', 'in_progress', 'reopened'] as const) {
      expect(holdUntil(kind, changedAt, WINDOW)?.toISOString()).toBe('2026-12-01T02:20:00.000Z');
    }
  });

  it('never holds the receipt or a final outcome', () => {
    expect([...NEVER_HELD].sort()).toEqual(['closed', 'duplicate', 'received', 'referred', 'rejected', 'resolved']);
    for (const kind of NEVER_HELD) expect(holdUntil(kind, changedAt, WINDOW)).toBeUndefined();
    // every kind is either held or listed as never held: a new kind has to be placed on purpose
    expect(CITIZEN_SMS_KINDS.filter((k) => !NEVER_HELD.has(k))).toEqual(['verified', 'in_progress', 'reopened']);
  });

  it('holds nothing with a window of 0', () => {
    expect(holdUntil('verified', changedAt, 0)).toBeUndefined();
  });
});

describe('SMS_COALESCE_MINUTES', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const load = (value: string | undefined) => {
    process.env.TABLE_NAME = 'reports';
    if (value === undefined) delete process.env[NOTIFY_ENV.coalesceMinutes];
    else process.env[NOTIFY_ENV.coalesceMinutes] = value;
    return loadNotifierConfig();
  };

  it('defaults to 20 minutes; 0 turns coalescing off; fractions are allowed', () => {
    expect(load(undefined).coalesceWindowMs).toBe(20 * 60_000);
    expect(load('0').coalesceWindowMs).toBe(0);
    expect(load('0.5').coalesceWindowMs).toBe(30_000);
  });

  it('refuses a value that is not a number of 0 or more, naming the variable', () => {
    for (const bad of ['-1', 'twenty', '1e3', '20 ']) expect(() => load(bad)).toThrow(/SMS_COALESCE_MINUTES/);
  });
});
