/**
 * The reporter's contact, hidden until asked for. "Tampilkan kontak" reads the report again: the API records every
 * read of a view that carries contact details (who, when, which report), so each reveal is an audited read.
 */
import { useState } from 'preact/hooks';
import { t } from '../../i18n/staff';
import type { StaffReport } from '../staff-api';

export interface Contact {
  phone?: string;
  name?: string;
}

export function ContactPanel({ anonymous, reveal }: { anonymous: boolean; reveal: () => Promise<StaffReport['reporter']> }) {
  const [contact, setContact] = useState<Contact | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const show = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const reporter = await reveal();
      setContact({ ...(reporter.phone && { phone: reporter.phone }), ...(reporter.name && { name: reporter.name }) });
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title">{t('contact.title')}</h2>
      {anonymous ? (
        <p>{t('contact.anonymous')}</p>
      ) : contact ? (
        <dl class="facts">
          <dt>{t('contact.phone')}</dt>
          <dd>
            {contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : '—'}
          </dd>
          <dt>{t('contact.name')}</dt>
          <dd>{contact.name ?? t('contact.noName')}</dd>
        </dl>
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
