/**
 * POST requests: the form-encoded body the spec prescribes (with or without `; charset=utf-8`), read into
 * the same creation input as the native API, under the same rules (text without control characters, a
 * location inside the jurisdiction, an Indonesian mobile number if any). Field names in refusals are the
 * names the client sent, e.g. `attribute[kecamatan]`. Arguments the spec allows but this server does not
 * use are ignored, as clients such as FixMyStreet send extra ones.
 */
import * as z from 'zod/mini';
import { jurisdiction, type Language } from '../config/jurisdiction';
import { mobileNumberSchema } from '../domain/mobile-schema';
import { districtCode, text } from '../domain/report-fields';
import type { HttpRequest } from '../http/handler';
import { MAX_BODY_BYTES } from '../http/handler';
import { parseOrThrow } from '../http/problem';
import type { CreateReportInput } from '../use-cases/create-report';
import { fieldError, Open311Error } from './errors';
import { KECAMATAN_ATTRIBUTE } from './services';

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;\s*charset="?utf-8"?\s*)?$/i;

/** The form fields; repeated ones (several `media_url`) keep every value. */
export function readForm(req: HttpRequest): Map<string, string[]> {
  const contentType = req.headers['content-type'] ?? '';
  if (!FORM_TYPE.test(contentType.trim()))
    throw new Open311Error(415, [{ id: 'Kirim isi sebagai application/x-www-form-urlencoded (UTF-8)', en: 'Send the body as application/x-www-form-urlencoded (UTF-8)' }]);
  const event = req.event;
  const raw = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new Open311Error(413, [{ id: 'Maksimal 64 KB', en: 'At most 64 KB' }]);
  const form = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(raw)) {
    // an empty value is no value: FixMyStreet sends empty names for reporters who gave one word
    if (v.trim() === '') continue;
    form.set(k, [...(form.get(k) ?? []), v]);
  }
  return form;
}

const decimal = z.pipe(
  z.string().check(z.trim(), z.regex(/^-?\d{1,3}(\.\d+)?$/, { message: 'angka desimal WGS84 / a WGS84 decimal number' })),
  z.transform(Number),
);

const formSchema = z.object({
  lat: z.optional(z.pipe(decimal, z.number().check(z.gte(-90), z.lte(90)))),
  long: z.optional(z.pipe(decimal, z.number().check(z.gte(-180), z.lte(180)))),
  address_string: z.optional(text(3, 300)),
  address_id: z.optional(text(1, 100)),
  [`attribute[${KECAMATAN_ATTRIBUTE}]`]: districtCode,
  description: text(10, 4000),
  media_url: z.optional(z.array(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))).check(z.maxLength(10))),
  email: z.optional(z.email().check(z.maxLength(254))),
  first_name: z.optional(text(1, 100)),
  last_name: z.optional(text(1, 100)),
  phone: z.optional(mobileNumberSchema),
  device_id: z.optional(text(1, 100)),
  account_id: z.optional(text(1, 100)),
});

export interface Open311Client {
  id: string;
  name: string;
}

/** The creation input from the form, or a 400 naming every bad field. */
export function toCreateInput(form: Map<string, string[]>, serviceCode: string, client: Open311Client, lang: Language): CreateReportInput {
  const one = (k: string) => form.get(k)?.[0];
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(formSchema.shape)) if (key !== 'media_url' && form.has(key)) raw[key] = one(key);
  // FixMyStreet names it deviceid
  raw.device_id ??= one('deviceid');
  if (form.has('media_url')) raw.media_url = form.get('media_url');
  const f = parseOrThrow(formSchema, raw, lang);
  if ((f.lat === undefined) !== (f.long === undefined))
    throw fieldError(f.lat === undefined ? 'lat' : 'long', { id: 'lat dan long dikirim bersama', en: 'send lat and long together' });
  const location = f.lat !== undefined && f.long !== undefined ? { lat: f.lat, lon: f.long } : undefined;
  const { south, west, north, east } = jurisdiction.boundingBox;
  if (location && (location.lat < south || location.lat > north || location.lon < west || location.lon > east))
    throw fieldError('lat', { id: `lokasi di luar wilayah layanan (${south}..${north}, ${west}..${east})`, en: `location outside the service area (${south}..${north}, ${west}..${east})` });
  if (!location && !f.address_string && !f.address_id)
    throw fieldError('lat', { id: 'kirim lat dan long, address_string atau address_id', en: 'send lat and long, address_string or address_id' });
  const name = [f.first_name, f.last_name].filter(Boolean).join(' ');
  return {
    category: serviceCode,
    description: f.description,
    district: f[`attribute[${KECAMATAN_ATTRIBUTE}]`] as string,
    ...(location && { location }),
    // an address id names a record in the client's address register, not a place a person can read: staff only
    ...(f.address_string && { address: f.address_string }),
    reporter: {
      ...(f.phone && { phone: f.phone }),
      ...(name && { name }),
      ...(f.email && { email: f.email }),
      showName: false,
      anonymous: false,
      language: jurisdiction.defaultLanguage,
    },
    confidential: false,
    source: {
      channel: 'open311',
      clientId: client.id,
      clientName: client.name,
      ...(f.device_id && { deviceId: f.device_id }),
      ...(f.account_id && { accountId: f.account_id }),
      ...(f.address_id && { addressId: f.address_id }),
    },
    ...(f.media_url && { mediaUrls: f.media_url }),
  };
}
