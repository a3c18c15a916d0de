/**
 * Local wall-clock time in a jurisdiction's time zone, as an instant. Every local-time computation goes through the
 * configured IANA zone (never a fixed offset written in code), so another region is a configuration change.
 */
import { TZDate } from '@date-fns/tz';

/** The instant of `date` ("YYYY-MM-DD") at `time` ("HH:mm", default midnight) on the wall clocks of `timeZone`. */
export function localInstant(date: string, timeZone: string, time = '00:00'): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return new Date(TZDate.tz(timeZone, y, m - 1, d, h, min).getTime());
}
