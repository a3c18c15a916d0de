/**
 * Writes /sw.js at build time with the list of files the citizen app needs to start offline (its HTML, and
 * the scripts and styles of its entry), so the worker never caches a stale shell or one file too many.
 * The map library is left out of the precache: it is cached when a map page first loads it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const TEMPLATE = fileURLToPath(new URL('./sw-template.js', import.meta.url));

export function serviceWorker(): Plugin {
  return {
    name: 'si-centang-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const shell = new Set<string>(['/', '/index.html']);
      for (const file of Object.values(bundle)) {
        const name = file.fileName;
        if (name.startsWith('staf/') || name.endsWith('.map')) continue;
        // the staff console and map pages are not part of the citizen shell
        if (file.type === 'chunk' && (/leaflet|markercluster/i.test(name) || file.moduleIds.some((id) => /node_modules\/leaflet/.test(id) || /\/src\/staff\//.test(id))))
          continue;
        if (file.type === 'asset' && /leaflet|marker/i.test(name)) continue;
        if (/\.(js|css|svg|webmanifest)$/.test(name)) shell.add(`/${name}`);
      }
      const list = [...shell].sort();
      const version = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(TEMPLATE, 'utf8').replace('__VERSION__', JSON.stringify(version)).replace('__PRECACHE__', JSON.stringify(list));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
