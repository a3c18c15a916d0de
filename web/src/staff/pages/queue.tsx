/**
 * The work queue of the signed-in official: open reports by default, overdue first, filtered by status, unit and
 * kecamatan. The API already limits an officer to the own unit and a district office to its kecamatan, so those
 * filters are shown fixed for them. Filters live in the address, so Back and a shared link keep them.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { formatDate } from '../../i18n/index';
import { t } from '../../i18n/staff';
import { useConsole } from '../context';
import { STATUSES } from '../moves';
import { appendPage, overdueFirst } from '../queue-order';
import { navigate, reportPath } from '../router';
import type { QueueFilters, StaffListItem } from '../staff-api';

function filtersFrom(search: string): QueueFilters {
  const q = new URLSearchParams(search);
  const pick = (k: string) => q.get(k) || undefined;
  return { ...(pick('status') && { status: pick('status') }), ...(pick('unit') && { unit: pick('unit') }), ...(pick('district') && { district: pick('district') }) };
}

export function QueuePage({ search }: { search: string }) {
  const { api, official, directory, signedOut } = useConsole();
  const filters = filtersFrom(search);
  const [rows, setRows] = useState<StaffListItem[] | undefined>(undefined);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 401) return signedOut();
    setError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : t('error.network'));
  };

  useEffect(() => {
    let live = true;
    setRows(undefined);
    setError(undefined);
    api.queue(filters).then((page) => {
      if (!live) return;
      setRows(overdueFirst(page.items));
      setNext(page.nextCursor);
    }, (err) => live && fail(err));
    return () => void (live = false);
  }, [search]);

  const more = () =>
    next &&
    api.queue(filters, next).then((page) => {
      setRows((shown) => appendPage(shown ?? [], page.items));
      setNext(page.nextCursor);
    }, fail);

  const setFilter = (key: keyof QueueFilters, value: string) => {
    const q = new URLSearchParams(search);
    if (value) q.set(key, value);
    else q.delete(key);
    const s = q.toString();
    navigate(`/staf/${s ? `?${s}` : ''}`, true);
  };

  return (
    <section>
      <h1>{t('queue.title')}</h1>
      <fieldset class="filters">
        <legend>{t('queue.filters')}</legend>
        <div>
          <label for="f-status">{t('queue.status')}</label>
          <select id="f-status" value={filters.status ?? ''} onChange={(e) => setFilter('status', (e.target as HTMLSelectElement).value)}>
            <option value="">{t('queue.status.open')}</option>
            {STATUSES.map((s) => (
              <option value={s} key={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {official.role !== 'officer' && (
          <div>
            <label for="f-unit">{t('queue.unit')}</label>
            <select id="f-unit" value={filters.unit ?? ''} onChange={(e) => setFilter('unit', (e.target as HTMLSelectElement).value)}>
              <option value="">{t('queue.all')}</option>
              {directory.units.map((u) => (
                <option value={u.code} key={u.code}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {official.role !== 'district' && (
          <div>
            <label for="f-district">{t('queue.district')}</label>
            <select id="f-district" value={filters.district ?? ''} onChange={(e) => setFilter('district', (e.target as HTMLSelectElement).value)}>
              <option value="">{t('queue.all')}</option>
              {directory.districts.map((d) => (
                <option value={d.code} key={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </fieldset>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {!rows && !error && <p aria-busy="true">{t('loading')}</p>}
      {rows && rows.length === 0 && <p role="status">{t('queue.empty')}</p>}
      {rows && rows.length > 0 && (
        <>
          <p class="muted" role="status">
            {t('queue.count', { count: rows.length })}
          </p>
          <ol class="list queue">
            {rows.map((r) => (
              <li key={r.id} class={r.overdue ? 'late' : undefined}>
                <a class="code-link" href={reportPath(r.id)}>
                  {r.id}
                </a>{' '}
                <span class="badge">{t(`status.${r.status}`)}</span>{' '}
                {r.overdue && <span class="badge warn">{t('overdue')}</span>}{' '}
                {r.escalationLevel > 0 && <span class="badge warn">{t('escalated', { level: r.escalationLevel })}</span>}
                <br />
                {directory.name('categories', r.category)} · {directory.name('districts', r.district)}
                {r.unit && <> · {directory.name('units', r.unit)}</>}
                {r.dueAt && (
                  <>
                    <br />
                    <span class="muted">
                      {t('queue.col.due')}: {formatDate(r.dueAt)}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ol>
          {next && (
            <button type="button" class="secondary" onClick={() => void more()}>
              {t('queue.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
