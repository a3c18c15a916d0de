/**
 * Writes /sw.js at build time with the list of files the citizen app needs to start offline (its HTML, and
 * the scripts and styles its entry can reach), so the worker never caches a stale shell or one file too many.
 * The map library is left out of the precache: it is cached when a map page first loads it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OutputBundle, OutputChunk } from 'rollup';
import type { Plugin } from 'vite';

const TEMPLATE = fileURLToPath(new URL('./sw-template.js', import.meta.url));
const isMapLibrary = (chunk: OutputChunk) => chunk.moduleIds.some((id) => /node_modules\/leaflet/.test(id));

/** The citizen entry and every chunk it can load, without the map library's chunks and their styles. */
export function shellFiles(bundle: OutputBundle, entryName = 'main'): string[] {
  const chunks = new Map(Object.values(bundle).filter((f): f is OutputChunk => f.type === 'chunk').map((c) => [c.fileName, c]));
  const entry = [...chunks.values()].find((c) => c.isEntry && c.name === entryName);
  if (!entry) throw new Error(`no entry chunk named ${entryName}`);
  const files = new Set<string>(['/', '/index.html']);
  const seen = new Set<string>();
  const visit = (chunk: OutputChunk) => {
    if (seen.has(chunk.fileName) || isMapLibrary(chunk)) return;
    seen.add(chunk.fileName);
    files.add(`/${chunk.fileName}`);
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(`/${css}`);
    for (const next of [...chunk.imports, ...chunk.dynamicImports]) {
      const found = chunks.get(next);
      if (found) visit(found);
    }
  };
  visit(entry);
  return [...files].sort();
}

export function serviceWorker(): Plugin {
  return {
    name: 'si-centang-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const list = [...shellFiles(bundle), '/icon.svg', '/manifest.webmanifest'];
      const version = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(TEMPLATE, 'utf8').replace('__VERSION__', JSON.stringify(version)).replace('__PRECACHE__', JSON.stringify(list));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
