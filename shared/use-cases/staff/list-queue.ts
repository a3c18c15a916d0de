/**
 * Staff work queues. The caller's scope is applied before anything else: an officer sees the unit's
 * reports, a district office its kecamatan's; asking for another unit or district is refused as out of scope.
 */
import * as z from 'zod/mini';
import type { DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import type { StaffIdentity } from '../../auth/staff-identity';
import { districtCode, reportStatusSchema, unitCode } from '../../domain/report-fields';
import { meta } from '../../domain/schema-meta';
import { OPEN_STATUSES, type Status } from '../../domain/status-machine';
import { InvalidInputError, outOfScope } from '../../domain/errors';

export const staffQueueQuerySchema = z.object({
  status: meta(z.optional(reportStatusSchema), { description: 'Default: the open statuses (received, verified, in_progress)' }),
  unit: z.optional(unitCode),
  district: z.optional(districtCode),
  overdue: z.optional(z.enum(['true', 'false'])),
  sort: meta(z.optional(z.enum(['dueAt', 'createdAt', 'followers'])), {
    description:
      'Default dueAt (soonest first) for open statuses, else createdAt (newest first); followers: most followed by phone first, only reports someone follows',
  }),
  limit: z._default(z.coerce.number().check(z.gte(1), z.lte(100), z.int()), 25),
  cursor: z.optional(z.string().check(z.maxLength(400))),
});
export type StaffQueueQuery = z.infer<typeof staffQueueQuerySchema>;

export async function listQueue(q: StaffQueueQuery, after: string | undefined, who: StaffIdentity, deps: { repository: DynamoReportRepository; now: () => Date }) {
  let { unit, district } = q;
  if (who.role === 'officer') {
    if (unit && unit !== who.unit) throw outOfScope();
    unit = who.unit;
  }
  if (who.role === 'district') {
    if (district && district !== who.district) throw outOfScope();
    district = who.district;
  }
  const statuses: Status[] = q.status ? [q.status] : [...OPEN_STATUSES];
  const allOpen = statuses.every((s) => (OPEN_STATUSES as readonly string[]).includes(s));
  const overdue = q.overdue === 'true';
  // Only open reports carry a due key: sorting others by due time would return nothing.
  if ((overdue || q.sort === 'dueAt') && !allOpen) {
    const message = {
      id: `${overdue ? 'overdue=true' : 'sort=dueAt'} hanya berlaku untuk status yang masih berjalan (received, verified, in_progress).`,
      en: `${overdue ? 'overdue=true' : 'sort=dueAt'} applies to open statuses only (received, verified, in_progress).`,
    };
    throw new InvalidInputError('validation', message, [{ field: overdue ? 'query.overdue' : 'query.sort', message }]);
  }
  const sort = q.sort === 'followers' && !overdue ? 'followerKey' : overdue || (q.sort ?? (allOpen ? 'dueAt' : 'createdAt')) === 'dueAt' ? 'dueKey' : 'createdKey';
  return deps.repository.listStaff({
    statuses,
    ...(unit && { unit }),
    ...(district && { district }),
    sort,
    ...(overdue && { dueBefore: deps.now().toISOString() }),
    limit: q.limit,
    after,
  });
}
