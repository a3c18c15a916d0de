/**
 * W3C date-times (the profile of ISO 8601 the spec names). Answers carry the jurisdiction's own offset
 * (seven hours ahead of UTC in Serang), so a person reading them sees local time; questions must carry a time zone.
 * A client that forgets to encode `+` in a query string sends a space: that is read as the `+` it was.
 */
import { TZDate } from '@date-fns/tz';
import { formatISO } from 'date-fns';
import { jurisdiction } from '../config/jurisdiction';

export function toW3c(iso: string, timeZone = jurisdiction.timeZone): string {
  return formatISO(new TZDate(new Date(iso), timeZone));
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a W3C date-time names, or undefined when it is not one (or names no time zone). */
export function parseW3c(raw: string): Date | undefined {
  const value = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = W3C.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', , zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  // Date would roll 30 February over into March; a calendar day that does not exist is malformed
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return undefined;
  if (zone !== 'Z' && (Number(zone!.slice(1, 3)) > 14 || Number(zone!.slice(4)) > 59)) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
