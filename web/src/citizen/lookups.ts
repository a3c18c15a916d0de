/** Categories and kecamatan in the chosen language; the last answer is kept so the form also opens offline. */
import { get } from '../api';
import { lang } from '../i18n/index';
import { load, save } from './store';

export interface Option {
  code: string;
  name: string;
}
export interface Lookups {
  categories: Option[];
  districts: Option[];
}

const memo = new Map<string, Promise<Lookups>>();

export function lookups(): Promise<Lookups> {
  const key = `lookups:${lang()}`;
  let found = memo.get(key);
  if (!found) {
    found = Promise.all([get<{ items: Option[] }>('/v1/categories'), get<{ items: Option[] }>('/v1/districts')]).then(
      async ([c, d]) => {
        const value = { categories: c.items.map(({ code, name }) => ({ code, name })), districts: d.items.map(({ code, name }) => ({ code, name })) };
        await save(key, value);
        return value;
      },
      async (err) => {
        memo.delete(key);
        const cached = await load<Lookups>(key);
        if (cached) return cached;
        throw err;
      },
    );
    memo.set(key, found);
  }
  return found;
}

export const nameOf = (options: Option[] | undefined, code: string | undefined) => options?.find((o) => o.code === code)?.name ?? code ?? '';
