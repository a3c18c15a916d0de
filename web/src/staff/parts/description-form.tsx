/**
 * The published description: what the public reads once the report is verified. The triage desk removes phone or
 * ID numbers, names and abuse here; the citizen's original text stays visible to officials. Saving sends If-Match,
 * so an edit made meanwhile by someone else is never overwritten (the page handles the 412).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n/staff';
import { Field } from './fields';

export function DescriptionForm({ published, save }: { published: string; save(description: string): Promise<'done' | 'conflict'> }) {
  const [text, setText] = useState(published);
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // someone else's newer text replaces the field only when the official has not started editing
  const shown = useRef(published);
  useEffect(() => {
    setText((current) => (current === shown.current ? published : current));
    shown.current = published;
  }, [published]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    setBusy(true);
    setError(undefined);
    try {
      if ((await save(text.trim())) === 'done') setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.errors?.[0]?.message ?? err.problem.detail ?? err.problem.title) : t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="description-title">
      <h2 id="description-title">{t('description.title')}</h2>
      <form onSubmit={submit} noValidate>
        <Field id="public-description" label={t('description.field')} hint={t('description.hint')} error={error}>
          {(describedBy, invalid) => (
            <textarea id="public-description" value={text} maxLength={2000} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
          )}
        </Field>
        <button type="submit" disabled={busy || text.trim() === published}>
          {t('description.save')}
        </button>
        {saved && (
          <p class="notice ok" role="status">
            {t('description.saved')}
          </p>
        )}
      </form>
    </section>
  );
}
