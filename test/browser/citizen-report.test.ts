/**
 * The citizen app in Debian's Chromium against the local stack: report with location and a photo, read the
 * code, follow it on the tracking page; API refusals next to their field; the whole form by keyboard; axe.
 */
import exifr from 'exifr';
import sharp from 'sharp';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations, startBrowserSession, type BrowserSession } from '../support/browser';
import { fillReportForm, reportsIn, trackingCode, uploadedFile } from '../support/citizen-form';
import { cameraJpeg } from '../support/photo-fixtures';

let s: BrowserSession;
beforeAll(async () => {
  s = await startBrowserSession({ context: { geolocation: { latitude: -6.2, longitude: 106.3 }, permissions: ['geolocation'] } });
  // no network here: the base map's tiles fail, as on a phone without data; every page must still work
  await s.context.route(/tile\.openstreetmap\.org/, (route) => route.abort('internetdisconnected'));
}, 120_000);
afterAll(async () => s?.close());

const bearer = async (role: 'triage') => ({ authorization: `Bearer ${await s.stack.token({ role })}` });

describe('citizen pages in a browser', { timeout: 120_000 }, () => {
  it('serves the app on the API origin: client routes fall back to their page, API paths stay the API', async () => {
    const deep = await s.page.request.get(s.url('/lacak/AAAA-AAAA'));
    expect(deep.status()).toBe(200);
    expect(deep.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(deep.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(await (await s.page.request.get(s.url('/staf/antrian'))).text()).toContain('<html lang="id">');
    expect((await s.page.request.get(s.url('/v1/nothing'))).headers()['content-type']).toContain('problem+json');
    expect((await s.page.request.get(s.url('/assets/missing.js'))).status()).toBe(404);
  });

  it('a citizen reports with their location and a photo, reads the code, and follows it on the tracking page', async () => {
    const page = s.page;
    const uploads: Request[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().startsWith(s.stack.s3Endpoint) && uploads.push(r));
    await page.goto('/');
    await page.getByRole('link', { name: 'Laporkan' }).click();
    await page.getByRole('heading', { name: 'Laporkan kerusakan' }).waitFor();
    await fillReportForm(page, { district: 'cikande' });
    await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await page.getByText('Lokasi terpilih: -6.20000, 106.30000').waitFor();
    const original = await cameraJpeg({ width: 4000, height: 3000, gps: { lat: -6.2, lon: 106.3 } });
    await page.getByLabel('Foto').setInputFiles({ name: 'jalan.jpg', mimeType: 'image/jpeg', buffer: original });
    await page.getByRole('img', { name: 'Foto 1 yang akan dikirim' }).waitFor();
    // a second photo, taken back by keyboard: the focus goes to the field, not to the top of the page
    await page.getByLabel('Foto').setInputFiles({ name: 'lagi.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg({ width: 800, height: 600 }) });
    await page.getByRole('button', { name: 'Hapus foto 2' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: 'Foto 2 yang akan dikirim' }).waitFor({ state: 'detached' });
    await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'photos');
    await page.getByText('Peta dasar tidak dapat dimuat').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await s.screenshot(page, 'report-form');

    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const code = await trackingCode(page);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page.getByText('Anda mendapat SMS').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // the photo was scaled on the phone: at most 1600 px, JPEG, and without the camera's GPS
    expect(uploads).toHaveLength(1);
    const sent = uploadedFile(uploads[0]!);
    const meta = await sharp(sent).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBe(1600);
    expect(sent.length).toBeLessThan(original.length);
    expect(await exifr.gps(sent).catch(() => undefined)).toBeUndefined();
    await s.stack.photos.idle();

    // an official verifies it, so the public page shows its description and photo
    const staff = await fetch(s.url(`/v1/staff/reports/${code}`), { headers: await bearer('triage') });
    const staffView = (await staff.json()) as { location?: { lat: number; lon: number }; district: string };
    expect(staffView.location).toEqual({ lat: -6.2, lon: 106.3 });
    const verified = await fetch(s.url(`/v1/staff/reports/${code}/transitions`), {
      method: 'POST',
      headers: { ...(await bearer('triage')), 'content-type': 'application/json', 'if-match': staff.headers.get('etag')! },
      body: JSON.stringify({ to: 'verified', unit: 'bina-marga' }),
    });
    expect(verified.status).toBe(200);

    await page.getByRole('link', { name: 'Lihat perkembangan laporan' }).click();
    await page.getByRole('heading', { name: `Laporan ${code}` }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Diverifikasi');
    await page.getByText('Laporan diterima').waitFor();
    await page.locator('.timeline').getByText('Status: Diverifikasi').waitFor();
    const photo = page.getByRole('img', { name: 'Foto 1: kondisi yang dilaporkan' });
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await s.screenshot(page, 'tracking-page');

    // the short link every SMS carries opens the same page
    await page.goto(`/r/${code.toLowerCase()}`);
    await page.getByRole('heading', { name: `Laporan ${code}` }).waitFor();
    // one report, in the kecamatan its location lies in
    expect(await reportsIn(s.stack.url, staffView.district)).toEqual([code]);
  });

  it('shows the API\'s refusal of the phone number next to "Nomor HP", in the chosen language', async () => {
    const page = s.page;
    await page.goto('/lapor');
    await fillReportForm(page, { district: 'anyar', phone: '12345' });
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const phone = page.getByLabel('Nomor HP');
    await page.locator('#phone-error').waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect((await phone.getAttribute('aria-describedby'))!.split(' ')).toContain('phone-error');
    const message = await page.locator('#phone-error').textContent();
    expect(message).toMatch(/nomor/i);
    expect(await phone.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.locator('#phone-error').waitFor();
    expect(await page.locator('#phone-error').textContent()).not.toBe(message);
    expect(await page.getByLabel('Mobile number').getAttribute('aria-describedby')).toContain('phone-error');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    expect(await reportsIn(s.stack.url, 'anyar')).toEqual([]);
  });

  it('a confidential report opens from the sent page and from the home page of the phone that sent it', async () => {
    const page = s.page;
    await page.goto('/lapor');
    await fillReportForm(page, { district: 'kopo' });
    await page.getByLabel('Laporan rahasia').check();
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const code = await trackingCode(page);
    await page.getByRole('link', { name: 'Lihat perkembangan laporan' }).click();
    await page.getByRole('heading', { name: `Laporan ${code}` }).waitFor();
    expect(await page.getByTestId('status').textContent()).toBe('Diterima');
    await page.goto('/');
    await page.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { name: `Laporan ${code}` }).waitFor();
    // the key is the report's: without it, the code alone finds nothing
    await page.goto(`/lacak/${code}`);
    await page.getByText(`Kami tidak menemukan laporan dengan kode ${code}`).waitFor();
  });

  it('a citizen sees a verified report of the same kind near the pin, opens it and follows it', async () => {
    // a street light reported 33 m south of where the phone stands, verified by triage
    const created = await fetch(s.url('/v1/reports'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'lampu-jalan', description: 'Lampu jalan mati sejak seminggu, gelap sekali', location: { lat: -6.2003, lon: 106.3 }, reporter: { phone: '0812-3456-0001' } }),
    });
    const { id } = (await created.json()) as { id: string };
    const verified = await fetch(s.url(`/v1/staff/reports/${id}/transitions`), {
      method: 'POST',
      headers: { ...(await bearer('triage')), 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ to: 'verified', unit: 'bina-marga' }),
    });
    expect(verified.status).toBe(200);

    const page = s.page;
    await page.goto('/lapor');
    await page.getByLabel('Kategori').selectOption('lampu-jalan');
    await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    const nearby = page.getByRole('region', { name: 'Sudah dilaporkan? Ikuti laporan ini' });
    await nearby.getByRole('link', { name: id }).waitFor();
    expect(await nearby.textContent()).toMatch(/3[0-9] m dari pin/);
    await nearby.getByRole('link', { name: id }).click();

    await page.getByRole('heading', { name: `Laporan ${id}` }).waitFor();
    const follow = page.getByRole('region', { name: 'Ikuti laporan ini' });
    await follow.getByLabel('Nomor HP').fill('12345');
    await follow.getByRole('button', { name: 'Ikuti' }).click();
    await page.locator('#follow-phone-error').waitFor();
    expect(await follow.getByLabel('Nomor HP').getAttribute('aria-invalid')).toBe('true');
    await follow.getByLabel('Nomor HP').fill('0857-1300-0099');
    await follow.getByRole('button', { name: 'Ikuti' }).click();
    await follow.getByRole('status').getByText('Anda akan mendapat SMS').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const view = (await (await fetch(s.url(`/v1/reports/${id}`))).json()) as { followerCount: number };
    expect(view.followerCount).toBe(1);
  });

  it('the page after sending keeps its code through a language switch and a reload', async () => {
    const page = s.page;
    await page.goto('/lapor');
    await fillReportForm(page, { district: 'pamarayan' });
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const code = await trackingCode(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Report sent' }).waitFor();
    expect(await trackingCode(page)).toBe(code);
    await page.reload();
    expect(await trackingCode(page)).toBe(code);
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('button', { name: 'Buat laporan lain' }).click();
    await page.getByRole('heading', { name: 'Laporkan kerusakan' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
  });

  it('an error goes once its rule is met, and typing survives a language switch made at once', async () => {
    const page = s.page;
    await page.goto('/lapor');
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const district = page.getByLabel('Kecamatan');
    await page.locator('#district-error').waitFor();
    await page.locator('#address-error').waitFor();
    // the pin fills in the kecamatan and stands for the address: both messages go, the description's stays
    await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await page.getByText('Lokasi terpilih: -6.20000, 106.30000').waitFor();
    await page.locator('#district-error').waitFor({ state: 'detached' });
    expect(await district.getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#address-error').count()).toBe(0);
    expect(await page.locator('#description-error').count()).toBe(1);

    await page.getByLabel('Keterangan').fill('Trotoar amblas di depan sekolah dasar');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Report damage' }).waitFor();
    expect(await page.getByLabel('Description').inputValue()).toBe('Trotoar amblas di depan sekolah dasar');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('heading', { name: 'Laporkan kerusakan' }).waitFor();
    // the draft came back with the page: start over, so the next test finds an empty form
    await page.getByRole('button', { name: 'Mulai dari awal' }).click();
  });

  it('the whole form can be completed with the keyboard alone', async () => {
    const page = s.page;
    await page.goto('/lapor');
    await page.getByLabel('Kategori').waitFor();
    const focusedIs = (test: string) =>
      page.evaluate((t) => {
        const el = (globalThis as unknown as { document: { activeElement: { id: string; textContent: string | null } | null } }).document.activeElement;
        return !!el && (el.id === t || el.textContent?.trim() === t);
      }, test);
    const tabTo = async (target: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (await focusedIs(target)) return;
      }
      throw new Error(`Tab never reached ${target}`);
    };
    await tabTo('category');
    await page.keyboard.press('ArrowDown');
    await tabTo('district');
    await page.keyboard.type('Kopo');
    await tabTo('Gunakan lokasi saya');
    await page.keyboard.press('Enter');
    await page.getByText(/^Lokasi terpilih:/).waitFor();
    // clearing the location takes its button away: the focus stays in the fieldset, then the location comes back
    await tabTo('Hapus lokasi');
    await page.keyboard.press('Enter');
    await page.getByText('Belum ada lokasi').waitFor();
    await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'location');
    await tabTo('Gunakan lokasi saya');
    await page.keyboard.press('Enter');
    await page.getByText(/^Lokasi terpilih:/).waitFor();
    await tabTo('address');
    await page.keyboard.type('Simpang tiga Kopo');
    await tabTo('description');
    await page.keyboard.type('Lampu jalan mati sejak sebulan, gelap sekali malam hari');
    await tabTo('phone');
    await page.keyboard.type('081234567891');
    await tabTo('anonymous');
    await page.keyboard.press('Space');
    await tabTo('Kirim laporan');
    await page.keyboard.press('Enter');
    const code = await trackingCode(page);
    const view = (await (await fetch(s.url(`/v1/reports/${code}`))).json()) as { district: string };
    expect(await reportsIn(s.stack.url, view.district)).toContain(code);
  });

  it('the home page, the map page and an unknown code have no serious accessibility problem', async () => {
    const page = s.page;
    await page.goto('/');
    await page.getByLabel('Kode laporan').fill('zzzz-zzzz');
    await page.getByRole('button', { name: 'Lacak' }).click();
    await page.getByRole('heading', { name: 'Laporan tidak ditemukan' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto('/');
    await page.getByRole('link', { name: 'Laporkan' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.goto('/peta');
    await page.getByRole('heading', { name: 'Daftar laporan' }).waitFor();
    // the verified report from the first test is listed, and a marker stands for it on the map
    await page.getByText(/^\d+ laporan$/).waitFor();
    await page.locator('.leaflet-marker-icon').first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
