/** GET /v1/locate?lat=&lon=: which kecamatan a point lies in, or which neighbouring regency or city. */
import { jurisdiction } from '../shared/config/jurisdiction';
import { httpHandler } from '../shared/http/handler';
import { parseOrThrow } from '../shared/http/problem';
import { locator } from '../shared/location/configured-locator';
import { pointQuerySchema } from '../shared/location/point-query';
import { toLocationView } from '../shared/location/views';

const { south, west, north, east } = jurisdiction.boundingBox;

export const handler = httpHandler(async (req) => {
  const point = parseOrThrow(pointQuerySchema, req.query, req.lang, 'query');
  // a jurisdiction without polygons only knows its bounding box
  const found = locator
    ? locator(point)
    : { inJurisdiction: point.lat >= south && point.lat <= north && point.lon >= west && point.lon <= east, district: null, neighbour: null };
  return { status: 200, headers: { 'cache-control': 'public, max-age=3600' }, body: toLocationView(found, req.lang) };
});
