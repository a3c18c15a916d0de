/** What the form can tell before sending, and where the API's per-field refusals belong on the form. */
import type { Problem } from '../../api';
import { t } from '../../i18n/citizen';
import type { Draft } from '../draft';

/** The form's fields in screen order: the first with an error gets the focus. */
export const FIELDS = ['category', 'district', 'location', 'address', 'description', 'photos', 'phone', 'name'] as const;
export type FieldName = (typeof FIELDS)[number];
export type Errors = Partial<Record<FieldName, string>>;

export function checkDraft(d: Draft): Errors {
  const errors: Errors = {};
  if (!d.category) errors.category = t('form.error.category');
  if (!d.district) errors.district = t('form.error.district');
  if (!d.location && d.address.trim().length === 0) errors.address = t('form.error.where');
  if (d.description.trim().length < 10) errors.description = t('form.error.description');
  if (!d.phone.trim()) errors.phone = t('form.error.phone');
  return errors;
}

const API_FIELDS: Record<string, FieldName> = {
  category: 'category',
  district: 'district',
  location: 'location',
  address: 'address',
  description: 'description',
  'reporter.phone': 'phone',
  'reporter.name': 'name',
};

/** The problem's `errors` on the fields they name; what names no field stays for the banner. */
export function problemErrors(problem: Problem): { errors: Errors; other: string[] } {
  const errors: Errors = {};
  const other: string[] = [];
  for (const e of problem.errors ?? []) {
    const field = API_FIELDS[e.field] ?? API_FIELDS[e.field.split('.')[0]!];
    if (field) errors[field] = errors[field] ? `${errors[field]} ${e.message}` : e.message;
    else other.push(e.message);
  }
  if (!problem.errors?.length) other.push(problem.detail ?? problem.title);
  return { errors, other };
}
