/**
 * The page's two kinds of chart, as inline SVG and HTML: no chart library. Both are small bar charts, and a
 * canvas library (uPlot and the like) would add tens of KB and leave screen readers with nothing, so every
 * chart here is either a table that carries its own bars or an image with a text summary next to a table.
 */
import { lang } from '../../i18n/index';
import { t } from '../../i18n/stats';
import './stats.css';

export const formatNumber = (n: number, digits = 0) =>
  new Intl.NumberFormat(lang() === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: digits }).format(n);

export const formatMonth = (month: string) =>
  new Intl.DateTimeFormat(lang() === 'id' ? 'id-ID' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

export interface MonthBars {
  month: string;
  received: number;
  resolved: number;
}

const BAR = 12;
const SLOT = 36;
const HEIGHT = 150;
const LABEL = 28;

/** Received vs resolved, two bars a month; the same numbers follow as a table (in a disclosure on small screens). */
export function MonthlyChart({ months }: { months: MonthBars[] }) {
  const max = Math.max(1, ...months.flatMap((m) => [m.received, m.resolved]));
  const scale = (n: number) => (n / max) * (HEIGHT - 16);
  const first = months[0]?.month ?? '';
  const last = months[months.length - 1]?.month ?? '';
  return (
    <figure class="chart" aria-labelledby="monthly-caption">
      <figcaption id="monthly-caption" class="visually-hidden">
        {t('stats.monthly.summary', { from: formatMonth(first), to: formatMonth(last) })}
      </figcaption>
      <p class="legend" aria-hidden="true">
        <span class="swatch received" /> {t('stats.received')} <span class="swatch resolved" /> {t('stats.resolved')}
      </p>
      <svg viewBox={`0 0 ${months.length * SLOT} ${HEIGHT + LABEL}`} width="100%" aria-hidden="true" focusable="false" class="bars">
        <line x1="0" x2={months.length * SLOT} y1={HEIGHT} y2={HEIGHT} class="axis" />
        {months.map((m, i) => {
          const x = i * SLOT + (SLOT - 2 * BAR - 2) / 2;
          return (
            <g key={m.month}>
              <rect class="received" x={x} y={HEIGHT - scale(m.received)} width={BAR} height={scale(m.received)} />
              <rect class="resolved" x={x + BAR + 2} y={HEIGHT - scale(m.resolved)} width={BAR} height={scale(m.resolved)} />
              {m.received > 0 && (
                <text x={x + BAR / 2} y={HEIGHT - scale(m.received) - 3} text-anchor="middle" class="value">
                  {m.received}
                </text>
              )}
              <text x={i * SLOT + SLOT / 2} y={HEIGHT + 14} text-anchor="middle" class="tick">
                {formatMonth(m.month).split(' ')[0]}
              </text>
              {(i === 0 || m.month.endsWith('-01')) && (
                <text x={i * SLOT + SLOT / 2} y={HEIGHT + 26} text-anchor="middle" class="tick">
                  {m.month.slice(0, 4)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details class="as-table">
        <summary>{t('stats.asTable')}</summary>
        <table>
          <caption class="visually-hidden">{t('stats.monthly.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.month')}</th>
              <th scope="col">{t('stats.received')}</th>
              <th scope="col">{t('stats.resolved')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{formatMonth(m.month)}</th>
                <td>{formatNumber(m.received)}</td>
                <td>{formatNumber(m.resolved)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export interface RankedRow {
  key: string;
  label: string;
  /** the bar's length, 0..1 */
  fraction: number;
  value: string;
  detail: string;
}

/** A ranked bar chart that is a table: each row's bar is decoration, its figures are the cells. */
export function RankedTable({ caption, head, rows }: { caption: string; head: [string, string, string]; rows: RankedRow[] }) {
  return (
    <table class="ranked">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              {r.label}
              <span class="bar" aria-hidden="true">
                <span style={{ width: `${Math.max(1, Math.round(r.fraction * 100))}%` }} />
              </span>
            </th>
            <td>{r.value}</td>
            <td>{r.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
