/** After sending: the tracking code, large, with copy and share, and what happens next. */
import { useState } from 'preact/hooks';
import { formatDate } from '../../i18n/index';
import { t } from '../../i18n/citizen';
import type { SentReport } from '../outbox';
import { trackPath } from '../track-link';

export function SentPanel({ report, onAnother }: { report: SentReport; onAnother(): void }) {
  const [copied, setCopied] = useState(false);
  const path = trackPath(report.id, report.key);
  const photosFailed = report.photosFailed ?? 0;
  const link = `${location.origin}${path}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(report.id);
      setCopied(true);
    } catch {
      // the code stays on screen to write down
    }
  };
  const share = () => void navigator.share?.({ title: t('sent.shareText', { code: report.id }), text: t('sent.shareText', { code: report.id }), url: link }).catch(() => undefined);
  return (
    <section class="card" aria-labelledby="sent-title">
      <h1 id="sent-title" tabIndex={-1}>
        {t('sent.title')}
      </h1>
      <p>{t('sent.code')}</p>
      <p class="code" data-testid="tracking-code">
        {report.id}
      </p>
      <div class="row wrap">
        <button type="button" onClick={() => void copy()}>
          {t('sent.copy')}
        </button>
        {'share' in navigator && (
          <button type="button" class="secondary" onClick={share}>
            {t('sent.share')}
          </button>
        )}
      </div>
      <p aria-live="polite">{copied ? t('sent.copied') : ''}</p>
      {photosFailed > 0 && <p class="notice error">{t('outbox.photoFailed', { n: photosFailed })}</p>}
      <p>{t('sent.next')}</p>
      {report.dueAt && <p>{t('sent.due', { date: formatDate(report.dueAt) })}</p>}
      <p>
        <a class="button" href={path}>
          {t('sent.track')}
        </a>
      </p>
      <p>
        <button type="button" class="link" onClick={onAnother}>
          {t('sent.another')}
        </button>
      </p>
    </section>
  );
}
