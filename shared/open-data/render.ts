/**
 * The open-data files: CSV (RFC 4180 by csv-stringify: CRLF line ends, fields quoted when they hold a comma, quote
 * or line break; UTF-8 with a byte-order mark so Excel reads the text right; a header row) and GeoJSON (RFC 7946,
 * one Feature per row; rows without a location have a null geometry).
 */
import { stringify } from 'csv-stringify/sync';
import { COLUMNS, type OpenDataRow } from './columns';

/** Spreadsheets run a cell starting with one of these as a formula (CSV injection); a leading ' keeps it text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(rows: OpenDataRow[]): string {
  return stringify(
    rows.map((row) => COLUMNS.map((c) => {
      const v = row[c.name];
      if (v === null) return '';
      return typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v;
    })),
    { header: true, columns: COLUMNS.map((c) => c.name), bom: true, record_delimiter: 'windows' },
  );
}

export function toGeoJson(rows: OpenDataRow[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      id: row.kode,
      geometry: row.lintang !== null && row.bujur !== null ? { type: 'Point', coordinates: [row.bujur, row.lintang] } : null,
      properties: Object.fromEntries(COLUMNS.filter((c) => c.name !== 'lintang' && c.name !== 'bujur').map((c) => [c.name, row[c.name]])),
    })),
  });
}
