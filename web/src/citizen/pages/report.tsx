/**
 * /lapor: the report form, its draft kept on the device, and what happens after "Kirim laporan" (sending,
 * waiting for a signal, uploading photos, the tracking code).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { lang } from '../../i18n/index';
import { t } from '../../i18n/citizen';
import { clearDraft, emptyDraft, isEmpty, loadDraft, saveDraft, type Draft } from '../draft';
import { lookups, type Lookups } from '../lookups';
import { enqueue, flush, newIdempotencyKey, onOutbox, pendingCount, sentReports, startOutbox, type OutboxState, type ReportPayload, type SentReport } from '../outbox';
import { locate, nearby, type Located, type NearbyReport } from '../report/hints';
import { ReportForm } from '../report/report-form';
import { SentPanel } from '../report/sent-panel';
import { checkDraft, FIELDS, problemErrors, type Errors } from '../report/validate';
import { navigate, type Route } from '../router';

type Phase = { kind: 'editing' } | { kind: 'outbox'; key: string; state: OutboxState };

function toPayload(d: Draft): ReportPayload {
  return {
    category: d.category,
    district: d.district,
    description: d.description.trim(),
    ...(d.address.trim() && { address: d.address.trim() }),
    ...(d.location && { location: d.location }),
    reporter: { phone: d.phone.trim(), ...(d.name.trim() && { name: d.name.trim() }), anonymous: d.anonymous, language: lang() },
    confidential: d.confidential,
  };
}

const focusField = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

export function ReportPage({ route }: { route: Route }) {
  const sentCode = route.page === 'report' ? route.sent : undefined;
  const [options, setOptions] = useState<Lookups | 'failed'>();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [ready, setReady] = useState(false);
  const [restored, setRestored] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [pending, setPending] = useState(0);
  const [located, setLocated] = useState<Located>();
  const [near, setNear] = useState<NearbyReport[]>([]);
  const phaseRef = useRef(phase);
  phaseRef.current = phase;
  const [sent, setSent] = useState<SentReport | 'unknown'>();

  const loadOptions = () => {
    setOptions(undefined);
    lookups().then(setOptions, () => setOptions('failed'));
  };

  const showProblem = (d: Draft) => {
    if (!d.problem) return;
    const { errors: fieldErrors, other } = problemErrors(d.problem);
    setErrors(fieldErrors);
    setBanner([t('form.errors'), ...other]);
    const first = FIELDS.find((f) => fieldErrors[f]);
    if (first) focusField(first);
  };

  useEffect(() => {
    loadOptions();
    void loadDraft().then((d) => {
      if (d) {
        setDraft({ ...emptyDraft(), ...d, problem: undefined });
        setRestored(!isEmpty(d) && !d.problem);
        showProblem(d);
      }
      setReady(true);
    });
    startOutbox();
    void pendingCount().then(setPending);
    return onOutbox((key, state) => {
      void pendingCount().then(setPending);
      const current = phaseRef.current;
      if (current.kind !== 'outbox' || current.key !== key) return;
      if (state.state === 'refused') {
        // the outbox put the form back in the draft, with the API's reasons
        void loadDraft().then((d) => {
          setDraft({ ...emptyDraft(), ...d, problem: undefined });
          setPhase({ kind: 'editing' });
          if (d) showProblem(d);
        });
        return;
      }
      setPhase({ kind: 'outbox', key, state });
      // the sent page has an address of its own: a language switch or a reload keeps showing the code
      if (state.state === 'sent') {
        history.replaceState(null, '', `/lapor?terkirim=${encodeURIComponent(state.created.id)}`);
        dispatchEvent(new PopStateEvent('popstate'));
      }
    });
  }, []);

  // the page after sending, from what this device keeps of the reports it sent
  useEffect(() => {
    if (!sentCode) return setSent(undefined);
    let live = true;
    void sentReports().then((all) => live && setSent(all.find((r) => r.id === sentCode) ?? 'unknown'));
    return () => void (live = false);
  }, [sentCode]);
  useEffect(() => {
    if (sent && sent !== 'unknown') focusField('sent-title');
  }, [sent]);

  // the draft is written a moment after the last keystroke, and not once the report is on its way
  useEffect(() => {
    if (!ready || phase.kind !== 'editing') return;
    const timer = setTimeout(() => void saveDraft(draft), 300);
    return () => clearTimeout(timer);
  }, [draft, ready, phase.kind]);
  // leaving the page (another page, the language switch, the tab closing) writes what that moment had not yet
  const unsaved = useRef<Draft>();
  unsaved.current = ready && phase.kind === 'editing' ? draft : undefined;
  useEffect(() => {
    const now = () => unsaved.current && void saveDraft(unsaved.current);
    addEventListener('pagehide', now);
    return () => {
      removeEventListener('pagehide', now);
      now();
    };
  }, []);

  // a rule met since the form was checked (a kecamatan the pin filled in, a location instead of an address) takes
  // its message along; the API's refusals stay until their field is edited
  const checked = useRef<Errors>({});
  useEffect(() => {
    const still = checkDraft(draft);
    const met = (Object.keys(errors) as Array<keyof Errors>).filter((k) => errors[k] === checked.current[k] && !still[k]);
    if (met.length === 0) return;
    const left = Object.fromEntries(Object.entries(errors).filter(([k]) => !met.includes(k as keyof Errors))) as Errors;
    setErrors(left);
    // nothing left to check: the banner that said so goes too (not one with the API's other reasons)
    if (Object.keys(left).length === 0) setBanner((b) => (b.length === 1 && b[0] === t('form.errors') ? [] : b));
  }, [draft]);

  // hints from the pin: the kecamatan it lies in, and reports of the same kind nearby
  useEffect(() => {
    const point = draft.location;
    if (!point) return setLocated(undefined);
    let live = true;
    void locate(point).then((found) => {
      if (!live) return;
      setLocated(found);
      if (found?.district && !draft.district) setDraft((d) => ({ ...d, district: found.district!.code }));
    });
    return () => void (live = false);
  }, [draft.location?.lat, draft.location?.lon]);
  useEffect(() => {
    const point = draft.location;
    if (!point || !draft.category) return setNear([]);
    let live = true;
    void nearby(point, draft.category).then((items) => live && setNear(items));
    return () => void (live = false);
  }, [draft.location?.lat, draft.location?.lon, draft.category]);

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const touched = Object.keys(patch) as Array<keyof Errors>;
    if (touched.some((k) => errors[k])) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !touched.includes(k as keyof Errors))));
  };

  const submit = async () => {
    const found = checkDraft(draft);
    checked.current = found;
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) {
      setBanner([t('form.errors')]);
      return focusField(first);
    }
    setBanner([]);
    const key = newIdempotencyKey();
    setPhase({ kind: 'outbox', key, state: { state: 'sending' } });
    await enqueue(toPayload(draft), draft, key);
    await clearDraft();
  };

  const another = () => {
    setDraft(emptyDraft());
    setRestored(false);
    setLocated(undefined);
    setPhase({ kind: 'editing' });
    if (sentCode) navigate('/lapor');
  };

  if (sentCode && sent === undefined) return <p aria-busy="true">{t('loading')}</p>;
  if (sent && sent !== 'unknown') return <SentPanel report={sent} onAnother={another} />;

  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title">{t('form.title')}</h1>
      {phase.kind === 'outbox' ? (
        <OutboxStatus state={phase.state} />
      ) : (
        <>
          <p>{t('form.lead')}</p>
          {pending > 0 && <p class="notice">{t('home.pending', { count: pending })}</p>}
          {restored && (
            <p class="notice">
              {t('form.draft.restored')}{' '}
              <button type="button" class="link" onClick={() => (another(), void clearDraft())}>
                {t('form.draft.discard')}
              </button>
            </p>
          )}
          {banner.length > 0 && (
            <div class="notice error" role="alert">
              {banner.map((line) => (
                <p key={line}>{line}</p>
              ))}
            </div>
          )}
          {options === 'failed' ? (
            <p class="notice error">
              {t('form.lookups.failed')}{' '}
              <button type="button" class="link" onClick={loadOptions}>
                {t('form.retry')}
              </button>
            </p>
          ) : !options || !ready ? (
            <p aria-busy="true">{t('loading')}</p>
          ) : (
            <ReportForm draft={draft} lookups={options} errors={errors} located={located} nearby={near} busy={false} onChange={change} onSubmit={() => void submit()} />
          )}
        </>
      )}
    </section>
  );
}

function OutboxStatus({ state }: { state: OutboxState }) {
  if (state.state === 'waiting')
    return (
      <div class="notice" role="status">
        <p>
          <strong>{t('outbox.waiting')}</strong>
        </p>
        <p>{t('outbox.waiting.detail')}</p>
        <button type="button" class="secondary" onClick={() => void flush()}>
          {t('outbox.retryNow')}
        </button>
      </div>
    );
  if (state.state === 'uploading')
    return (
      <div class="notice" role="status">
        <p id="upload-label">{t('outbox.uploading', { n: state.photo, total: state.total })}</p>
        <progress aria-labelledby="upload-label" value={state.loaded} max={state.size || 1} />
      </div>
    );
  return (
    <p class="notice" role="status" aria-busy="true">
      {t('form.sending')}
    </p>
  );
}
