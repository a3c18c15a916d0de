/**
 * `node scripts/phone-metadata.mjs ID [XX …]`: writes config/phone-metadata/mobile.json, libphonenumber-js's
 * mobile metadata cut to the jurisdiction's country, so a function bundles 1 KB of metadata instead of 96 KB
 * for every country. Run it again (and commit the file) after upgrading libphonenumber-js or to add a country.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const countries = process.argv.slice(2);
if (countries.length === 0) {
  console.error('usage: node scripts/phone-metadata.mjs ID [XX …]');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.mobile.json'), 'utf8'));
const cut = {
  version: full.version,
  country_calling_codes: Object.fromEntries(
    Object.entries(full.country_calling_codes)
      .map(([code, list]) => [code, list.filter((c) => countries.includes(c))])
      .filter(([, list]) => list.length > 0),
  ),
  countries: Object.fromEntries(countries.map((c) => [c, full.countries[c]])),
  nonGeographic: {},
};
for (const c of countries) if (!full.countries[c]) throw new Error(`unknown country ${c}`);
const target = new URL('../config/phone-metadata/mobile.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(cut)}\n`);
console.log(`phone metadata for ${countries.join(', ')} written to ${target.pathname}`);
