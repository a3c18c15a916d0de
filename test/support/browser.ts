/**
 * A real browser against the local stack: Playwright's library driving Debian's Chromium (/usr/bin/chromium),
 * on a fresh profile, with the built web app served on the API's origin. One browser per test file.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ensureWebBuild } from '../../local/web-build';
import type { LocalStack } from '../../local/stack';
import { startTestStack } from './local-stack';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = resolve('docs/screenshots');

export interface BrowserSession {
  stack: LocalStack;
  context: BrowserContext;
  /** the first page of the context */
  page: Page;
  /** an absolute URL on the stack */
  url(path: string): string;
  /** saves a PNG of the page under docs/screenshots/ */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export interface BrowserSessionOptions {
  context?: Omit<BrowserContextOptions, 'baseURL'>;
  quotas?: Parameters<typeof startTestStack>[0];
  /** run the statistics aggregator (pages that show statistics) */
  statistics?: boolean;
}

export async function startBrowserSession(options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const webRoot = await ensureWebBuild();
  const stack = await startTestStack(options.quotas, { webRoot, statistics: options.statistics ?? false });
  const profile = mkdtempSync(join(tmpdir(), 'si-centang-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      baseURL: stack.url,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      viewport: { width: 412, height: 860 },
      deviceScaleFactor: 1,
      ...options.context,
    });
  } catch (err) {
    await stack.stop();
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  // a 2-core machine shared by many jobs: give each step room, while every wait still has an end
  context.setDefaultTimeout(45_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    stack,
    context,
    page,
    url: (path) => new URL(path, stack.url).href,
    async screenshot(target, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, `${name}.png`);
      await target.screenshot({ path, fullPage: true, animations: 'disabled' });
      return path;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await stack.stop();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page (evaluated over the DevTools protocol, so the page's CSP stays as strict as in
 * production) and returns the serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
