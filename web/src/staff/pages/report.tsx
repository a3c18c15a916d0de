/**
 * One report for an official: its details, photos, full history, the reporter's contact on request, the moves this
 * official may make, notes, the published description and the completion photo.
 *
 * Every change carries the ETag read with the report. A 412 means someone else changed it in between: the page reads
 * it again, shows the new state and offers to try again (when the move is still possible). A 409 says the move is no
 * longer possible and lists what is.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { formatDate } from '../../i18n/index';
import { t } from '../../i18n/staff';
import { useConsole } from '../context';
import { movesFor, transitionBody, type MoveField, type MoveUi, type Status } from '../moves';
import { reportPath } from '../router';
import { isNotAllowed, isSignedOut, isStale, type StaffReport, type Versioned } from '../staff-api';
import { CompletionPhoto } from '../parts/completion-photo';
import { ContactPanel } from '../parts/contact';
import { DescriptionForm } from '../parts/description-form';
import { History } from '../parts/history';
import { MovePanel } from '../parts/move-panel';
import { NotesForm } from '../parts/notes-form';

type Banner =
  | { kind: 'ok'; text: string }
  | { kind: 'stale'; retry?: () => void }
  | { kind: 'not-allowed'; allowed: string[] };

const COMPLETION_PHOTO_STATUSES: readonly Status[] = ['verified', 'in_progress', 'resolved'];

export function ReportPage({ id }: { id: string }) {
  const { api, official, directory, signedOut } = useConsole();
  const [current, setCurrent] = useState<Versioned | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [banner, setBanner] = useState<Banner | undefined>(undefined);
  const etag = useRef('');
  const bannerRef = useRef<HTMLDivElement>(null);

  const show = (v: Versioned) => {
    etag.current = v.etag;
    setCurrent(v);
  };
  const load = () => api.report(id).then(show);

  useEffect(() => {
    load().catch((err) => {
      if (isSignedOut(err)) return signedOut();
      setLoadError(err instanceof ApiError && err.status === 404 ? t('report.notFound', { code: id }) : err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : t('error.network'));
    });
  }, [id]);
  useEffect(() => {
    // a refusal takes the focus; so does a success whose form went away with the focus in it (a move confirmed)
    if (banner && (banner.kind !== 'ok' || document.activeElement === document.body || !document.activeElement)) bannerRef.current?.focus();
  }, [banner]);

  const names = (allowed: string[], from: Status) => movesFor(from, allowed).map((m) => t(m.label)).join(', ') || t('conflict.nothing');

  /**
   * Runs a change with the current ETag. 412: read the report again, show it, and offer the same change again if it
   * is still possible; 409: read again and show what is allowed now. Other refusals go back to the form.
   */
  async function change(action: (etag: string) => Promise<Versioned>, success: ((r: StaffReport) => string) | undefined, move?: MoveUi): Promise<'done' | 'conflict'> {
    try {
      const v = await action(etag.current);
      show(v);
      // a form that says "saved" next to itself needs no banner at the top
      setBanner(success && { kind: 'ok', text: success(v.report) });
      return 'done';
    } catch (err) {
      if (isSignedOut(err)) {
        signedOut();
        return 'conflict';
      }
      if (!isStale(err) && !isNotAllowed(err)) throw err;
      const fresh = await api.report(id);
      show(fresh);
      const stillPossible = !move || fresh.report.allowedMoves.includes(move.to);
      if (isNotAllowed(err) || !stillPossible) setBanner({ kind: 'not-allowed', allowed: fresh.report.allowedMoves });
      else setBanner({ kind: 'stale', retry: () => void change(action, success, move).catch((e) => setBanner({ kind: 'ok', text: e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : t('error.network') })) });
      return 'conflict';
    }
  }

  if (loadError)
    return (
      <section>
        <p>
          <a href="/staf/">{t('report.back')}</a>
        </p>
        <h1>{t('report.title', { code: id })}</h1>
        <p class="notice error" role="alert">
          {loadError}
        </p>
      </section>
    );
  if (!current) return <p aria-busy="true">{t('loading')}</p>;
  const r = current.report;
  const desk = official.role === 'admin' || official.role === 'triage';
  const canPhoto = official.role !== 'district' && COMPLETION_PHOTO_STATUSES.includes(r.status);

  return (
    <article>
      <p>
        <a href="/staf/">{t('report.back')}</a>
      </p>
      <h1>{t('report.title', { code: r.id })}</h1>
      <p>
        <span class="badge" data-testid="status">{t(`status.${r.status}`)}</span> {r.overdue && <span class="badge warn">{t('overdue')}</span>}{' '}
        {r.escalationLevel > 0 && <span class="badge warn">{t('escalated', { level: r.escalationLevel })}</span>}
      </p>
      <div ref={bannerRef} tabIndex={-1}>
        {banner?.kind === 'ok' && (
          <p class="notice ok" role="status">
            {banner.text}
          </p>
        )}
        {banner?.kind === 'stale' && (
          <div class="notice error" role="alert">
            <p>{t('conflict.stale')}</p>
            {banner.retry && (
              <button type="button" onClick={banner.retry}>
                {t('conflict.retry')}
              </button>
            )}
          </div>
        )}
        {banner?.kind === 'not-allowed' && (
          <div class="notice error" role="alert">
            <p>{t('conflict.stale')}</p>
            <p>{t('conflict.notAllowed', { allowed: names(banner.allowed, r.status) })}</p>
          </div>
        )}
      </div>

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t('report.details')}</h2>
        <dl class="facts">
          <dt>{t('report.category')}</dt>
          <dd>{directory.name('categories', r.category)}</dd>
          <dt>{t('report.district')}</dt>
          <dd>{directory.name('districts', r.district)}</dd>
          <dt>{t('report.unit')}</dt>
          <dd>{r.unit ? directory.name('units', r.unit) : t('report.unit.none')}</dd>
          <dt>{t('report.priority')}</dt>
          <dd>{['low', 'normal', 'high', 'urgent'].includes(r.priority) ? t(`priority.${r.priority as 'low'}`) : r.priority}</dd>
          <dt>{t('report.created')}</dt>
          <dd>{formatDate(r.createdAt)}</dd>
          {r.dueAt && (
            <>
              <dt>{t('report.due')}</dt>
              <dd>{formatDate(r.dueAt)}</dd>
            </>
          )}
          {r.expectedAt && (
            <>
              <dt>{t('report.expected')}</dt>
              <dd>{formatDate(r.expectedAt)}</dd>
            </>
          )}
          {r.duplicateOf && (
            <>
              <dt>{t('report.duplicateOf')}</dt>
              <dd>
                <a href={reportPath(r.duplicateOf)}>{r.duplicateOf}</a>
              </dd>
            </>
          )}
          {r.agency && (
            <>
              <dt>{t('report.agency')}</dt>
              <dd>{directory.name('agencies', r.agency)}</dd>
            </>
          )}
          {r.address && (
            <>
              <dt>{t('report.address')}</dt>
              <dd>{r.address}</dd>
            </>
          )}
          {r.location && (
            <>
              <dt>{t('report.location')}</dt>
              <dd>
                {r.location.lat.toFixed(5)}, {r.location.lon.toFixed(5)}
              </dd>
            </>
          )}
        </dl>
        {r.confidential && <p class="notice">{t('report.confidential')}</p>}
        <h3>{t('report.original')}</h3>
        <p class="note">{r.description}</p>
      </section>

      {r.photos.length > 0 && (
        <section aria-labelledby="photos-title">
          <h2 id="photos-title">{t('report.photos')}</h2>
          <ul class="photos">
            {r.photos.map((p) => (
              <li key={p.id}>
                <a href={p.url} target="_blank" rel="noopener">
                  <img src={p.thumbnailUrl} alt={t(p.kind === 'completion' ? 'report.photo.completion' : 'report.photo.report')} width={128} height={128} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <ContactPanel reporter={r.reporter} reveal={() => api.report(id, { revealContact: true }).then((v) => (show(v), v.report.reporter))} />

      <MovePanel
        report={r}
        directory={directory}
        send={(move, values: Partial<Record<MoveField, string>>) =>
          change((tag) => api.transition(id, tag, transitionBody(move, values)), (next) => t('move.done', { status: t(`status.${next.status}`) }), move)
        }
      />

      {canPhoto && <CompletionPhoto grant={(type) => api.photoGrant(id, type)} reload={() => api.report(id)} arrived={show} />}

      {desk && <DescriptionForm published={r.publicDescription} save={(description) => change((tag) => api.update(id, tag, { description }), undefined)} />}

      <NotesForm
        save={async (text, visibility) => {
          const { entry, etag: next } = await api.note(id, text, visibility);
          if (next) etag.current = next;
          setCurrent((c) => c && { etag: next ?? c.etag, report: { ...c.report, version: c.report.version + 1, history: [...c.report.history, entry] } });
        }}
      />

      <History entries={r.history} />
    </article>
  );
}
