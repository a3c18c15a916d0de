/**
 * Weak signal in a real browser: the draft survives a reload and a closed tab; a report sent offline waits and
 * goes out once when the connection returns; a try whose answer was lost is retried with the same
 * Idempotency-Key and creates one report; the service worker opens the app with no network at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser';
import { fillReportForm, reportsIn, trackingCode } from '../support/citizen-form';
import { cameraJpeg } from '../support/photo-fixtures';

let s: BrowserSession;
beforeAll(async () => {
  s = await startBrowserSession();
  await s.context.route(/tile\.openstreetmap\.org/, (route) => route.abort('internetdisconnected'));
}, 120_000);
afterAll(async () => s?.close());

const isReportPost = (url: URL) => url.pathname === '/v1/reports';

describe('citizen app on a weak connection', () => {
  it('keeps the draft, photo included, across a reload and a closed tab', async () => {
    const page = s.page;
    await page.goto('/lapor');
    await fillReportForm(page, { district: 'baros', description: 'Drainase tersumbat, air meluap ke jalan' });
    await page.getByLabel('Foto').setInputFiles({ name: 'a.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg({ width: 800, height: 600 }) });
    await page.getByRole('img', { name: 'Foto 1 yang akan dikirim' }).waitFor();
    await page.waitForTimeout(600); // the draft is written 300 ms after the last change

    await page.reload();
    await page.getByText('Draf laporan Anda dipulihkan.').waitFor();
    expect(await page.getByLabel('Keterangan').inputValue()).toBe('Drainase tersumbat, air meluap ke jalan');
    expect(await page.getByLabel('Kecamatan').inputValue()).toBe('baros');

    await page.close();
    const tab = await s.context.newPage();
    await tab.goto('/lapor');
    await tab.getByText('Draf laporan Anda dipulihkan.').waitFor();
    expect(await tab.getByLabel('Nomor HP').inputValue()).toBe('0812-3456-7890');
    await tab.getByRole('img', { name: 'Foto 1 yang akan dikirim' }).waitFor();
    await tab.getByRole('button', { name: 'Mulai dari awal' }).click();
    expect(await tab.getByLabel('Keterangan').inputValue()).toBe('');
    s.page = tab;
  });

  it('a report sent offline waits for the signal and is created once when the connection returns', async () => {
    const page = s.page;
    const keys: string[] = [];
    await page.route(isReportPost, async (route) => {
      keys.push(route.request().headers()['idempotency-key']!);
      await route.continue();
    });
    await page.goto('/lapor');
    await fillReportForm(page, { district: 'ciomas' });
    // the app shell comes from the service worker from now on
    await page.evaluate(() => (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<unknown> } } }).navigator.serviceWorker.ready);

    await s.context.setOffline(true);
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText('Menunggu sinyal…').waitFor();
    expect(await reportsIn(s.stack.url, 'ciomas')).toEqual([]);

    // a reload without any network: the shell from the service worker, the report still waiting on the device
    await page.reload();
    await page.getByText('Laporan menunggu sinyal: 1').waitFor();
    expect(await page.getByLabel('Kategori').count()).toBe(1);

    await s.context.setOffline(false);
    await page.goto('/');
    await expect.poll(() => reportsIn(s.stack.url, 'ciomas'), { timeout: 20_000 }).toHaveLength(1);
    const [code] = await reportsIn(s.stack.url, 'ciomas');
    await page.getByRole('link', { name: code! }).waitFor();
    expect(new Set(keys).size).toBe(1);
    await page.unroute(isReportPost);
  });

  it('retries a report whose answer was lost with the same Idempotency-Key, and the API creates it once', async () => {
    const page = s.page;
    const keys: string[] = [];
    await page.route(isReportPost, async (route) => {
      keys.push(route.request().headers()['idempotency-key']!);
      if (keys.length === 1) {
        // the request reaches the API and the report is created, but the answer never comes back
        const answer = await route.fetch();
        expect(answer.status()).toBe(201);
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await page.goto('/lapor');
    await fillReportForm(page, { district: 'petir' });
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText('Menunggu sinyal…').waitFor();
    await page.getByRole('button', { name: 'Kirim sekarang' }).click();
    const code = await trackingCode(page);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await reportsIn(s.stack.url, 'petir')).toEqual([code]);
  });
});
