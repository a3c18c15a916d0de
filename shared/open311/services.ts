/**
 * The service list, service definitions and discovery document, all read from the jurisdiction
 * configuration: another region gets its own services by changing configuration, not code.
 */
import { byCode, jurisdiction, type Language } from '../config/jurisdiction';
import { localInstant } from '../domain/local-time';
import { toW3c } from './dates';

/**
 * When this door's behaviour last changed: clients compare it to know when to re-read the service list. Made at its
 * first use, not at import: the time-zone lookup behind it costs the functions that never answer discovery
 * (service definitions, requests) milliseconds of their cold start.
 */
let changesetStamp: string | undefined;
const changeset = () => (changesetStamp ??= toW3c(localInstant('2026-11-29', jurisdiction.timeZone).toISOString()));

export const KECAMATAN_ATTRIBUTE = 'kecamatan';

/** Words that say nothing as keywords, in the two languages of the names. */
const STOP_WORDS = new Set(['dan', 'atau', 'yang', 'and', 'the', 'for']);

export function services(lang: Language) {
  return jurisdiction.categories.map((c) => {
    const unit = byCode(jurisdiction.units, c.defaultUnit);
    return {
      service_code: c.code,
      service_name: c.name[lang],
      description: lang === 'en' ? `${c.name.en}; handled by ${unit?.name.en ?? c.defaultUnit}` : `${c.name.id}; ditangani ${unit?.name.id ?? c.defaultUnit}`,
      metadata: true,
      type: 'realtime',
      keywords: [...new Set([...c.name.id.toLowerCase().split(/[^\p{L}\p{N}]+/u), ...c.name.en.toLowerCase().split(/[^\p{L}\p{N}]+/u)])]
        .filter((w) => w.length > 2 && !STOP_WORDS.has(w))
        .join(','),
      group: unit?.name[lang] ?? c.defaultUnit,
    };
  });
}

/** Where a report comes with an address only, the kecamatan cannot be derived: the client asks for it. */
export function serviceDefinition(serviceCode: string, lang: Language) {
  const attributes = [
    {
      variable: true,
      code: KECAMATAN_ATTRIBUTE,
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: lang === 'en' ? 'One of the listed districts' : 'Salah satu kecamatan dalam daftar',
      description: lang === 'en' ? `District (kecamatan) of ${jurisdiction.name.en} where the problem is` : `Kecamatan di ${jurisdiction.name.id} tempat masalah berada`,
      values: jurisdiction.districts.map((d) => ({ key: d.code, name: d.name[lang] })),
    },
  ];
  return { service_code: serviceCode, attributes: attributes.map((a, i) => ({ ...a, order: i + 1 })) };
}

export const isService = (code: string) => byCode(jurisdiction.categories, code) !== undefined;

export type EndpointType = 'production' | 'test';

export function discovery(baseUrl: string, type: EndpointType, lang: Language) {
  const office = jurisdiction.office[lang];
  return {
    changeset: changeset(),
    contact: `${office}, ${jurisdiction.publicBaseUrl}`,
    key_service:
      lang === 'en'
        ? `API keys for submitting requests are issued to named clients by the ${office} administrators (${jurisdiction.publicBaseUrl}).`
        : `Kunci API untuk mengirim laporan diberikan kepada klien bernama oleh admin ${office} (${jurisdiction.publicBaseUrl}).`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: baseUrl,
        changeset: changeset(),
        type,
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
