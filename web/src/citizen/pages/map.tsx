/**
 * /peta: published reports as a list with filters, and on a map when the map library loads. The list is the
 * page; the map is an extra that may fail (no tiles, old phone) without taking the list with it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, query } from '../../api';
import { formatDate } from '../../i18n/index';
import { t } from '../../i18n/citizen';
import { lookups, nameOf, type Lookups } from '../lookups';
import type { ReportsMap } from '../map/reports-map';
import type { Route } from '../router';

interface Item {
  id: string;
  status: string;
  category: string;
  district: string;
  createdAt: string;
  description?: string;
  location?: { lat: number; lon: number };
}

/** Statuses the public sees on the map: a report shows once officials have verified it. */
const PUBLIC_STATUSES = ['verified', 'in_progress', 'resolved', 'closed', 'referred'] as const;
const statusWord = (s: string) => t(`status.${s}` as 'status.received');

export function MapPage(_props: { route: Route }) {
  const initial = new URLSearchParams(location.search);
  const [filters, setFilters] = useState({ district: initial.get('district') ?? '', category: initial.get('category') ?? '', status: initial.get('status') ?? '' });
  const [names, setNames] = useState<Lookups>();
  const [items, setItems] = useState<Item[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [mapState, setMapState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [tilesFailed, setTilesFailed] = useState(false);
  const mapElement = useRef<HTMLDivElement>(null);
  const map = useRef<ReportsMap>();

  useEffect(() => void lookups().then(setNames, () => undefined), []);

  const load = async (after: string | null) => {
    setFailed(false);
    try {
      const page = await get<{ items: Item[]; nextCursor: string | null }>(`/v1/reports${query({ ...filters, limit: 100, cursor: after })}`);
      const published = page.items.filter((i) => (PUBLIC_STATUSES as readonly string[]).includes(i.status));
      setItems((old) => (after ? [...(old ?? []), ...published] : published));
      setCursor(page.nextCursor);
    } catch {
      setFailed(true);
    }
  };

  useEffect(() => {
    setItems(undefined);
    void load(null);
    const q = query(filters);
    history.replaceState(null, '', `/peta${q}`);
  }, [filters.district, filters.category, filters.status]);

  useEffect(() => {
    let live = true;
    import('../map/reports-map').then(
      ({ createReportsMap }) => {
        if (!live || !mapElement.current) return;
        map.current = createReportsMap(mapElement.current, { label: t('map.region'), onTilesFailed: () => setTilesFailed(true) });
        setMapState('ready');
      },
      () => live && setMapState('failed'),
    );
    return () => {
      live = false;
      map.current?.destroy();
    };
  }, []);

  useEffect(() => {
    if (mapState !== 'ready' || !items) return;
    map.current?.show(
      items.filter((i) => i.location).map((i) => ({ id: i.id, lat: i.location!.lat, lon: i.location!.lon, title: `${nameOf(names?.categories, i.category)}, ${statusWord(i.status)}` })),
    );
  }, [items, mapState, names]);

  const select = (id: 'district' | 'category' | 'status', label: string, options: Array<{ code: string; name: string }>) => (
    <div>
      <label for={`filter-${id}`}>{label}</label>
      <select id={`filter-${id}`} value={filters[id]} onChange={(e) => setFilters((f) => ({ ...f, [id]: e.currentTarget.value }))}>
        <option value="">{t('map.filter.all')}</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="map-title">
      <h1 id="map-title">{t('map.title')}</h1>
      <p>{t('map.lead')}</p>
      <div class="filters">
        {select('district', t('map.filter.district'), names?.districts ?? [])}
        {select('category', t('map.filter.category'), names?.categories ?? [])}
        {select('status', t('map.filter.status'), PUBLIC_STATUSES.map((s) => ({ code: s, name: statusWord(s) })))}
      </div>
      <div ref={mapElement} class="map tall" />
      {mapState === 'failed' && <p class="hint">{t('map.failed')}</p>}
      {tilesFailed && <p class="hint">{t('map.noTiles')}</p>}
      <h2>{t('map.list')}</h2>
      {failed && (
        <p class="notice error" role="alert">
          {t('error.network')}{' '}
          <button type="button" class="link" onClick={() => void load(null)}>
            {t('form.retry')}
          </button>
        </p>
      )}
      {!items && !failed && <p aria-busy="true">{t('loading')}</p>}
      {items && (
        <>
          <p aria-live="polite">{items.length === 0 ? t('map.empty') : t('map.count', { count: items.length })}</p>
          <ul class="list">
            {items.map((i) => (
              <li key={i.id}>
                <a href={`/lacak/${i.id}`}>
                  <strong>{i.id}</strong>
                </a>{' '}
                <span class="badge">{statusWord(i.status)}</span>
                <br />
                {nameOf(names?.categories, i.category)} · {nameOf(names?.districts, i.district)} · <time dateTime={i.createdAt}>{formatDate(i.createdAt, false)}</time>
                {!i.location && <span class="muted"> · {t('map.noLocation')}</span>}
                {i.description && <p class="note">{i.description.length > 160 ? `${i.description.slice(0, 157)}…` : i.description}</p>}
              </li>
            ))}
          </ul>
          {cursor && (
            <button type="button" class="secondary" onClick={() => void load(cursor)}>
              {t('map.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
