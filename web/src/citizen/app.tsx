import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { onLangChange, lang, setLang } from '../i18n/index';
import { t } from '../i18n/citizen';
import { useRoute, type Route } from './router';
import { HomePage } from './pages/home';
import { TrackPage } from './pages/track';

/**
 * The form and the map load on first visit, so `/` ships only what it shows. The tracking page (about 1 KB)
 * comes with the entry: it is what every SMS link opens, and a weak connection should not pay a second round trip.
 */
const lazyPages: Record<Exclude<Route['page'], 'home' | 'track' | 'not-found'>, () => Promise<ComponentType<{ route: Route }>>> = {
  report: () => import('./pages/report').then((m) => m.ReportPage),
  map: () => import('./pages/map').then((m) => m.MapPage),
  stats: () => import('./pages/stats').then((m) => m.StatsPage),
};

export function App() {
  const route = useRoute();
  const [, setLangState] = useState(lang());
  useEffect(() => onLangChange(setLangState), []);
  return (
    <>
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header class="top">
        <a class="brand" href="/">
          <img src="/icon.svg" alt="" width="28" height="28" />
          {t('app.name')}
        </a>
        <nav aria-label={t('nav.label')}>
          <a href="/lapor">{t('nav.report')}</a>
          <a href="/peta">{t('nav.map')}</a>
          <button type="button" class="link" lang={lang() === 'id' ? 'en' : 'id'} aria-label={t('lang.switch.label')} onClick={() => setLang(lang() === 'id' ? 'en' : 'id')}>
            {t('lang.switch')}
          </button>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} key={`${route.page}-${lang()}`} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  if (route.page === 'home') return <HomePage />;
  if (route.page === 'track') return <TrackPage route={route} />;
  if (route.page === 'not-found') return <NotFound />;
  return <Lazy load={lazyPages[route.page]} route={route} />;
}

function Lazy({ load, route }: { load: () => Promise<ComponentType<{ route: Route }>>; route: Route }) {
  const [Loaded, setLoaded] = useState<ComponentType<{ route: Route }> | 'failed' | undefined>(undefined);
  useEffect(() => {
    let live = true;
    load().then(
      (c) => live && setLoaded(() => c),
      () => live && setLoaded('failed'),
    );
    return () => void (live = false);
  }, [load]);
  if (Loaded === 'failed') return <p role="alert">{t('error.network')}</p>;
  if (!Loaded) return <p aria-busy="true">{t('loading')}</p>;
  return <Loaded route={route} />;
}

function NotFound() {
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/">{t('notFound.back')}</a>
      </p>
    </section>
  );
}
