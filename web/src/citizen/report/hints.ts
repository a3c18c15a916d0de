/**
 * Hints from the pin, when the API offers them: the kecamatan the point lies in (or the neighbour it lies
 * in), and open reports of the same kind nearby. A route the API does not have (404) is not asked again.
 */
import { ApiError, get, query } from '../../api';
import type { Point } from '../draft';

export interface Located {
  inJurisdiction: boolean;
  district: { code: string; name: string } | null;
  neighbour: { code: string; name: string; kind?: string; reportTo?: string } | null;
}

export interface NearbyReport {
  id: string;
  status: string;
  category?: string;
  distanceMeters?: number;
  description?: string;
}

const missing = new Set<string>();

async function optional<T>(route: string, path: string): Promise<T | undefined> {
  if (missing.has(route)) return undefined;
  try {
    return await get<T>(path);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) missing.add(route);
    return undefined;
  }
}

export const locate = (p: Point) => optional<Located>('locate', `/v1/locate${query({ lat: p.lat, lon: p.lon })}`);

export async function nearby(p: Point, category: string): Promise<NearbyReport[]> {
  const answer = await optional<{ items?: NearbyReport[] }>('nearby', `/v1/reports/nearby${query({ lat: p.lat, lon: p.lon, category })}`);
  return Array.isArray(answer?.items) ? answer.items.slice(0, 5) : [];
}
