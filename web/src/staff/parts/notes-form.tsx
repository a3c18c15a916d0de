/** A note on the report: public (on the tracking page) or internal (officials only). Any official who can read it may comment. */
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n/staff';
import { Field } from './fields';

export function NotesForm({ save }: { save(text: string, visibility: 'public' | 'internal'): Promise<void> }) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('internal');
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    if (!text.trim()) return setError(t('field.required'));
    setBusy(true);
    setError(undefined);
    try {
      await save(text.trim(), visibility);
      setText('');
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.errors?.[0]?.message ?? err.problem.detail ?? err.problem.title) : t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="notes-title">
      <h2 id="notes-title">{t('notes.title')}</h2>
      <form onSubmit={submit} noValidate>
        <Field id="note-text" label={t('notes.text')} error={error}>
          {(describedBy, invalid) => (
            <textarea id="note-text" value={text} maxLength={2000} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
          )}
        </Field>
        <fieldset class="choices">
          <legend>{t('notes.visibility')}</legend>
          {(['internal', 'public'] as const).map((v) => (
            <div class="check" key={v}>
              <input type="radio" id={`note-${v}`} name="note-visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} />
              <label for={`note-${v}`}>{t(v === 'public' ? 'notes.public' : 'notes.internal')}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('notes.submit')}
        </button>
        {saved && (
          <p class="notice ok" role="status">
            {t('notes.saved')}
          </p>
        )}
      </form>
    </section>
  );
}
