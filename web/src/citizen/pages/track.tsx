/**
 * /lacak/{code} and /r/{code} (the link in every SMS): the public view of one report as a timeline, statuses
 * in everyday words. A confidential report's link carries `?k=`, passed on to the API as it came.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, query } from '../../api';
import { formatDate } from '../../i18n/index';
import { t } from '../../i18n/citizen';
import { lookups, nameOf, type Lookups } from '../lookups';
import type { Route } from '../router';
import { FollowForm } from './follow-form';

interface Photo {
  id: string;
  kind: 'report' | 'completion';
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
}

interface PublicReport {
  id: string;
  status: string;
  category: string;
  district: string;
  createdAt: string;
  dueAt?: string;
  expectedAt?: string;
  description?: string;
  address?: string;
  reporterName?: string;
  escalated: boolean;
  history: Array<{ at: string; type: 'created' | 'status' | 'note' | 'escalated'; from?: string; to?: string; note?: string }>;
  photos?: Photo[];
}

const OPEN = new Set(['received', 'verified', 'in_progress']);
const statusWord = (status: string) => t(`status.${status}` as 'status.received');

export function TrackPage({ route }: { route: Route }) {
  const { code, key } = route as Extract<Route, { page: 'track' }>;
  const [report, setReport] = useState<PublicReport | 'not-found' | 'failed'>();
  const [names, setNames] = useState<Lookups>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setReport(undefined);
    get<PublicReport>(`/v1/reports/${encodeURIComponent(code)}${query({ k: key })}`).then(
      (r) => live && setReport(r),
      (err) => live && setReport(err instanceof ApiError && (err.status === 404 || err.status === 400) ? 'not-found' : 'failed'),
    );
    lookups().then((l) => live && setNames(l), () => undefined);
    return () => void (live = false);
  }, [code, key, attempt]);

  if (!report) return <p aria-busy="true">{t('loading')}</p>;
  if (report === 'failed')
    return (
      <section>
        <h1>{t('track.title', { code })}</h1>
        <p class="notice error" role="alert">
          {t('error.network')}
        </p>
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('track.reload')}
        </button>
      </section>
    );
  if (report === 'not-found')
    return (
      <section>
        <h1>{t('track.notFound.title')}</h1>
        <p>{t('track.notFound.body', { code })}</p>
        <p>
          <a class="button" href="/">
            {t('track.other')}
          </a>
        </p>
      </section>
    );

  const before = report.photos?.filter((p) => p.kind === 'report') ?? [];
  const after = report.photos?.filter((p) => p.kind === 'completion') ?? [];
  return (
    <article aria-labelledby="track-title">
      <h1 id="track-title">{t('track.title', { code: report.id })}</h1>
      <p>
        <span class="visually-hidden">{t('track.status')}: </span>
        <span class="badge" data-testid="status">
          {statusWord(report.status)}
        </span>
      </p>
      {report.escalated && <p class="notice error">{t('track.escalated')}</p>}
      <dl class="facts">
        <dt>{t('track.category')}</dt>
        <dd>{nameOf(names?.categories, report.category)}</dd>
        <dt>{t('track.district')}</dt>
        <dd>{nameOf(names?.districts, report.district)}</dd>
        {report.address && (
          <>
            <dt>{t('track.address')}</dt>
            <dd>{report.address}</dd>
          </>
        )}
        <dt>{t('track.sent')}</dt>
        <dd>{formatDate(report.createdAt)}</dd>
        {report.reporterName && (
          <>
            <dt>{t('track.reporter')}</dt>
            <dd>{report.reporterName}</dd>
          </>
        )}
      </dl>
      {report.description ? (
        <>
          <h2>{t('track.description')}</h2>
          <p class="description">{report.description}</p>
        </>
      ) : (
        <p class="muted">{t('track.pending')}</p>
      )}
      {OPEN.has(report.status) && report.expectedAt && <p>{t('track.expected', { date: formatDate(report.expectedAt, false) })}</p>}
      {OPEN.has(report.status) && report.dueAt && <p>{t('track.due', { date: formatDate(report.dueAt) })}</p>}
      <h2>{t('track.timeline')}</h2>
      <ol class="timeline">
        {report.history.map((e, i) => (
          <li key={i}>
            <strong>
              {e.type === 'created'
                ? t('track.event.created')
                : e.type === 'status'
                  ? t('track.event.status', { status: statusWord(e.to ?? '') })
                  : e.type === 'note'
                    ? t('track.event.note')
                    : t('track.event.escalated')}
            </strong>
            <br />
            <time dateTime={e.at} class="muted">
              {formatDate(e.at)}
            </time>
            {e.note && <p class="note">{e.note}</p>}
          </li>
        ))}
      </ol>
      <Photos title={t('track.photos.before')} photos={before} kind={t('track.photo.before')} />
      <Photos title={t('track.photos.after')} photos={after} kind={t('track.photo.after')} />
      {/* a link with a view key is the reporter's own confidential report, which nobody follows */}
      {OPEN.has(report.status) && !key && <FollowForm code={report.id} />}
    </article>
  );
}

function Photos({ title, photos, kind }: { title: string; photos: Photo[]; kind: string }) {
  if (photos.length === 0) return null;
  return (
    <>
      <h2>{title}</h2>
      <ul class="photos">
        {photos.map((p, i) => (
          <li key={p.id}>
            <a href={p.url}>
              <img src={p.thumbnailUrl} alt={t('track.photo.alt', { n: i + 1, kind })} width={128} height={128} loading="lazy" />
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
