/**
 * The statistics use case: the query in, the answer out, reading aggregate items only: one Query per month of the
 * range and one for the gauges, whatever the number of reports.
 */
import type { Jurisdiction, Language } from '../config/jurisdiction';
import { buildStatsAnswer } from './answer';
import type { StatsQuery } from './query';
import { cellFromItem, gaugesFromItem, type ReadCapacity, type DynamoStatsStore } from './store';

export async function answerStats(
  store: Pick<DynamoStatsStore, 'readCells'>,
  query: StatsQuery,
  jurisdiction: Pick<Jurisdiction, 'districts' | 'categories' | 'units'>,
  lang: Language,
  capacity?: ReadCapacity,
) {
  const filter = { ...(query.district !== undefined && { district: query.district }), ...(query.category !== undefined && { category: query.category }) };
  const [gaugeItems, ...monthItems] = await Promise.all([
    store.readCells(undefined, filter, capacity),
    ...query.months.map((month) => store.readCells(month, filter, capacity)),
  ]);
  return buildStatsAnswer({
    from: query.from,
    to: query.to,
    filter,
    months: query.months.map((month, i) => ({
      month,
      items: (monthItems[i] ?? []).map((item) => ({ sk: String(item.sk), cell: cellFromItem(item) })),
    })),
    gauges: (gaugeItems ?? []).map((item) => ({ sk: String(item.sk), gauges: gaugesFromItem(item) })),
    jurisdiction,
    lang,
  });
}
