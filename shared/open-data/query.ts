/** `?month=YYYY-MM` of the open-data files: required, a real month, not in the future. */
import type { Language } from '../config/jurisdiction';
import { InvalidInputError } from '../domain/errors';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseOpenDataMonth(query: Record<string, string | undefined>, lang: Language, current: string): { month: string; finished: boolean } {
  const month = query.month;
  const bad = (m: { id: string; en: string }) =>
    new InvalidInputError('invalid-query', { id: 'Parameter data terbuka tidak valid.', en: 'The open-data parameters are not valid.' }, [
      { field: 'query.month', message: m[lang] },
    ]);
  const unknown = Object.keys(query).filter((k) => k !== 'month');
  if (unknown.length > 0)
    throw new InvalidInputError(
      'invalid-query',
      { id: 'Parameter tidak dikenal.', en: 'Unknown parameter.' },
      unknown.map((k) => ({ field: `query.${k}`, message: lang === 'id' ? 'Parameter ini tidak dikenal.' : 'Unknown parameter.' })),
    );
  if (month === undefined) throw bad({ id: 'Sebutkan bulan: ?month=YYYY-MM.', en: 'Give the month: ?month=YYYY-MM.' });
  if (!MONTH.test(month)) throw bad({ id: 'Bulan harus berformat YYYY-MM, misalnya 2026-03.', en: 'A month must be YYYY-MM, for example 2026-03.' });
  if (month > current) throw bad({ id: 'Bulan ini belum datang.', en: 'That month has not come yet.' });
  return { month, finished: month < current };
}
