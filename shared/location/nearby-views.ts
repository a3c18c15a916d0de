/** "Already reported nearby?" and "likely duplicates": the query parameters and what each audience sees. */
import * as z from 'zod/mini';
import type { NearbyReport } from '../adapters/dynamodb/nearby-query';
import { followerCountOf } from '../adapters/dynamodb/follower-rank';
import { categoryCode, publicListItemSchema, toPublicListItem } from '../domain/report';
import { meta } from '../domain/schema-meta';
import { pointQuerySchema } from './views';

export const nearbyQuerySchema = z.extend(pointQuerySchema, { category: categoryCode });

export const nearbyItemSchema = meta(
  z.extend(publicListItemSchema, {
    distanceMeters: meta(z.number().check(z.int()), { description: 'From the given point, rounded to the metre' }),
  }),
  { id: 'NearbyReport' },
);

export const toNearbyItem = ({ report, distanceMeters }: NearbyReport) => ({ ...toPublicListItem(report), distanceMeters });

/** Staff: enough to open the other report and judge; no contact details. */
export const toLikelyDuplicate = ({ report, distanceMeters }: NearbyReport) => ({
  id: report.id,
  status: report.status,
  district: report.district,
  createdAt: report.createdAt,
  distanceMeters,
  followerCount: followerCountOf(report),
  description: report.description.slice(0, 200),
});
