/**
 * The reporter's contact. Triage and admin work with the reporter, so the API sends it with every read (and records
 * each one). Officers and district staff get `contactHidden` instead: "Tampilkan kontak" reads the report again with
 * `?reveal=contact`, the one read the API records for them. What was revealed stays shown on this page even when a
 * later read (after a move) comes back without it.
 */
import { useState } from 'preact/hooks';
import { t } from '../../i18n/staff';
import type { StaffReport } from '../staff-api';

type Reporter = StaffReport['reporter'];

export interface Contact {
  phone?: string;
  name?: string;
}

const contactOf = (reporter: Reporter): Contact => ({ ...(reporter.phone && { phone: reporter.phone }), ...(reporter.name && { name: reporter.name }) });

export function ContactPanel({ reporter, reveal }: { reporter: Reporter; reveal: () => Promise<Reporter> }) {
  const [revealed, setRevealed] = useState<Contact | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const show = async () => {
    setBusy(true);
    setFailed(false);
    try {
      setRevealed(contactOf(await reveal()));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  const contact = revealed ?? (reporter.contactHidden ? undefined : contactOf(reporter));
  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title">{t('contact.title')}</h2>
      {reporter.anonymous ? (
        <p>{t('contact.anonymous')}</p>
      ) : contact ? (
        <>
          <dl class="facts">
            <dt>{t('contact.phone')}</dt>
            <dd>{contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : '—'}</dd>
            <dt>{t('contact.name')}</dt>
            <dd>{contact.name ?? t('contact.noName')}</dd>
          </dl>
          <p class="hint">{t('contact.recorded')}</p>
        </>
      ) : (
        <>
          <p class="hint" id="contact-hint">
            {t('contact.hint')}
          </p>
          <button type="button" class="secondary" aria-describedby="contact-hint" onClick={() => void show()} disabled={busy}>
            {t('contact.show')}
          </button>
          {failed && (
            <p class="field-error" role="alert">
              {t('error.generic')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
