/**
 * The console's runtime configuration, read from /staf/config.json before anything else (the local stack answers
 * it for its own issuer; a deployment writes it beside the app). Its shape is shared/config/staff-console-config.ts.
 */
import type { Lang } from '../i18n/index';

export interface Named {
  code: string;
  name: Record<Lang, string>;
}

export interface ConsoleConfig {
  authority: string;
  clientId: string;
  logoutUrl: string;
  scope: string;
  units: Named[];
  agencies: Named[];
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNamedList = (v: unknown): v is Named[] =>
  Array.isArray(v) && v.every((n) => n && isText(n.code) && n.name && isText(n.name.id) && isText(n.name.en));

/** Reads and checks the file; a missing or broken file is an error the console shows, not a blank page. */
export async function loadConfig(url = '/staf/config.json'): Promise<ConsoleConfig> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const raw = (await res.json()) as Partial<ConsoleConfig>;
  for (const key of ['authority', 'clientId', 'logoutUrl'] as const) if (!isText(raw[key])) throw new Error(`${url}: ${key} missing`);
  return {
    authority: raw.authority!,
    clientId: raw.clientId!,
    logoutUrl: raw.logoutUrl!,
    scope: isText(raw.scope) ? raw.scope : 'openid',
    units: isNamedList(raw.units) ? raw.units : [],
    agencies: isNamedList(raw.agencies) ? raw.agencies : [],
  };
}
