/**
 * Validation messages a person wrote, per field, in Indonesian and English ("Keterangan minimal 10 huruf"), instead
 * of the schema library's wording ("Terlalu kecil: diharapkan string memiliki >=10 karakter"). A message comes from
 * the field's name and what was wrong with it; our own rules' keys (shared/http/messages.ts) win.
 */
import type * as z from 'zod/mini';
import type { Language } from '../config/jurisdiction';
import { translate } from './messages';

type Text = Record<Language, string>;

/** What each field is called, by the last part of its path. */
const LABELS: Record<string, Text> = {
  category: { id: 'Kategori', en: 'Category' },
  description: { id: 'Keterangan', en: 'Description' },
  district: { id: 'Kecamatan', en: 'District' },
  location: { id: 'Lokasi', en: 'Location' },
  lat: { id: 'Garis lintang (lat)', en: 'Latitude (lat)' },
  lon: { id: 'Garis bujur (lon)', en: 'Longitude (lon)' },
  address: { id: 'Alamat', en: 'Address' },
  reporter: { id: 'Data pelapor', en: 'Reporter' },
  phone: { id: 'Nomor HP', en: 'Phone number' },
  name: { id: 'Nama', en: 'Name' },
  showName: { id: 'Pilihan tampilkan nama (showName)', en: 'Show name (showName)' },
  anonymous: { id: 'Pilihan anonim (anonymous)', en: 'Anonymous (anonymous)' },
  language: { id: 'Bahasa', en: 'Language' },
  confidential: { id: 'Pilihan rahasia (confidential)', en: 'Confidential (confidential)' },
  contentType: { id: 'Jenis file (contentType)', en: 'File type (contentType)' },
  status: { id: 'Status', en: 'Status' },
  limit: { id: 'Jumlah per halaman (limit)', en: 'Page size (limit)' },
  cursor: { id: 'Kursor halaman', en: 'Page cursor' },
  sort: { id: 'Urutan (sort)', en: 'Sort order (sort)' },
  overdue: { id: 'Filter terlambat (overdue)', en: 'Overdue filter (overdue)' },
  month: { id: 'Bulan (month)', en: 'Month (month)' },
  to: { id: 'Status tujuan (to)', en: 'Target status (to)' },
  unit: { id: 'Unit kerja', en: 'Unit' },
  reason: { id: 'Alasan', en: 'Reason' },
  note: { id: 'Catatan', en: 'Note' },
  text: { id: 'Teks catatan', en: 'Note text' },
  visibility: { id: 'Visibilitas', en: 'Visibility' },
  priority: { id: 'Prioritas', en: 'Priority' },
  expectedAt: { id: 'Tanggal rencana', en: 'Planned date' },
  duplicateOf: { id: 'Kode laporan asli', en: 'Original report code' },
  agency: { id: 'Instansi tujuan', en: 'Agency' },
};

const TYPE_NAMES: Record<string, Text> = {
  string: { id: 'teks', en: 'text' },
  number: { id: 'angka', en: 'a number' },
  int: { id: 'bilangan bulat', en: 'a whole number' },
  boolean: { id: 'true atau false', en: 'true or false' },
  object: { id: 'objek JSON ({ … })', en: 'a JSON object ({ … })' },
  array: { id: 'daftar JSON ([ … ])', en: 'a JSON list ([ … ])' },
};

const MAX_LISTED_OPTIONS = 10;

function labelOf(path: readonly PropertyKey[], lang: Language): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  if (last === undefined) return lang === 'id' ? 'Isi permintaan' : 'The request body';
  return LABELS[last]?.[lang] ?? (lang === 'id' ? `Kolom "${last}"` : `The field "${last}"`);
}

/** The message for one issue, in `lang`. */
export function fieldMessage(issue: z.core.$ZodIssue, lang: Language): string {
  const own = translate(issue.message, lang);
  if (own) return own;
  const label = labelOf(issue.path, lang);
  const id = lang === 'id';
  // a missing value is missing, whatever the rule it would have had to meet (a choice reports it as a wrong one)
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return id ? `${label} wajib diisi.` : `${label} is required.`;
  switch (issue.code) {
    case 'invalid_type': {
      // what a query's text became (NaN) is no number to a person; Infinity is
      if (issue.expected === 'number' && typeof issue.input === 'number' && !Number.isNaN(issue.input))
        return id ? `${label} harus berupa angka biasa (bukan tak hingga).` : `${label} must be an ordinary number (not infinite).`;
      const type = TYPE_NAMES[issue.expected]?.[lang] ?? issue.expected;
      return id ? `${label} harus berupa ${type}.` : `${label} must be ${type}.`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return id ? `${label} minimal ${min} huruf.` : `${label} needs at least ${min} character${min === 1 ? '' : 's'}.`;
      if (issue.origin === 'array') return id ? `${label} minimal berisi ${min}.` : `${label} needs at least ${min} entries.`;
      return id ? `${label} paling kecil ${min}.` : `${label} must be at least ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return id ? `${label} paling banyak ${max} huruf.` : `${label} can have at most ${max} characters.`;
      if (issue.origin === 'array') return id ? `${label} paling banyak berisi ${max}.` : `${label} can have at most ${max} entries.`;
      return id ? `${label} paling besar ${max}.` : `${label} must be at most ${max}.`;
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const listed = options.length <= MAX_LISTED_OPTIONS ? `: ${options.join(', ')}` : '';
      if (issue.path.at(-1) === 'category')
        return id ? 'Kategori tidak dikenal: lihat daftar di GET /v1/categories.' : 'Unknown category: see GET /v1/categories.';
      if (issue.path.at(-1) === 'district')
        return id ? 'Kecamatan tidak dikenal: lihat daftar di GET /v1/districts.' : 'Unknown district: see GET /v1/districts.';
      return id ? `${label} tidak dikenal; pilih salah satu${listed}.` : `${label} is not one of the accepted values${listed}.`;
    }
    case 'unrecognized_keys':
      return id ? `Kolom tidak dikenal: ${issue.keys.join(', ')}.` : `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
    case 'invalid_format':
      return id ? `Format ${label.toLowerCase()} tidak valid.` : `${label} is not in the expected format.`;
    case 'not_multiple_of':
      return id ? `${label} harus bilangan bulat.` : `${label} must be a whole number.`;
    default:
      break;
  }
  return id ? `${label} tidak valid.` : `${label} is not valid.`;
}
