/**
 * The completion ("after") photo: the API grants one presigned POST, the browser sends the file straight to the
 * bucket, and the photo processor adds it to the report a moment later, so the page reads the report again until
 * the photo is there (or gives up and says so).
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n/staff';
import { uploadToGrant, type UploadGrant, type Versioned } from '../staff-api';
import { Field } from './fields';

const TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 10 * 1024 * 1024;
const POLLS = 20;
const POLL_MS = 1000;

type Phase = 'idle' | 'uploading' | 'processing' | 'ready' | 'slow';

export interface CompletionPhotoProps {
  grant(contentType: string): Promise<UploadGrant>;
  reload(): Promise<Versioned>;
  /** the report read after the photo arrived */
  arrived(v: Versioned): void;
}

export function CompletionPhoto({ grant, reload, arrived }: CompletionPhotoProps) {
  const [file, setFile] = useState<File | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<string | undefined>(undefined);

  const upload = async (e: Event) => {
    e.preventDefault();
    if (!file || !TYPES.includes(file.type)) return setError(t('photo.type'));
    if (file.size > MAX_BYTES) return setError(t('photo.size'));
    setError(undefined);
    setPhase('uploading');
    try {
      const g = await grant(file.type);
      await uploadToGrant(g, file);
      setPhase('processing');
      for (let i = 0; i < POLLS; i++) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const v = await reload();
        if (v.report.photos.some((p) => p.id === g.photoId)) {
          arrived(v);
          setPhase('ready');
          setFile(undefined);
          return;
        }
      }
      setPhase('slow');
    } catch (err) {
      setPhase('idle');
      setError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : t('photo.failed'));
    }
  };

  return (
    <section aria-labelledby="photo-title">
      <h2 id="photo-title">{t('photo.title')}</h2>
      <form onSubmit={upload} noValidate>
        <Field id="completion-photo" label={t('photo.field')} hint={t('photo.hint')} error={error}>
          {(describedBy, invalid) => (
            <input
              id="completion-photo"
              type="file"
              accept={TYPES.join(',')}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0])}
            />
          )}
        </Field>
        <button type="submit" disabled={!file || phase === 'uploading' || phase === 'processing'}>
          {t('photo.upload')}
        </button>
        <p role="status" class={phase === 'idle' ? 'visually-hidden' : 'notice'}>
          {phase === 'uploading' ? t('photo.uploading') : phase === 'processing' ? t('photo.processing') : phase === 'ready' ? t('photo.ready') : phase === 'slow' ? t('photo.slow') : ''}
        </p>
      </form>
    </section>
  );
}
