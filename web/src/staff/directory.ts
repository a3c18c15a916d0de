/**
 * Names for codes: categories and kecamatan from the public API (in the chosen language), units and agencies from
 * the console's configuration (the jurisdiction file). A code without a name shows as itself.
 */
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { lang, type Lang } from '../i18n/index';
import type { ConsoleConfig } from './config';

export interface Option {
  code: string;
  name: string;
  /** categories: the unit that usually takes them, offered first when verifying */
  defaultUnit?: string;
}

export interface Directory {
  categories: Option[];
  districts: Option[];
  units: Option[];
  agencies: Option[];
  name(kind: 'categories' | 'districts' | 'units' | 'agencies', code: string | undefined): string;
}

function directory(lists: Omit<Directory, 'name'>): Directory {
  return { ...lists, name: (kind, code) => (code === undefined ? '' : (lists[kind].find((o) => o.code === code)?.name ?? code)) };
}

const localized = (items: ConsoleConfig['units'], l: Lang): Option[] => items.map((i) => ({ code: i.code, name: i.name[l] }));

export function useDirectory(config: ConsoleConfig, currentLang: Lang): Directory {
  const [lists, setLists] = useState<Omit<Directory, 'name'>>({ categories: [], districts: [], units: localized(config.units, lang()), agencies: localized(config.agencies, lang()) });
  useEffect(() => {
    let live = true;
    const units = localized(config.units, currentLang);
    const agencies = localized(config.agencies, currentLang);
    setLists((old) => ({ ...old, units, agencies }));
    Promise.all([get<{ items: Option[] }>('/v1/categories'), get<{ items: Option[] }>('/v1/districts')]).then(
      ([c, d]) => live && setLists({ categories: c.items, districts: d.items, units, agencies }),
      // without names the console still works: codes show as they are
      () => undefined,
    );
    return () => void (live = false);
  }, [config, currentLang]);
  return directory(lists);
}
