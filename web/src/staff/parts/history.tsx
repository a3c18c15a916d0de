/** The report's full history, oldest first: every status change, note, edit, photo and escalation, with who and when. */
import { formatDate } from '../../i18n/index';
import { t } from '../../i18n/staff';
import type { HistoryEntry } from '../staff-api';

const FIELD_NAMES: Record<string, 'description.field' | 'report.category' | 'report.unit' | 'report.priority'> = {
  publicDescription: 'description.field',
  category: 'report.category',
  unit: 'report.unit',
  priority: 'report.priority',
};

function what(e: HistoryEntry): string {
  switch (e.type) {
    case 'created':
      return t('history.created');
    case 'status':
      return e.from ? t('history.status', { from: t(`status.${e.from}`), to: t(`status.${e.to!}`) }) : t(`status.${e.to!}`);
    case 'note':
      return t('history.note');
    case 'edit': {
      const field = String(e.data?.field ?? '');
      return t('history.edit', { field: FIELD_NAMES[field] ? t(FIELD_NAMES[field]) : field });
    }
    case 'escalated':
      return t('history.escalated');
    case 'photo':
      return t('history.photo');
  }
}

function role(r: string): string {
  return ['admin', 'triage', 'officer', 'district', 'system', 'citizen'].includes(r) ? t(`role.${r as 'admin'}`) : r;
}

export function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      <ol class="timeline">
        {entries.map((e) => (
          <li key={e.seq}>
            <strong>{what(e)}</strong>{' '}
            <span class={e.visibility === 'internal' ? 'tag internal' : 'tag'}>{t(e.visibility === 'internal' ? 'history.internal' : 'history.public')}</span>
            <br />
            <span class="muted">
              <time dateTime={e.at}>{formatDate(e.at)}</time> · {t('history.by', { who: role(e.actor.role) })}
            </span>
            {e.note && <p class="note">{e.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
