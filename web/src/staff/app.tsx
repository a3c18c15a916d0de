/** The console's frame: header (who is signed in, language, sign-out) and the page for the route. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { lang, onLangChange, setLang } from '../i18n/index';
import { t } from '../i18n/staff';
import type { ConsoleConfig } from './config';
import { Console } from './context';
import { useDirectory } from './directory';
import { QueuePage } from './pages/queue';
import { ReportPage } from './pages/report';
import { SignInPage } from './pages/sign-in';
import { useStaffRoute } from './router';
import type { Session } from './session';
import { staffApi } from './staff-api';

export function App({ config, session }: { config: ConsoleConfig; session: Session }) {
  const [currentLang, setLangState] = useState(lang());
  useEffect(() => onLangChange(setLangState), []);
  const [expired, setExpired] = useState(false);
  const official = expired ? undefined : session.current();
  const route = useStaffRoute();
  const directory = useDirectory(config, currentLang);
  const api = useMemo(() => staffApi(() => session.current()?.accessToken ?? '', () => setExpired(true)), [session]);

  const who = official && `${t(`role.${official.role}`)}${official.unit ? ` · ${directory.name('units', official.unit)}` : ''}${official.district ? ` · ${directory.name('districts', official.district)}` : ''}`;
  return (
    <>
      <a class="skip" href="#main">
        {t('console.skip')}
      </a>
      <header class="top">
        <a class="brand" href="/staf/">
          <img src="/icon.svg" alt="" width="28" height="28" />
          {t('app.name')} · {t('console.title')}
        </a>
        <nav aria-label={t('console.nav')}>
          {official && <a href="/staf/">{t('console.queue')}</a>}
          <button type="button" class="link" lang={currentLang === 'id' ? 'en' : 'id'} aria-label={t('lang.switch.label')} onClick={() => setLang(currentLang === 'id' ? 'en' : 'id')}>
            {t('lang.switch')}
          </button>
          {official && (
            <button type="button" class="link" onClick={() => void session.signOut()}>
              {t('console.signOut')}
            </button>
          )}
        </nav>
      </header>
      {official && <p class="whoami">{t('console.signedInAs', { who: who ?? '' })}</p>}
      <main id="main" tabIndex={-1} key={currentLang}>
        {!official ? (
          <SignInPage session={session} expired={expired || (session.error === undefined && hadSession())} />
        ) : (
          <Console.Provider value={{ config, official, api, directory, signedOut: () => setExpired(true) }}>
            {route.page === 'queue' && <QueuePage search={route.search} />}
            {route.page === 'report' && <ReportPage id={route.id} key={route.id} />}
            {route.page === 'not-found' && <QueuePage search="" />}
          </Console.Provider>
        )}
      </main>
    </>
  );
}

/** A stored but expired session: say why the sign-in page is back. */
function hadSession(): boolean {
  try {
    return Object.keys(sessionStorage).some((k) => k.startsWith('oidc.user:'));
  } catch {
    return false;
  }
}
