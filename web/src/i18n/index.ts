/**
 * The one message catalogue: every text on screen comes from a dictionary here, Indonesian first.
 * Each area (citizen app, staff console) has its own dictionary file and builds its `t` with `translator`,
 * so a page ships only the words it shows. The chosen language is also what the API is asked to answer in.
 */
export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];

/** One message in every language; `{name}` marks a value filled in by `t(key, { name })`. */
export type Messages = Record<string, Record<Lang, string>>;

const STORAGE_KEY = 'si-centang.lang';
const listeners = new Set<(lang: Lang) => void>();

function stored(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (value === 'id' || value === 'en') return value;
  } catch {
    // storage may be blocked (private mode): Indonesian, the default
  }
  return 'id';
}

let current: Lang = stored();

export const lang = (): Lang => current;

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // the choice then lasts for this page only
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Translate<M extends Messages> = (key: keyof M & string, params?: Record<string, string | number>) => string;

/** A typed `t` over one area's dictionary: an unknown key is a compile error, a missing value shows the key. */
export function translator<M extends Messages>(messages: M): Translate<M> {
  return (key, params) => {
    const text = messages[key]?.[current] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}

/** Dates as people read them in the chosen language, in the jurisdiction's time zone. */
export function formatDate(iso: string, withTime = true): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current === 'id' ? 'id-ID' : 'en-GB', {
    dateStyle: 'medium',
    ...(withTime && { timeStyle: 'short' }),
    timeZone: 'Asia/Jakarta',
  }).format(date);
}
