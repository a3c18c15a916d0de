/** "Foto": up to five, from the camera or the gallery, each scaled on the phone before it is kept or sent. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n/citizen';
import { scalePhoto } from '../photo-scale';
import { Field } from './field';

export const MAX_PHOTOS = 5;

export function PhotoField({ photos, error, onChange }: { photos: Blob[]; error?: string; onChange(photos: Blob[]): void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);

  const add = async (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length === 0) return;
    setProblem(files.length + photos.length > MAX_PHOTOS ? t('form.photos.tooMany') : '');
    setBusy(true);
    const scaled: Blob[] = [];
    for (const file of files.slice(0, MAX_PHOTOS - photos.length)) {
      try {
        scaled.push(await scalePhoto(file));
      } catch {
        setProblem(t('form.photos.unreadable'));
      }
    }
    setBusy(false);
    if (scaled.length) onChange([...photos, ...scaled]);
  };

  // the button goes with its photo: the focus moves to the field, not to the top of the page
  const remove = (i: number) => {
    onChange(photos.filter((_, j) => j !== i));
    requestAnimationFrame(() => document.getElementById('photos')?.focus());
  };

  return (
    <Field id="photos" label={t('form.photos')} hint={t('form.photos.hint')} error={error || problem || undefined}>
      {(aria) => (
        <>
          <input {...aria} type="file" accept="image/*" multiple disabled={busy || photos.length >= MAX_PHOTOS} onChange={(e) => void add(e.currentTarget)} />
          {busy && <p aria-live="polite">{t('form.photos.preparing')}</p>}
          {photos.length > 0 && (
            <ul class="photos">
              {urls.map((url, i) => (
                <li key={url}>
                  <img src={url} alt={t('form.photos.alt', { n: i + 1 })} width={128} height={128} />
                  <button type="button" class="link" onClick={() => remove(i)}>
                    {t('form.photos.remove', { n: i + 1 })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Field>
  );
}
