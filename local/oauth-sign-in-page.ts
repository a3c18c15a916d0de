/**
 * The local sign-in page, standing in for Cognito's managed login: instead of a password it asks which official
 * to be (role, unit, kecamatan), so a developer can try every role. Plain HTML with no script, so it works under
 * any Content-Security-Policy and is trivially accessible.
 */
import type { Language } from '../shared/config/jurisdiction';

export interface SignInPageInput {
  lang: Language;
  /** the authorize request's parameters, carried through the form as hidden fields */
  params: Record<string, string>;
  units: { code: string; name: string }[];
  districts: { code: string; name: string }[];
  chosen?: { role?: string; unit?: string; district?: string };
  error?: { field: 'role' | 'unit' | 'district'; message: string };
}

export const LOCAL_ROLES = ['admin', 'triage', 'officer', 'district'] as const;

const TEXT = {
  id: {
    title: 'Masuk (lokal) — Si Centang',
    heading: 'Masuk sebagai petugas',
    intro: 'Halaman masuk lokal: pada AWS, petugas masuk melalui halaman masuk Cognito dengan kata sandi dan MFA. Di sini Anda memilih peran yang ingin dicoba.',
    role: 'Peran',
    unit: 'Bidang',
    district: 'Kecamatan',
    none: '— tidak ada —',
    unitHint: 'Wajib untuk peran officer.',
    districtHint: 'Wajib untuk peran district.',
    submit: 'Masuk',
  },
  en: {
    title: 'Sign in (local) — Si Centang',
    heading: 'Sign in as an official',
    intro: 'Local sign-in page: on AWS, officials sign in on the Cognito sign-in page with a password and MFA. Here you pick the role to try.',
    role: 'Peran',
    unit: 'Bidang',
    district: 'Kecamatan',
    none: '— none —',
    unitHint: 'Required for the officer role.',
    districtHint: 'Required for the district role.',
    submit: 'Masuk',
  },
} as const;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function select(name: string, label: string, options: { value: string; text: string }[], chosen: string | undefined, hint: string | undefined, error: string | undefined): string {
  const described = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ');
  return `<div class="field">
  <label for="${name}">${escapeHtml(label)}</label>
  ${hint ? `<p class="hint" id="${name}-hint">${escapeHtml(hint)}</p>` : ''}
  ${error ? `<p class="error" id="${name}-error">${escapeHtml(error)}</p>` : ''}
  <select id="${name}" name="${name}"${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}>
${options.map((o) => `    <option value="${escapeHtml(o.value)}"${o.value === (chosen ?? '') ? ' selected' : ''}>${escapeHtml(o.text)}</option>`).join('\n')}
  </select>
</div>`;
}

export function renderSignInPage(input: SignInPageInput): string {
  const t = TEXT[input.lang];
  const err = (field: string) => (input.error?.field === field ? input.error.message : undefined);
  const none = { value: '', text: t.none };
  return `<!doctype html>
<html lang="${input.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b1f23; }
  main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; }
  .field { margin: 1rem 0; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  select, button { font: inherit; width: 100%; padding: .5rem; }
  button { background: #0b5394; color: #fff; border: 0; border-radius: 4px; margin-top: 1rem; cursor: pointer; }
  .hint { margin: 0 0 .25rem; color: #4a5561; font-size: .9rem; }
  .error { margin: 0 0 .25rem; color: #a4161a; font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(t.heading)}</h1>
<p>${escapeHtml(t.intro)}</p>
<form method="post" action="authorize">
${Object.entries(input.params)
  .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
  .join('\n')}
${select('role', t.role, LOCAL_ROLES.map((r) => ({ value: r, text: r })), input.chosen?.role ?? 'triage', undefined, err('role'))}
${select('unit', t.unit, [none, ...input.units.map((u) => ({ value: u.code, text: u.name }))], input.chosen?.unit, t.unitHint, err('unit'))}
${select('district', t.district, [none, ...input.districts.map((d) => ({ value: d.code, text: d.name }))], input.chosen?.district, t.districtHint, err('district'))}
<button type="submit">${escapeHtml(t.submit)}</button>
</form>
</main>
</body>
</html>`;
}

export function renderErrorPage(lang: Language, message: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Si Centang</title></head>
<body><main><h1>${lang === 'en' ? 'Sign-in request refused' : 'Permintaan masuk ditolak'}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
}
