/**
 * The public statistics page in Debian's Chromium against the local stack: a report goes through received →
 * verified by the API, the stream aggregator counts it, and the page shows the figures, the table behind the
 * monthly chart, the download links and the same page in English; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, validReport } from '../support/local-stack';
import { seriousAxeViolations, startBrowserSession, type BrowserSession } from '../support/browser';

let session: BrowserSession;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  session = await startBrowserSession({ statistics: true });
  call = client(session.stack.url);
}, 180_000);
afterAll(async () => session?.close());

const figure = (label: string) => session.page.getByTestId('headline').locator('div', { has: session.page.locator('dt', { hasText: label }) }).locator('dd');

describe('statistics page in a browser', { timeout: 180_000 }, () => {
  it('shows the figures of a verified report, a table for the chart, the open-data links, in Indonesian and English', async () => {
    const { page } = session;
    const created = await call('POST', '/v1/reports', validReport());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const auth = { authorization: `Bearer ${await session.stack.token({ role: 'triage' })}` };
    const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, auth)).headers.get('etag')!;
    const verified = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, { ...auth, 'if-match': etag });
    expect(verified.status).toBe(200);
    await session.stack.stats!.drained();
    await session.stack.stats!.drained();

    await page.goto('/');
    await page.getByRole('link', { name: 'Lihat statistik laporan' }).click();
    await page.getByRole('heading', { name: 'Statistik laporan', level: 1 }).waitFor();
    expect(await figure('Laporan masuk').textContent()).toBe('1');
    expect(await figure('Diverifikasi').textContent()).toBe('1');
    expect(await figure('Masih terbuka sekarang').textContent()).toBe('1');
    expect(await figure('Diselesaikan').textContent()).toBe('0');

    // the chart is an image for the eye; its numbers are a table, one row per month, this month last
    const chart = page.getByRole('figure', { name: /Diagram batang: laporan masuk dan laporan selesai/ });
    await chart.waitFor();
    await chart.getByText('Lihat angkanya sebagai tabel').click();
    const table = chart.getByRole('table', { name: 'Masuk dan selesai per bulan' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(12);
    expect(await rows.last().locator('td').allTextContents()).toEqual(['1', '0']);
    expect(await rows.first().locator('td').allTextContents()).toEqual(['0', '0']);

    // nothing resolved yet: no kecamatan has a time to resolve
    await page.getByRole('region', { name: 'Waktu penyelesaian per kecamatan' }).getByText('Belum ada data untuk periode ini.').waitFor();

    // verifying finished the first stage before its deadline, for the unit it went to
    const units = page.getByRole('table', { name: 'Ketepatan waktu per unit kerja' });
    expect(await units.locator('tbody tr').count()).toBe(1);
    expect((await units.locator('tbody th').textContent())?.trim()).toBe('Bidang Bina Marga');
    expect(await units.locator('tbody td').allTextContents()).toEqual(['100%', '1 dari 1']);

    const downloads = page.getByRole('region', { name: 'Data terbuka' });
    const month = await downloads.getByLabel('Bulan data').inputValue();
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    expect(await downloads.getByRole('link', { name: /Unduh CSV/ }).getAttribute('href')).toBe(`/v1/open-data/reports.csv?month=${month}`);
    expect(await downloads.getByRole('link', { name: /Unduh GeoJSON/ }).getAttribute('href')).toBe(`/v1/open-data/reports.geojson?month=${month}`);
    expect(await downloads.getByRole('link', { name: /Kamus data/ }).getAttribute('href')).toBe('/v1/open-data/README');
    const csv = await page.request.get(session.url(`/v1/open-data/reports.csv?month=${month}`));
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(id);

    expect(await seriousAxeViolations(page)).toEqual([]);
    await session.screenshot(page, 'stats-page');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Report statistics', level: 1 }).waitFor();
    expect(await figure('Reports received').textContent()).toBe('1');
    await page.getByRole('figure', { name: /Bar chart: reports received and resolved/ }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
