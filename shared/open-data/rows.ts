/**
 * A report as one open-data row (pure). Built field by field from a whitelist: nothing of the reporter, no
 * internal note, only the description the office published; confidential and unverified reports give no row.
 */
import type { Jurisdiction } from '../config/jurisdiction';
import type { Report } from '../domain/report';
import type { OpenDataRow } from './columns';

/** Four decimals of a degree: about 11 m north–south, less east–west near the equator. */
export const roundCoordinate = (deg: number) => Math.round(deg * 1e4) / 1e4;

/** Whether a report is in the open data at all. */
export const isOpenDataReport = (r: Pick<Report, 'confidential' | 'verifiedAt'>) => r.confidential !== true && r.verifiedAt !== undefined;

/** The Kemendagri code of a kecamatan, when the configuration has one. */
export function kemendagriCode(j: Pick<Jurisdiction, 'districts'>, district: string): string | null {
  return j.districts.find((d) => d.code === district)?.officialCode ?? null;
}

export function openDataRow(report: Report, startedAt: string | undefined, j: Pick<Jurisdiction, 'districts'>): OpenDataRow {
  return {
    kode: report.id,
    kategori: report.category,
    kecamatan: report.district,
    kode_kemendagri: kemendagriCode(j, report.district),
    status: report.status,
    dibuat: report.createdAt,
    diverifikasi: report.verifiedAt ?? null,
    dikerjakan: startedAt ?? null,
    selesai: report.resolvedAt ?? null,
    ditutup: report.closedAt ?? null,
    lintang: report.location ? roundCoordinate(report.location.lat) : null,
    bujur: report.location ? roundCoordinate(report.location.lon) : null,
    uraian: report.publicDescription,
    unit: report.unit ?? null,
  };
}
