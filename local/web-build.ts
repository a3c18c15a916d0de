/**
 * Builds the web app (web/ → web/dist) when its sources are newer than the last build, so `npm start` and the
 * browser tests always serve what is in the tree. Concurrent callers (test workers) wait on one lock.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const WEB_DIR = resolve(fileURLToPath(new URL('../web', import.meta.url)));
export const WEB_DIST = join(WEB_DIR, 'dist');
const STAMP = join(WEB_DIST, '.built');
const LOCK = join(WEB_DIR, '.build-lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const webConfig = resolve(WEB_DIR, '../config/web.json');
const isFresh = () =>
  existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(newestSource(WEB_DIR), existsSync(webConfig) ? statSync(webConfig).mtimeMs : 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<string> {
  if (isFresh()) return WEB_DIST;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // another process builds: wait for it; a lock older than two minutes is left over from a crash
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await sleep(250);
      if (isFresh()) return WEB_DIST;
    }
  }
  try {
    if (isFresh()) return WEB_DIST;
    log('Building the web app (web/ → web/dist)…');
    // In a process of its own with NODE_ENV=production: under any other NODE_ENV (the test runner sets "test") Vite
    // builds development JSX, which carries every element's source path from the build machine.
    const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
    await run(process.execPath, [vite, 'build', '--config', join(WEB_DIR, 'vite.config.ts'), '--mode', 'production', '--logLevel', 'warn'], {
      env: { ...process.env, NODE_ENV: 'production' },
    });
    writeFileSync(STAMP, new Date().toISOString());
    return WEB_DIST;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
