/**
 * The query of GET /v1/stats: months `from`..`to` (YYYY-MM, default the last 12 including this one), optional
 * kecamatan and category. Bad input is refused naming each field, in the caller's language.
 */
import type { Jurisdiction, Language } from '../config/jurisdiction';
import { InvalidInputError, type FieldIssue } from '../domain/errors';
import { monthOf } from './change';

/** At most this many months per answer: the answer reads one Query per month. */
export const MAX_MONTHS = 36;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface StatsQuery {
  from: string;
  to: string;
  months: string[];
  district?: string;
  category?: string;
}

const monthIndex = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};

export function addMonths(month: string, n: number): string {
  const index = monthIndex(month) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from..to, counted (not compared as text: after 9999-12 comes 10000-01, which sorts before it). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = 0, last = monthIndex(to) - monthIndex(from); i <= last && out.length <= MAX_MONTHS; i++) out.push(addMonths(from, i));
  return out;
}

export const currentMonth = (now: Date, timeZone: string) => monthOf(now.toISOString(), timeZone);

const MESSAGES = {
  month: { id: 'Bulan harus berformat YYYY-MM, misalnya 2026-03.', en: 'A month must be YYYY-MM, for example 2026-03.' },
  order: { id: 'Bulan awal (from) tidak boleh setelah bulan akhir (to).', en: 'The first month (from) cannot come after the last (to).' },
  span: { id: `Rentang paling banyak ${MAX_MONTHS} bulan.`, en: `At most ${MAX_MONTHS} months at a time.` },
  district: { id: 'Kecamatan tidak dikenal (lihat GET /v1/districts).', en: 'Unknown kecamatan (see GET /v1/districts).' },
  category: { id: 'Kategori tidak dikenal (lihat GET /v1/categories).', en: 'Unknown category (see GET /v1/categories).' },
  unknown: { id: 'Parameter ini tidak dikenal.', en: 'Unknown parameter.' },
};

export function parseStatsQuery(
  query: Record<string, string | undefined>,
  lang: Language,
  now: Date,
  j: Pick<Jurisdiction, 'districts' | 'categories' | 'timeZone'>,
): StatsQuery {
  const errors: FieldIssue[] = [];
  const fail = (field: string, m: { id: string; en: string }) => errors.push({ field: `query.${field}`, message: m[lang] });
  for (const key of Object.keys(query)) if (!['from', 'to', 'district', 'category'].includes(key)) fail(key, MESSAGES.unknown);
  const to = query.to ?? currentMonth(now, j.timeZone);
  const from = query.from ?? addMonths(to, -11);
  if (!MONTH.test(from)) fail('from', MESSAGES.month);
  if (!MONTH.test(to)) fail('to', MESSAGES.month);
  if (errors.length === 0 && from > to) fail('from', MESSAGES.order);
  if (errors.length === 0 && monthsBetween(from, to).length > MAX_MONTHS) fail('from', MESSAGES.span);
  if (query.district !== undefined && !j.districts.some((d) => d.code === query.district)) fail('district', MESSAGES.district);
  if (query.category !== undefined && !j.categories.some((c) => c.code === query.category)) fail('category', MESSAGES.category);
  if (errors.length > 0)
    throw new InvalidInputError('invalid-query', { id: 'Parameter statistik tidak valid.', en: 'The statistics parameters are not valid.' }, errors);
  return {
    from,
    to,
    months: monthsBetween(from, to),
    ...(query.district !== undefined && { district: query.district }),
    ...(query.category !== undefined && { category: query.category }),
  };
}
