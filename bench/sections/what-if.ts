/**
 * What the proposed bundle fixes would give, measured rather than guessed: the same CDK settings plus esbuild
 * plugins that simulate each fix without touching the source. Reported beside the real figures, never instead of
 * them; once the lead applies a fix, the real figure shows it and the simulation changes nothing.
 *
 * - zod-namespace: `import { z } from 'zod'` → `import * as z from 'zod'` in functions/ and shared/. zod's
 *   `export { z }` hands out the namespace object as a value, which esbuild must keep whole (every locale, JSON
 *   Schema conversion, the JIT compiler); a namespace import is shaken per property.
 * - env-credentials: @aws-sdk/credential-provider-node (the default chain: SSO, STS, web identity, INI, process,
 *   IMDS, ECS, and the nested SSO/STS/sign-in clients they need) replaced by the environment provider alone. Lambda
 *   always hands credentials over in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
 * - phone-metadata: libphonenumber-js/mobile (mobile metadata of every country, ~96 KB) replaced by
 *   libphonenumber-js/core with the mobile metadata of the jurisdiction's own country, cut at build time from the
 *   same metadata.mobile.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { esbuildOptions, ROOT, type CdkBundlingSettings } from '../esbuild-settings';
import { functionEntries } from './bundle';

export type Fix = 'zod-namespace' | 'env-credentials' | 'phone-metadata';
export const FIXES: Fix[] = ['zod-namespace', 'env-credentials', 'phone-metadata'];

export function plugins(fixes: Fix[]): Plugin[] {
  const out: Plugin[] = [];
  if (fixes.includes('zod-namespace'))
    out.push({
      name: 'what-if-zod-namespace',
      setup(b) {
        b.onLoad({ filter: /\/(shared|functions)\/.*\.ts$/ }, (a) => ({
          loader: 'ts',
          contents: readFileSync(a.path, 'utf8').replace(/import\s*\{\s*z\s*\}\s*from\s*'zod';/g, "import * as z from 'zod';"),
        }));
      },
    });
  if (fixes.includes('env-credentials'))
    out.push({
      name: 'what-if-env-credentials',
      setup(b) {
        b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: 'env-credentials', namespace: 'what-if' }));
        b.onLoad({ filter: /^env-credentials$/, namespace: 'what-if' }, () => ({
          loader: 'js',
          resolveDir: ROOT,
          contents: "import { fromEnv } from '@aws-sdk/credential-provider-env';\nexport const defaultProvider = (init = {}) => fromEnv(init);\n",
        }));
      },
    });
  if (fixes.includes('phone-metadata'))
    out.push({
      name: 'what-if-phone-metadata',
      setup(b) {
        b.onResolve({ filter: /^libphonenumber-js\/mobile$/ }, () => ({ path: 'phone', namespace: 'what-if' }));
        b.onLoad({ filter: /^phone$/, namespace: 'what-if' }, () => {
          const country = (JSON.parse(readFileSync(join(ROOT, 'config/jurisdictions/kabupaten-serang.json'), 'utf8')) as { phoneCountry: string }).phoneCountry;
          const all = JSON.parse(readFileSync(join(ROOT, 'node_modules/libphonenumber-js/metadata.mobile.json'), 'utf8')) as {
            version: number;
            country_calling_codes: Record<string, string[]>;
            countries: Record<string, unknown>;
          };
          const codes = Object.fromEntries(Object.entries(all.country_calling_codes).filter(([, cs]) => cs.includes(country)).map(([k]) => [k, [country]]));
          const metadata = { version: all.version, country_calling_codes: codes, countries: { [country]: all.countries[country] }, nonGeographic: {} };
          return {
            loader: 'js',
            resolveDir: ROOT,
            contents:
              "import { parsePhoneNumberFromString as parse } from 'libphonenumber-js/core';\n" +
              `const metadata = ${JSON.stringify(metadata)};\n` +
              'export const parsePhoneNumberFromString = (text, country) => parse(text, country, metadata);\n',
          };
        });
      },
    });
  return out;
}

export interface WhatIfFigure {
  fn: string;
  /** KB with every fix */
  allFixesKB: number;
  /** KB with each fix alone, for the functions measured step by step */
  byFix?: Partial<Record<Fix, number>>;
  file?: string;
}

export async function runWhatIf(settings: CdkBundlingSettings, outDir: string, stepwise: string[]): Promise<WhatIfFigure[]> {
  const size = async (fn: string, fixes: Fix[], file: string) => {
    const r = await build({ ...esbuildOptions(settings, join('functions', `${fn}.ts`), file), plugins: plugins(fixes) });
    const out = Object.values(r.metafile!.outputs).find((o) => o.entryPoint !== undefined)!;
    return Math.round((out.bytes / 1024) * 10) / 10;
  };
  const figures: WhatIfFigure[] = [];
  for (const fn of functionEntries()) {
    const file = join(outDir, `${fn}.fixed.mjs`);
    try {
      const allFixesKB = await size(fn, FIXES, file);
      const figure: WhatIfFigure = { fn, allFixesKB, file };
      if (stepwise.includes(fn)) {
        figure.byFix = {};
        for (const fix of FIXES) figure.byFix[fix] = await size(fn, [fix], join(outDir, `${fn}.${fix}.mjs`));
      }
      figures.push(figure);
    } catch {
      // a function that does not build at all is reported by the bundle section
    }
  }
  return figures;
}
