/**
 * The moves this official may make now, as buttons named for what they do. A button opens the move's form (a unit
 * for "Verifikasi", a reason for "Tolak", …); sending it changes the status. Field errors from the API appear
 * next to their field. Conflicts (412, 409) are the page's business: it reloads the report and says what changed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n/staff';
import type { Directory } from '../directory';
import { missingFields, movesFor, type MoveField, type MoveUi } from '../moves';
import type { StaffReport } from '../staff-api';
import { Field, fieldOf } from './fields';

export type MoveOutcome = 'done' | 'conflict';

export interface MovePanelProps {
  report: StaffReport;
  directory: Directory;
  /** sends the move; resolves 'conflict' when the page handled a 412 or 409, throws other API errors */
  send(move: MoveUi, values: Partial<Record<MoveField, string>>): Promise<MoveOutcome>;
}

const LABELS: Record<MoveField, Parameters<typeof t>[0]> = {
  unit: 'field.unit',
  reason: 'field.reason',
  duplicateOf: 'field.duplicateOf',
  agency: 'field.agency',
  note: 'field.note',
  expectedAt: 'field.expectedAt',
};

export function MovePanel({ report, directory, send }: MovePanelProps) {
  const moves = movesFor(report.status, report.allowedMoves);
  const [open, setOpen] = useState<MoveUi | undefined>(undefined);
  // a reload (someone else's change) can take the open move away: its form goes with it
  useEffect(() => {
    if (open && !moves.some((m) => m.label === open.label)) setOpen(undefined);
  }, [report.status, report.allowedMoves.join()]);

  return (
    <section aria-labelledby="moves-title">
      <h2 id="moves-title">{t('moves.title')}</h2>
      {moves.length === 0 && <p>{t('moves.none')}</p>}
      <div class="actions">
        {moves.map((m) => (
          <button type="button" key={m.label} class={open?.label === m.label ? undefined : 'secondary'} aria-expanded={open?.label === m.label} onClick={() => setOpen(open?.label === m.label ? undefined : m)}>
            {t(m.label)}
          </button>
        ))}
      </div>
      {open && <MoveForm key={open.label} move={open} report={report} directory={directory} send={send} close={() => setOpen(undefined)} />}
    </section>
  );
}

function MoveForm({ move, report, directory, send, close }: { move: MoveUi; report: StaffReport; directory: Directory; send: MovePanelProps['send']; close(): void }) {
  const defaultUnit = directory.categories.find((c) => c.code === report.category)?.defaultUnit;
  const [values, setValues] = useState<Partial<Record<MoveField, string>>>(move.required.includes('unit') && defaultUnit ? { unit: defaultUnit } : {});
  const [errors, setErrors] = useState<Partial<Record<MoveField | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => first.current?.querySelector<HTMLElement>('select, input, textarea, button')?.focus(), []);

  const set = (field: MoveField) => (e: Event) => setValues((v) => ({ ...v, [field]: (e.target as HTMLInputElement).value }));
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing = missingFields(move, values);
    if (missing.length > 0) return setErrors(Object.fromEntries(missing.map((f) => [f, t('field.required')])));
    setBusy(true);
    setErrors({});
    try {
      if ((await send(move, values)) === 'done') close();
    } catch (err) {
      if (!(err instanceof ApiError)) return setErrors({ form: t('error.network') });
      const next: Partial<Record<MoveField | 'form', string>> = {};
      for (const fe of err.problem.errors ?? []) {
        const f = fieldOf(fe.field);
        if (f in LABELS) next[f as MoveField] = fe.message;
        else next.form = f === 'photos' ? t('move.photoFirst') : fe.message;
      }
      if (Object.keys(next).length === 0) next.form = err.problem.detail ?? err.problem.title;
      setErrors(next);
    } finally {
      setBusy(false);
    }
  };

  const fields = [...move.required, ...move.optional];
  const id = (f: MoveField) => `move-${f}`;
  return (
    <form class="card" onSubmit={submit} noValidate>
      <div ref={first}>
        {errors.form && (
          <p class="notice error" role="alert">
            {errors.form}
          </p>
        )}
        {move.mayNeedCompletionPhoto && <p class="hint">{t('move.photoFirst')}</p>}
        {fields.map((f) => (
          <Field key={f} id={id(f)} label={t(f === 'reason' && move.to === 'closed' ? 'field.reason.close' : LABELS[f])} hint={f === 'note' ? t('field.note.hint') : undefined} error={errors[f]}>
            {(describedBy, invalid) => {
              const common = { id: id(f), name: f, value: values[f] ?? '', onInput: set(f), onChange: set(f), 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined, required: move.required.includes(f) };
              if (f === 'unit' || f === 'agency') {
                const options = f === 'unit' ? directory.units : directory.agencies;
                return (
                  <select {...common}>
                    <option value="">{t(f === 'unit' ? 'field.unit.choose' : 'field.agency.choose')}</option>
                    {options.map((o) => (
                      <option key={o.code} value={o.code}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                );
              }
              if (f === 'note' || f === 'reason') return <textarea {...common} maxLength={f === 'note' ? 2000 : 1000} />;
              if (f === 'expectedAt') return <input {...common} type="date" />;
              return <input {...common} type="text" autoComplete="off" />;
            }}
          </Field>
        ))}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('move.confirm', { move: t(move.label) })}
          </button>
          <button type="button" class="secondary" onClick={close}>
            {t('move.cancel')}
          </button>
        </div>
      </div>
    </form>
  );
}
