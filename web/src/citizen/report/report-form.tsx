/** The report form itself: every field with its visible label, hint and error, in the order people think. */
import type { JSX } from 'preact';
import { t } from '../../i18n/citizen';
import type { Draft } from '../draft';
import type { Lookups } from '../lookups';
import { Field, describedBy } from './field';
import type { Located, NearbyReport } from './hints';
import { LocationField } from './location-field';
import { PhotoField } from './photo-field';
import type { Errors } from './validate';

export interface ReportFormProps {
  draft: Draft;
  lookups: Lookups;
  errors: Errors;
  located?: Located;
  nearby: NearbyReport[];
  busy: boolean;
  onChange(patch: Partial<Draft>): void;
  onSubmit(): void;
}

const text = (handler: (value: string) => void) => (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => handler(e.currentTarget.value);

export function ReportForm({ draft, lookups, errors, located, nearby, busy, onChange, onSubmit }: ReportFormProps) {
  const submit = (e: Event) => {
    e.preventDefault();
    onSubmit();
  };
  const districtName = located?.district ? lookups.districts.find((d) => d.code === located.district!.code)?.name ?? located.district.name : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Field id="category" label={t('form.category')} error={errors.category} required>
        {(aria) => (
          <select {...aria} value={draft.category} onChange={text((category) => onChange({ category }))}>
            <option value="">{t('form.category.choose')}</option>
            {lookups.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="district" label={t('form.district')} error={errors.district} hint={districtName && draft.district === located?.district?.code ? t('form.district.fromPin', { name: districtName }) : undefined} required>
        {(aria) => (
          <select {...aria} value={draft.district} onChange={text((district) => onChange({ district }))}>
            <option value="">{t('form.district.choose')}</option>
            {lookups.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <LocationField value={draft.location} error={errors.location} onChange={(location) => onChange({ location })} />
      {located && !located.inJurisdiction && (
        <p class="notice error" role="status">
          {t('form.location.outside', { office: located.neighbour ? t('form.location.outsideOffice', { name: located.neighbour.name }) : '' })}
          {located.neighbour?.reportTo && ` ${t('form.location.reportTo', { office: located.neighbour.reportTo })}`}
        </p>
      )}
      {nearby.length > 0 && (
        <section class="notice" aria-labelledby="nearby-title">
          <h2 id="nearby-title">{t('nearby.title')}</h2>
          <ul>
            {nearby.map((r) => (
              <li key={r.id}>
                <a href={`/lacak/${r.id}`}>{r.id}</a>{' '}
                {t('nearby.item', {
                  category: lookups.categories.find((c) => c.code === r.category)?.name ?? r.category ?? '',
                  distance: Math.round(r.distanceMeters ?? 0),
                  status: t(`status.${r.status}` as 'status.received'),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Field id="address" label={t('form.address')} hint={t('form.address.hint')} error={errors.address}>
        {(aria) => <input {...aria} type="text" autocomplete="street-address" maxLength={300} value={draft.address} onInput={text((address) => onChange({ address }))} />}
      </Field>
      <Field id="description" label={t('form.description')} hint={t('form.description.hint')} error={errors.description} required>
        {(aria) => <textarea {...aria} maxLength={2000} value={draft.description} onInput={text((description) => onChange({ description }))} />}
      </Field>
      <PhotoField photos={draft.photos} error={errors.photos} onChange={(photos) => onChange({ photos })} />
      <Field id="phone" label={t('form.phone')} hint={t('form.phone.hint')} error={errors.phone} required>
        {(aria) => <input {...aria} type="tel" inputMode="tel" autocomplete="tel" maxLength={32} value={draft.phone} onInput={text((phone) => onChange({ phone }))} />}
      </Field>
      <Field id="name" label={t('form.name')} error={errors.name}>
        {(aria) => <input {...aria} type="text" autocomplete="name" maxLength={100} value={draft.name} onInput={text((name) => onChange({ name }))} />}
      </Field>
      <Check id="anonymous" label={t('form.anonymous')} hint={t('form.anonymous.hint')} checked={draft.anonymous} onChange={(anonymous) => onChange({ anonymous })} />
      <Check id="confidential" label={t('form.confidential')} hint={t('form.confidential.hint')} checked={draft.confidential} onChange={(confidential) => onChange({ confidential })} />
      <p>
        <button type="submit" class="big" disabled={busy}>
          {busy ? t('form.sending') : t('form.submit')}
        </button>
      </p>
    </form>
  );
}

function Check({ id, label, hint, checked, onChange }: { id: string; label: string; hint: string; checked: boolean; onChange(v: boolean): void }) {
  return (
    <div class="field">
      <div class="check">
        <input id={id} type="checkbox" checked={checked} aria-describedby={describedBy(id, hint)} onChange={(e) => onChange(e.currentTarget.checked)} />
        <label for={id}>{label}</label>
      </div>
      <p class="hint indent" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
