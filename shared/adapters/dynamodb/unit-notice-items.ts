/**
 * Notices for the next escalation digest: "a citizen reopened this report" (TIDAK by SMS). Written in the same
 * transaction as the reopening, read and removed by the escalation run once the unit's digest went out.
 * pk `NOTICE#reopened`, sk `<at>#<code>`: one partition, as reopenings by citizens are a few a day at most.
 * Codes and configured codes only: a digest may be forwarded.
 */
export const REOPENED_NOTICE_PK = 'NOTICE#reopened';

export interface UnitNotice {
  /** the item's sort key, to remove it */
  key: string;
  code: string;
  unit?: string;
  category: string;
  district: string;
  at: string;
  /** how many times citizens reopened the report, this one included */
  reopening: number;
}

export function reopenedNoticeItem(notice: Omit<UnitNotice, 'key'>): Record<string, unknown> {
  return { pk: REOPENED_NOTICE_PK, sk: `${notice.at}#${notice.code}`, entity: 'notice', ...notice };
}

export function fromNoticeItem(item: Record<string, unknown>): UnitNotice {
  return {
    key: String(item.sk),
    code: String(item.code),
    ...(typeof item.unit === 'string' && { unit: item.unit }),
    category: String(item.category),
    district: String(item.district),
    at: String(item.at),
    reopening: Number(item.reopening ?? 1),
  };
}
