import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/citizen';
import { navigate } from '../router';
import { trackPath } from '../track-link';

export function HomePage() {
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [mine, setMine] = useState<{ pending: number; sent: Array<{ id: string; key?: string }> }>({ pending: 0, sent: [] });
  useEffect(() => {
    let live = true;
    // the device's own queue, loaded after the page shows: it is not part of the first paint
    void import('../outbox').then(async (m) => {
      const update = async () => live && setMine({ pending: await m.pendingCount(), sent: await m.sentReports() });
      await update();
      const off = m.onOutbox(() => void update());
      if (!live) off();
    });
    return () => void (live = false);
  }, []);
  const track = (event: Event) => {
    event.preventDefault();
    const clean = code.trim().toUpperCase();
    if (!clean) return setError(t('home.track.empty'));
    navigate(`/lacak/${encodeURIComponent(clean)}`);
  };
  return (
    <>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.lead')}</p>
        <a class="button big" href="/lapor">
          {t('home.report')}
        </a>
      </section>
      <section class="card">
        <h2>{t('home.track.title')}</h2>
        <form onSubmit={track} noValidate>
          <label for="code">{t('home.track.code')}</label>
          <p class="hint" id="code-hint">
            {t('home.track.hint')}
          </p>
          <div class="row">
            <input
              id="code"
              name="code"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              value={code}
              aria-describedby={error ? 'code-hint code-error' : 'code-hint'}
              aria-invalid={error ? true : undefined}
              onInput={(e) => setCode((e.target as HTMLInputElement).value)}
            />
            <button type="submit">{t('home.track.button')}</button>
          </div>
          {error && (
            <p class="field-error" id="code-error">
              {error}
            </p>
          )}
        </form>
      </section>
      {mine.pending > 0 && (
        <p class="notice" role="status">
          {t('home.pending', { count: mine.pending })} · <a href="/lapor">{t('outbox.waiting')}</a>
        </p>
      )}
      {mine.sent.length > 0 && (
        <section>
          <h2>{t('home.mine')}</h2>
          <ul>
            {mine.sent.map((r) => (
              <li key={r.id}>
                <a href={trackPath(r.id, r.key)}>{r.id}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href="/peta">{t('home.map')}</a>
      </p>
      <p>
        <a href="/statistik">{t('home.stats')}</a>
      </p>
    </>
  );
}
