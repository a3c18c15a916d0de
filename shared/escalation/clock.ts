/**
 * The escalation run's own clock. In AWS it is the real time; a person or a test may move it forward
 * (CLOCK_OFFSET_MS, or `npm run escalate -- --offset 3d`) to watch escalation and auto-close happen without
 * waiting days. The offset moves only this process's idea of "now", never the data.
 */
export const CLOCK_OFFSET_ENV = 'CLOCK_OFFSET_MS';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * An offset as milliseconds: a plain integer is milliseconds; otherwise a number with a unit, and several may be
 * joined ("3d", "90m", "1d12h", "-2h"). Calendar time, not working time: "3d" is 72 hours.
 */
export function parseOffset(value: string): number {
  const text = value.trim();
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  const match = /^([+-]?)((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/.exec(text);
  if (!match) throw new Error(`Invalid clock offset "${value}": use milliseconds or e.g. 3d, 12h, 90m, 1d12h`);
  let total = 0;
  for (const [, amount, unit] of match[2]!.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return Math.round(match[1] === '-' ? -total : total);
}

export type Clock = () => Date;

export function offsetClock(offsetMs: number, base: () => number = Date.now): Clock {
  return () => new Date(base() + offsetMs);
}

/** The clock the environment asks for: CLOCK_OFFSET_MS (milliseconds, or a unit form as parseOffset) or none. */
export function clockFromEnv(env: Record<string, string | undefined> = process.env): Clock {
  const raw = env[CLOCK_OFFSET_ENV];
  if (raw === undefined || raw.trim() === '') return offsetClock(0);
  try {
    return offsetClock(parseOffset(raw));
  } catch (err) {
    throw new Error(`Environment variable ${CLOCK_OFFSET_ENV}: ${(err as Error).message}`);
  }
}
