/** What a client sees of a location lookup, in the request's language, and the refusals built on it. */
import { jurisdiction, type Jurisdiction, type Language } from '../config/jurisdiction';
import { UnprocessableError } from '../domain/errors';
import type { Location } from './locator';
import type { LocationView } from '../domain/view-schemas';

export type { LocationView };

export function toLocationView(found: Location, lang: Language): LocationView {
  return {
    inJurisdiction: found.inJurisdiction,
    district: found.district ? { code: found.district.code, officialCode: found.district.officialCode, name: found.district.name[lang] } : null,
    neighbour: found.neighbour
      ? { code: found.neighbour.code, name: found.neighbour.name[lang], kind: found.neighbour.kind, reportTo: found.neighbour.reportTo[lang] }
      : null,
  };
}

/** A location in a neighbouring regency or city: whose it is and where to report instead, in both languages. */
export function inNeighbour(found: Location, lang: Language, j: Pick<Jurisdiction, 'name'> = jurisdiction): UnprocessableError {
  const n = found.neighbour!;
  const detail = {
    id: `Lokasi ini berada di ${n.name.id}, di luar wilayah ${j.name.id}. Silakan laporkan ke ${n.reportTo.id}.`,
    en: `This location is in ${n.name.en}, outside ${j.name.en}. Please report it to ${n.reportTo.en}.`,
  };
  return new UnprocessableError('location-in-neighbour', detail, {
    fields: [{ field: 'location', message: detail[lang] }],
    details: {
      neighbour: { code: n.code, officialCode: n.officialCode, kind: n.kind, name: n.name[lang] },
      reportTo: n.reportTo[lang],
    },
  });
}
