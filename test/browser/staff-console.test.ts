/**
 * The staff console in a real browser against the local stack: officials sign in through the local OIDC endpoints,
 * work a report through its lifecycle, and meet someone else's change (412). Driven by what a person sees.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraJpeg } from '../support/photo-fixtures';
import { client, validReport } from '../support/local-stack';
import { seriousAxeViolations, startBrowserSession, type BrowserSession } from '../support/browser';

let session: BrowserSession;
let call: ReturnType<typeof client>;
let triageToken: string;

beforeAll(async () => {
  session = await startBrowserSession();
  call = client(session.stack.url);
  triageToken = await session.stack.token({ role: 'triage', sub: 'triage-other' });
}, 180_000);
afterAll(async () => session?.close());

const asTriage = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${triageToken}`, ...extra });

async function submitReport(overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await call('POST', '/v1/reports', validReport(overrides));
  expect(r.status).toBe(201);
  return r.body.id as string;
}

/** Another official acts through the API, with the report's current ETag. */
async function otherOfficialMoves(id: string, body: Record<string, unknown>) {
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, asTriage())).headers.get('etag')!;
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, asTriage({ 'if-match': etag }));
  expect(r.status).toBe(200);
}

async function expectNoSeriousViolations(page: Page, where: string) {
  expect(await seriousAxeViolations(page), where).toEqual([]);
}

/** From the console's start page through the local sign-in page, as an official would. */
async function signIn(page: Page, role: string, choice: { unit?: string; district?: string } = {}, checkA11y = false) {
  await page.goto('/staf/');
  await page.getByRole('button', { name: /^(Masuk|Keluar)$/ }).first().waitFor();
  if ((await page.getByRole('button', { name: 'Keluar' }).count()) > 0) await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByLabel('Peran').waitFor();
  if (checkA11y) await expectNoSeriousViolations(page, 'local sign-in page');
  await page.getByLabel('Peran').selectOption(role);
  if (choice.unit) await page.getByLabel('Bidang').selectOption({ label: choice.unit });
  if (choice.district) await page.getByLabel('Kecamatan').selectOption({ label: choice.district });
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByText(/^Masuk sebagai /).waitFor();
}

async function openFromQueue(page: Page, id: string) {
  await page.getByRole('link', { name: id }).click();
  await page.getByRole('heading', { name: `Laporan ${id}`, level: 1 }).waitFor();
}

/** Opens a move's form by its button and sends it. */
async function move(page: Page, name: string, fill: (page: Page) => Promise<unknown> = async () => undefined) {
  await page.getByRole('button', { name, exact: true }).click();
  await fill(page);
  await page.getByRole('button', { name: `Kirim: ${name}` }).click();
}

const status = (page: Page) => page.getByTestId('status');

/** The keys in the page's storages, read in the page (this file is type-checked without the DOM library). */
const storageKeys = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { localStorage: object; sessionStorage: object };
    return { local: Object.keys(g.localStorage), session: Object.keys(g.sessionStorage) };
  });

describe('an official works a report from sign-in to resolved', () => {
  it('verifies, signs out, then as the unit officer starts, adds a completion photo and resolves; the citizen sees it and gets the SMS', { timeout: 180_000 }, async () => {
    const { page } = session;
    const id = await submitReport();

    await page.goto('/staf/');
    await page.getByRole('heading', { name: 'Konsol petugas' }).waitFor();
    await expectNoSeriousViolations(page, 'console start page');
    await signIn(page, 'triage', {}, true);
    // tokens live for the tab only: sessionStorage, never localStorage
    const signedIn = await storageKeys(page);
    expect(signedIn.session.some((k) => k.startsWith('oidc.user:'))).toBe(true);
    expect(signedIn.local.filter((k) => k.startsWith('oidc.'))).toEqual([]);
    // the queue of the triage desk holds the new report
    await page.getByRole('link', { name: id }).waitFor();
    await expectNoSeriousViolations(page, 'queue');
    await openFromQueue(page, id);
    await expectNoSeriousViolations(page, 'report page');

    // the triage desk works with the reporter: the contact is there without asking (the API records the read)
    await page.getByRole('link', { name: '+6281234567890' }).waitFor();
    await page.getByText('Budi Santoso').waitFor();
    expect(await page.getByRole('button', { name: 'Tampilkan kontak' }).count()).toBe(0);

    await move(page, 'Verifikasi', (p) => p.getByLabel('Bidang').selectOption({ label: 'Bidang Bina Marga' }));
    await page.getByText('Status diubah menjadi "Diverifikasi"').waitFor();
    expect(await status(page).textContent()).toBe('Diverifikasi');
    // the form went away with the focus in it: the focus is on the message, not back at the top of the page
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent)).toContain('Status diubah menjadi');
    await session.screenshot(page, 'staff-report');

    // the desk publishes a cleaned-up description and tells the public what happens next
    await page.getByLabel('Keterangan untuk publik').fill('Jalan berlubang besar di depan pasar Cikande');
    await page.getByRole('button', { name: 'Simpan keterangan' }).click();
    await page.getByText('Keterangan disimpan.').waitFor();
    await page.getByLabel('Catatan', { exact: true }).fill('Petugas Bina Marga akan mengecek lokasi minggu ini');
    await page.getByLabel('Publik (tampil di halaman pelacakan)').check();
    await page.getByRole('button', { name: 'Simpan catatan' }).click();
    await page.getByRole('region', { name: 'Riwayat' }).getByText('Petugas Bina Marga akan mengecek lokasi minggu ini').waitFor();
    await expectNoSeriousViolations(page, 'report page after a move');

    // sign-out ends the provider session and returns to the console's start page, tokens gone
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('button', { name: 'Masuk', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/staf/');
    const stored = await storageKeys(page);
    expect([...stored.local, ...stored.session].filter((k) => k.startsWith('oidc.'))).toEqual([]);

    await signIn(page, 'officer', { unit: 'Bidang Bina Marga' });
    const reveals: string[] = [];
    const onRequest = (r: { url(): string }) => void (r.url().includes(`/v1/staff/reports/${id}?`) && reveals.push(new URL(r.url()).search));
    page.on('request', onRequest);
    await openFromQueue(page, id);
    // an officer sees the number only after asking for it, through the one audited read
    await page.getByRole('button', { name: 'Tampilkan kontak' }).waitFor();
    expect(await page.getByText('+6281234567890').count()).toBe(0);
    expect(await page.getByText('Budi Santoso').count()).toBe(0);
    expect(reveals).toEqual([]);
    await page.getByRole('button', { name: 'Tampilkan kontak' }).click();
    await page.getByRole('link', { name: '+6281234567890' }).waitFor();
    await page.getByText('Budi Santoso').waitFor();
    expect(reveals).toEqual(['?reveal=contact']);
    page.off('request', onRequest);
    // an officer neither verifies nor rejects
    expect(await page.getByRole('button', { name: 'Tolak', exact: true }).count()).toBe(0);
    const planned = `${new Date().getUTCFullYear() + 1}-01-31`;
    await move(page, 'Mulai kerjakan', async (p) => {
      await p.getByLabel('Catatan untuk warga').fill('Tim menuju lokasi besok pagi');
      await p.getByLabel('Tanggal rencana selesai').fill(planned);
    });
    await page.getByText('Status diubah menjadi "Dikerjakan"').waitFor();
    // the plan is shown with the report's facts
    await page.getByRole('term').filter({ hasText: 'Perkiraan selesai' }).waitFor();
    expect(await page.getByRole('definition').filter({ hasText: `31 Jan ${planned.slice(0, 4)}` }).count()).toBe(1);

    await page.getByLabel('Foto hasil pekerjaan', { exact: true }).setInputFiles({ name: 'sesudah.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg() });
    await page.getByRole('button', { name: 'Unggah foto' }).click();
    await page.getByText('Foto hasil pekerjaan sudah tersimpan.').waitFor({ timeout: 30_000 });
    await page.getByRole('img', { name: 'Foto hasil pekerjaan' }).waitFor();

    await move(page, 'Selesai', (p) => p.getByLabel('Catatan untuk warga').fill('Lubang sudah ditambal dengan aspal'));
    await page.getByText('Status diubah menjadi "Selesai"').waitFor();
    // within the citizen's objection period only the desk closes: the officer may reopen, and is not offered a close
    await page.getByRole('button', { name: 'Buka kembali', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Tutup', exact: true }).count()).toBe(0);

    // the citizen's tracking page shows the resolved step, the public note and the after photo
    const citizen = await session.context.newPage();
    await citizen.goto(`/lacak/${id}`);
    await citizen.getByRole('heading', { name: `Laporan ${id}` }).waitFor();
    expect(await citizen.getByTestId('status').textContent()).toBe('Selesai');
    await citizen.getByRole('listitem').filter({ hasText: 'Status: Selesai' }).waitFor();
    await citizen.getByText('Petugas Bina Marga akan mengecek lokasi minggu ini').waitFor();
    await citizen.getByText('Jalan berlubang besar di depan pasar Cikande', { exact: true }).waitFor();
    await citizen.getByRole('heading', { name: 'Foto sesudah dikerjakan' }).waitFor();
    await citizen.getByRole('img', { name: 'Foto 1: hasil pekerjaan' }).waitFor();
    await citizen.close();

    // and the citizen's SMS for it
    await expect
      .poll(async () => ((await call('GET', '/local/sms')).body.items as { phoneNumber: string; message: string }[]).filter((m) => m.message.includes(id)).map((m) => m.message), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining(`Laporan ${id} selesai dikerjakan`));
  });
});

describe('someone else changed the report meanwhile', () => {
  it('(after filtering the queue) says so on 412, shows the new state and lets the official try again; a move no longer possible lists what is', { timeout: 120_000 }, async () => {
    const { page } = session;
    const first = await submitReport();
    const second = await submitReport();
    for (const id of [first, second]) await otherOfficialMoves(id, { to: 'verified', unit: 'bina-marga' });
    await signIn(page, 'officer', { unit: 'Bidang Bina Marga' });
    // the English switch, and back
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Report queue' }).waitFor();
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await page.getByRole('heading', { name: 'Antrian laporan' }).waitFor();
    // filters: an officer's queue is the own unit's, so only status and kecamatan are offered
    expect(await page.getByLabel('Bidang').count()).toBe(0);
    await page.getByLabel('Status').selectOption({ label: 'Diverifikasi' });
    await page.getByRole('link', { name: second }).waitFor();
    await page.getByLabel('Kecamatan').selectOption({ label: 'Kopo' });
    await page.getByText('Tidak ada laporan dengan saringan ini.').waitFor();
    await page.getByLabel('Kecamatan').selectOption({ label: 'Cikande' });

    await openFromQueue(page, first);
    // another official edits the published description: the report's version moves on (a note alone would not)
    const etag = (await call('GET', `/v1/staff/reports/${first}`, undefined, asTriage())).headers.get('etag')!;
    const edit = await call('PATCH', `/v1/staff/reports/${first}`, { publicDescription: 'Material aspal sudah dipesan untuk lubang ini' }, asTriage({ 'if-match': etag }));
    expect(edit.status).toBe(200);
    await move(page, 'Mulai kerjakan');
    const alert = page.getByRole('alert');
    await alert.getByText('baru saja diubah oleh petugas lain').waitFor();
    // an officer's page has no description form: the reread shows the edit in the history
    await page.getByRole('region', { name: 'Riwayat' }).getByText('Diubah: Keterangan untuk publik').waitFor();
    expect(await status(page).textContent()).toBe('Diverifikasi');

    await page.getByRole('button', { name: 'Coba lagi' }).click();
    await page.getByText('Status diubah menjadi "Dikerjakan"').waitFor();

    await page.getByRole('link', { name: 'Kembali ke antrian' }).click();
    await openFromQueue(page, second);
    await otherOfficialMoves(second, { to: 'rejected', reason: 'Jalan milik perumahan swasta' });
    await move(page, 'Mulai kerjakan');
    await page.getByRole('alert').getByText('Yang bisa dilakukan sekarang: tidak ada').waitFor();
    expect(await status(page).textContent()).toBe('Ditolak');
    expect(await page.getByRole('button', { name: 'Mulai kerjakan', exact: true }).count()).toBe(0);
  });
});

describe('the session ends while an official works', () => {
  it('a note sent after the session ended brings back the sign-in page, saying why', { timeout: 120_000 }, async () => {
    const { page } = session;
    const id = await submitReport();
    await signIn(page, 'triage');
    await openFromQueue(page, id);
    // the API's answer to an expired token, once
    await page.route(`**/v1/staff/reports/${id}/notes`, (route) => route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }) }), { times: 1 });
    await page.getByLabel('Catatan', { exact: true }).fill('Dicek besok pagi');
    await page.getByRole('button', { name: 'Simpan catatan' }).click();
    await page.getByText('Sesi Anda telah berakhir. Silakan masuk lagi.').waitFor();
  });
});
