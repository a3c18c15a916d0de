/**
 * On the tracking page of an open public report, the answer to "already reported?": a number gets an SMS at every
 * later status change instead of filing the same damage again (POST /v1/reports/{id}/followers).
 */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../../api';
import { lang } from '../../i18n/index';
import { t } from '../../i18n/citizen';
import { Field } from '../report/field';

type State = { kind: 'editing' | 'sending' } | { kind: 'following' } | { kind: 'refused'; phone?: string; other?: string };

export function FollowForm({ code }: { code: string }) {
  const [phone, setPhone] = useState('');
  const [state, setState] = useState<State>({ kind: 'editing' });
  const submit = async (e: Event) => {
    e.preventDefault();
    setState({ kind: 'sending' });
    try {
      await post(`/v1/reports/${encodeURIComponent(code)}/followers`, { phone, language: lang() });
      setState({ kind: 'following' });
    } catch (err) {
      // the API's words, in the user's language: by the field when it names the number, else above the button
      const onPhone = err instanceof ApiError ? err.fieldMessage('phone') : undefined;
      setState({ kind: 'refused', ...(onPhone ? { phone: onPhone } : { other: err instanceof ApiError ? err.message : t('error.network') }) });
    }
  };
  return (
    <section aria-labelledby="follow-title">
      <h2 id="follow-title">{t('follow.title')}</h2>
      {state.kind === 'following' ? (
        <p class="notice" role="status">
          {t('follow.done')}
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('follow.lead')}</p>
          <Field id="follow-phone" label={t('form.phone')} error={state.kind === 'refused' ? state.phone : undefined} required>
            {(aria) => <input {...aria} type="tel" autocomplete="tel" inputMode="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />}
          </Field>
          {state.kind === 'refused' && state.other && (
            <p class="notice error" role="alert">
              {state.other}
            </p>
          )}
          <button type="submit" disabled={state.kind === 'sending'}>
            {t('follow.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
