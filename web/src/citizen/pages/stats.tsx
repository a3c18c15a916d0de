/**
 * /statistik: the public statistics of the last twelve months from GET /v1/stats (aggregates only, never
 * reports), and the open-data downloads. Every chart carries its figures as a table for screen readers.
 */
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import { t } from '../../i18n/stats';
import { formatMonth, formatNumber, MonthlyChart, RankedTable, type RankedRow } from '../stats/charts';
import type { Statistics } from '../stats/types';

const percent = (share: number | null) => (share === null ? t('stats.none') : t('stats.percent', { n: formatNumber(share * 100) }));
const days = (n: number | null) => (n === null ? t('stats.none') : t('stats.days', { n: formatNumber(n, 1) }));

export function StatsPage() {
  const [stats, setStats] = useState<Statistics | 'failed'>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setStats(undefined);
    get<Statistics>('/v1/stats').then(
      (s) => live && setStats(s),
      () => live && setStats('failed'),
    );
    return () => void (live = false);
  }, [attempt]);

  if (!stats) return <p aria-busy="true">{t('loading')}</p>;
  if (stats === 'failed')
    return (
      <section>
        <h1>{t('stats.title')}</h1>
        <p role="alert">{t('stats.failed')}</p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('stats.retry')}
        </button>
      </section>
    );
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <p>{t('stats.lead', { from: formatMonth(stats.from), to: formatMonth(stats.to) })}</p>
      <Headline stats={stats} />
      <section aria-labelledby="monthly-title">
        <h2 id="monthly-title">{t('stats.monthly.title')}</h2>
        <MonthlyChart months={stats.monthly.map((m) => ({ month: m.month, received: m.totals.received, resolved: m.totals.resolved }))} />
      </section>
      <section aria-labelledby="district-title">
        <h2 id="district-title">{t('stats.district.title')}</h2>
        <p class="hint">{t('stats.district.lead')}</p>
        <Ranked caption={t('stats.district.title')} head={[t('stats.district'), t('stats.median'), t('stats.count')]} rows={districtRows(stats)} />
      </section>
      <section aria-labelledby="unit-title">
        <h2 id="unit-title">{t('stats.unit.title')}</h2>
        <p class="hint">{t('stats.unit.lead')}</p>
        <Ranked caption={t('stats.unit.title')} head={[t('stats.unit'), t('stats.share'), t('stats.stages')]} rows={unitRows(stats)} />
      </section>
      <Downloads months={stats.monthly.map((m) => m.month)} />
    </>
  );
}

function Headline({ stats }: { stats: Statistics }) {
  const items: Array<[string, string]> = [
    [t('stats.received'), formatNumber(stats.totals.received)],
    [t('stats.verified'), formatNumber(stats.totals.verified)],
    [t('stats.resolved'), formatNumber(stats.totals.resolved)],
    [t('stats.openNow'), formatNumber(stats.totals.openNow ?? 0)],
    [t('stats.medianResolve'), days(stats.durations.toResolve.medianDays)],
    [t('stats.onTimeShare'), percent(stats.onTime.all.share)],
  ];
  return (
    <section aria-labelledby="headline-title">
      <h2 id="headline-title" class="visually-hidden">
        {t('stats.headline')}
      </h2>
      <dl class="figures" data-testid="headline">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function districtRows(stats: Statistics): RankedRow[] {
  const done = stats.byDistrict
    .filter((d) => d.durations.toResolve.medianDays !== null)
    .sort((a, b) => a.durations.toResolve.medianDays! - b.durations.toResolve.medianDays! || a.district.name.localeCompare(b.district.name));
  const slowest = Math.max(0, ...done.map((d) => d.durations.toResolve.medianDays!));
  return done.map((d) => ({
    key: d.district.code,
    label: d.district.name,
    fraction: slowest > 0 ? d.durations.toResolve.medianDays! / slowest : 0,
    value: days(d.durations.toResolve.medianDays),
    detail: formatNumber(d.durations.toResolve.count),
  }));
}

function unitRows(stats: Statistics): RankedRow[] {
  return stats.byUnit
    .filter((u) => u.onTime.all.done > 0)
    .sort((a, b) => b.onTime.all.share! - a.onTime.all.share! || a.unit.name.localeCompare(b.unit.name))
    .map((u) => ({
      key: u.unit.code,
      label: u.unit.name,
      fraction: u.onTime.all.share!,
      value: percent(u.onTime.all.share),
      detail: t('stats.ofDone', { onTime: formatNumber(u.onTime.all.onTime), done: formatNumber(u.onTime.all.done) }),
    }));
}

function Ranked(props: { caption: string; head: [string, string, string]; rows: RankedRow[] }) {
  return props.rows.length === 0 ? <p class="muted">{t('stats.empty')}</p> : <RankedTable {...props} />;
}

function Downloads({ months }: { months: string[] }) {
  const newestFirst = [...months].reverse();
  const [month, setMonth] = useState(newestFirst[0] ?? '');
  const label = formatMonth(month);
  return (
    <section aria-labelledby="download-title" class="card">
      <h2 id="download-title">{t('stats.download.title')}</h2>
      <p>{t('stats.download.lead')}</p>
      <label for="download-month">{t('stats.download.month')}</label>
      <select id="download-month" value={month} onChange={(e) => setMonth((e.target as HTMLSelectElement).value)}>
        {newestFirst.map((m) => (
          <option key={m} value={m}>
            {formatMonth(m)}
          </option>
        ))}
      </select>
      <ul>
        <li>
          <a href={`/v1/open-data/reports.csv?month=${month}`} download>
            {t('stats.download.csv', { month: label })}
          </a>
        </li>
        <li>
          <a href={`/v1/open-data/reports.geojson?month=${month}`} download>
            {t('stats.download.geojson', { month: label })}
          </a>
        </li>
        <li>
          <a href="/v1/open-data/README">{t('stats.download.readme')}</a>
        </li>
      </ul>
    </section>
  );
}
