/** "Already reported nearby?" and "likely duplicates": what each audience sees (the query: ./point-query.ts). */
import type { NearbyReport } from '../adapters/dynamodb/nearby-query';
import { followerCountOf } from '../adapters/dynamodb/follower-rank';
import { toPublicListItem } from '../domain/report';

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
