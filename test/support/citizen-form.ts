/** Steps of the citizen's report form, as a person does them in the browser, for the browser tests. */
import type { Page, Request } from 'playwright-core';

export interface FormValues {
  category?: string;
  district?: string;
  address?: string;
  description?: string;
  phone?: string;
  name?: string;
}

export const FORM_DEFAULTS: Required<FormValues> = {
  category: 'jalan-rusak',
  district: 'cikande',
  address: 'Depan Pasar Cikande, dekat jembatan',
  description: 'Jalan berlubang besar dan dalam, sudah dua motor jatuh minggu ini',
  phone: '0812-3456-7890',
  name: 'Budi Santoso',
};

/** Fills the form through its visible labels (which are also the accessible names). */
export async function fillReportForm(page: Page, values: FormValues = {}): Promise<void> {
  const v = { ...FORM_DEFAULTS, ...values };
  await page.getByLabel('Kategori').selectOption(v.category);
  await page.getByLabel('Kecamatan').selectOption(v.district);
  await page.getByLabel('Alamat atau patokan').fill(v.address);
  await page.getByLabel('Keterangan').fill(v.description);
  await page.getByLabel('Nomor HP').fill(v.phone);
  await page.getByLabel('Nama (boleh kosong)').fill(v.name);
}

/** The tracking code once the page shows it. */
export async function trackingCode(page: Page, timeout = 20_000): Promise<string> {
  const code = page.getByTestId('tracking-code');
  await code.waitFor({ timeout });
  return (await code.textContent())!.trim();
}

/** The bytes of the `file` part of a multipart/form-data request (a presigned POST upload). */
export function uploadedFile(request: Request): Buffer {
  const body = request.postDataBuffer()!;
  const boundary = /boundary=(.+)$/.exec(request.headers()['content-type'] ?? '')![1]!;
  const marker = body.indexOf('name="file"');
  const start = body.indexOf('\r\n\r\n', marker) + 4;
  const end = body.indexOf(`\r\n--${boundary}`, start);
  return body.subarray(start, end);
}

/** How many public reports a kecamatan has: each test uses its own kecamatan to count what it created. */
export async function reportsIn(base: string, district: string): Promise<string[]> {
  const res = await fetch(`${base}/v1/reports?district=${district}&limit=100`);
  const body = (await res.json()) as { items: Array<{ id: string }> };
  return body.items.map((i) => i.id);
}
