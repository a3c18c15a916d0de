/**
 * Where a new report belongs. With a location, the location decides the kecamatan: a citizen's different choice is
 * kept beside it for staff (citizens rarely know the borders), a point in a neighbouring regency or city is refused
 * with where to report instead (422), and a point outside everything is refused as a bad field (400, `location`).
 * Without a location the citizen's choice stands (the request schema requires one then).
 */
import type { Language } from '../config/jurisdiction';
import { CHECK_FIELDS, InvalidInputError } from '../domain/errors';
import { translate } from '../domain/messages';
import type { Locator } from './locator';
import { inNeighbour } from './views';

export interface Placement {
  district: string;
  /** the citizen's choice, when the location says otherwise */
  citizenDistrict?: string;
  /** how the kecamatan was decided */
  districtSource: 'location' | 'citizen';
}

export function placeReport(
  input: { district?: string; location?: { lat: number; lon: number } },
  locate: Locator | undefined,
  lang: Language,
): Placement {
  if (input.location === undefined || locate === undefined) {
    // the schema requires a district when there is no location; a jurisdiction without polygons keeps the choice
    if (input.district === undefined) throw outside(lang, 'report.district', 'district');
    return { district: input.district, districtSource: 'citizen' };
  }
  const found = locate(input.location);
  if (found.neighbour) throw inNeighbour(found, lang);
  if (!found.inJurisdiction || !found.district) throw outside(lang, 'location.outside', 'location');
  const district = found.district.code;
  return {
    district,
    districtSource: 'location',
    ...(input.district !== undefined && input.district !== district && { citizenDistrict: input.district }),
  };
}

function outside(lang: Language, key: string, field: string): InvalidInputError {
  return new InvalidInputError('validation', CHECK_FIELDS, [{ field, message: translate(key, lang) ?? key }]);
}
