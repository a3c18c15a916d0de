/**
 * `npm run web:audit`: Lighthouse (mobile, its default simulated throttling) on the citizen pages, and what
 * each page's first load transfers in JavaScript and CSS (compressed, as served), with the map library counted
 * apart. Runs the built app on a fresh local stack and Debian's Chromium; writes bench/web-audit.json.
 * Figures, not a test: nothing here fails on a slow machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lighthouse from 'lighthouse';
import type { Result as LighthouseResult } from 'lighthouse';
import { startLocalStack } from '../local/stack';
import { ensureWebBuild } from '../local/web-build';
import { CHROMIUM_FLAGS } from '../test/support/browser';

const OUT = resolve('bench/web-audit.json');
/** chunks of the map library (Leaflet, marker clustering and the code that drives them) */
const MAP_CHUNK = /\/assets\/(base-map|pin-map|reports-map)-/;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function launchChromium(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'si-centang-audit-'));
  const chrome = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [...CHROMIUM_FLAGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/json/version`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    async stop() {
      // the profile can be removed only once Chromium has stopped writing to it
      const exited = new Promise((done) => chrome.once('exit', done));
      chrome.kill();
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

interface NetworkItem {
  url: string;
  resourceType?: string;
  transferSize?: number;
  resourceSize?: number;
}

async function seedReport(base: string, token: string): Promise<string> {
  const created = await fetch(`${base}/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'jalan-rusak',
      district: 'cikande',
      description: 'Jalan berlubang besar di depan pasar, membahayakan pengendara motor',
      address: 'Depan Pasar Cikande',
      location: { lat: -6.2, lon: 106.3 },
      reporter: { phone: '081234567890' },
    }),
  }).then((r) => r.json() as Promise<{ id: string }>);
  const view = await fetch(`${base}/v1/staff/reports/${created.id}`, { headers: { authorization: `Bearer ${token}` } });
  await fetch(`${base}/v1/staff/reports/${created.id}/transitions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': view.headers.get('etag')! },
    body: JSON.stringify({ to: 'verified', unit: 'bina-marga' }),
  });
  return created.id;
}

const webRoot = await ensureWebBuild((line) => console.log(line));
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const stack = await startLocalStack({ port: 0, webRoot, log: () => undefined, escalationIntervalMs: false });
const chrome = await launchChromium();
try {
  const code = await seedReport(stack.url, await stack.token({ role: 'triage' }));
  const pages = ['/', '/lapor', `/lacak/${code}`, '/peta', '/statistik'];
  const results = [];
  for (const path of pages) {
    const runs: LighthouseResult[] = [];
    // three runs a page: Lighthouse's own advice, as single runs vary
    for (let i = 0; i < 3; i++) {
      const result = await lighthouse(`${stack.url}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] });
      if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
      runs.push(result.lhr);
    }
    const median = (pick: (lhr: LighthouseResult) => number) => runs.map(pick).sort((a, b) => a - b)[1]!;
    const lhr = runs[0]!;
    const items = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []).filter(
      (i) => i.resourceType === 'Script' || i.resourceType === 'Stylesheet',
    );
    const sum = (list: NetworkItem[]) => list.reduce((n, i) => n + (i.transferSize ?? 0), 0);
    const appFiles = items.filter((i) => !MAP_CHUNK.test(i.url));
    const mapFiles = items.filter((i) => MAP_CHUNK.test(i.url));
    const entry = {
      path: path.replace(code, '{code}'),
      performance: Math.round(median((l) => l.categories.performance!.score! * 100)),
      accessibility: Math.round(median((l) => l.categories.accessibility!.score! * 100)),
      bestPractices: Math.round(median((l) => l.categories['best-practices']!.score! * 100)),
      firstContentfulPaintMs: Math.round(median((l) => l.audits['first-contentful-paint']!.numericValue!)),
      largestContentfulPaintMs: Math.round(median((l) => l.audits['largest-contentful-paint']!.numericValue!)),
      totalBlockingTimeMs: Math.round(median((l) => l.audits['total-blocking-time']!.numericValue!)),
      cumulativeLayoutShift: median((l) => l.audits['cumulative-layout-shift']!.numericValue!),
      jsCssTransferBytes: sum(appFiles),
      mapLibraryTransferBytes: sum(mapFiles),
      files: items.map((i) => ({ url: new URL(i.url).pathname, type: i.resourceType, transferBytes: i.transferSize, bytes: i.resourceSize })),
    };
    console.log(
      `${entry.path.padEnd(14)} performance ${entry.performance}  accessibility ${entry.accessibility}  ` +
        `JS+CSS ${(entry.jsCssTransferBytes / 1024).toFixed(1)} KB (+ map library ${(entry.mapLibraryTransferBytes / 1024).toFixed(1)} KB)`,
    );
    results.push(entry);
  }
  writeFileSync(
    OUT,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        lighthouse: (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version,
        settings: 'mobile form factor, simulated throttling (Lighthouse defaults); median of 3 runs; compressed (gzip) transfer sizes from the local stack',
        budget: { firstLoadJsCssBytes: 100 * 1024, performance: 90, accessibility: 95 },
        pages: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Written ${OUT}`);
} finally {
  await chrome.stop();
  await stack.stop();
}
process.exit(0);
