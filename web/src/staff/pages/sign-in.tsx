/** Signed out: what the console is, and one "Masuk" button that goes to the sign-in provider. */
import { useState } from 'preact/hooks';
import { t } from '../../i18n/staff';
import type { Session } from '../session';

export function SignInPage({ session, expired }: { session: Session; expired: boolean }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(session.error);
  const signIn = async () => {
    setBusy(true);
    try {
      await session.signIn();
    } catch (err) {
      setBusy(false);
      setFailed(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section>
      <h1>{t('console.title')}</h1>
      <p>{t('signIn.lead')}</p>
      {failed && (
        <p class="notice error" role="alert">
          {t('signIn.failed', { reason: failed })}
        </p>
      )}
      {session.withoutRole() && (
        <p class="notice error" role="alert">
          {t('signIn.noRole')}
        </p>
      )}
      {!failed && expired && (
        <p class="notice" role="status">
          {t('signIn.expired')}
        </p>
      )}
      <button type="button" class="big" onClick={() => void signIn()} disabled={busy}>
        {t('signIn.button')}
      </button>
    </section>
  );
}
