/** GET /v1/reports/nearby?lat=&lon=&category=: verified, open, public reports close by, nearest first, to follow. */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { queryNearby } from '../shared/adapters/dynamodb/nearby-query';
import { ENV, requireEnv } from '../shared/config/env';
import { jurisdiction } from '../shared/config/jurisdiction';
import { httpHandler } from '../shared/http/handler';
import { parseOrThrow } from '../shared/http/problem';
import { distanceToBoxMeters } from '../shared/location/geometry';
import { toNearbyItem } from '../shared/location/nearby-views';
import { nearbyQuerySchema } from '../shared/location/nearby-request';

const table = requireEnv(ENV.tableName);
// only reports the public may read about, and still worth following
const STATUSES = ['verified', 'in_progress'] as const;

export const handler = httpHandler(async (req) => {
  const q = parseOrThrow(nearbyQuerySchema, req.query, req.lang, 'query');
  const point = { lat: q.lat, lon: q.lon };
  const radiusMeters = jurisdiction.nearby.followRadiusMeters;
  // Every report lies in the jurisdiction's box, so a point farther from it has none near it: it is not searched
  // (and near the poles, where a geohash cell is narrower than the radius, could not be).
  const found =
    distanceToBoxMeters(point, jurisdiction.boundingBox) > radiusMeters
      ? []
      : await queryNearby(documentClient, table, { point, category: q.category, radiusMeters, statuses: STATUSES, publicOnly: true });
  return {
    status: 200,
    headers: { 'cache-control': 'public, max-age=30' },
    body: { radiusMeters, items: found.slice(0, 20).map(toNearbyItem) },
  };
});
