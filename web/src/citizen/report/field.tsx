/**
 * One labelled form field: the visible label is the control's accessible name, and the hint and the error
 * (the API's words, in the user's language) are tied to the control with aria-describedby.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../../i18n/citizen';

export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true; 'aria-required'?: true }) => ComponentChildren;
}

export const describedBy = (id: string, hint?: string, error?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

export function Field({ id, label, hint, error, required, children }: FieldProps) {
  const ids = describedBy(id, hint, error);
  return (
    <div class="field">
      <label for={id}>
        {label}
        {required && <Required />}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({ id, ...(ids && { 'aria-describedby': ids }), ...(error && { 'aria-invalid': true as const }), ...(required && { 'aria-required': true as const }) })}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

export function Required() {
  return (
    <span aria-hidden="true" title={t('form.required')}>
      {' '}
      *
    </span>
  );
}
