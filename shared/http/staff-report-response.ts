/** The staff view of a report as an HTTP answer, with the ETag a change must send back in If-Match. */
import type { StaffIdentity } from '../auth/staff-identity';
import { showToStaff, type ShowToStaffDeps } from '../use-cases/staff/show-to-staff';
import { etagOf } from './etag';
import type { HttpResult } from './handler';

export async function staffViewResponse(
  found: Parameters<typeof showToStaff>[0],
  who: StaffIdentity,
  deps: ShowToStaffDeps,
  status = 200,
  revealContact = false,
): Promise<HttpResult> {
  return {
    status,
    headers: { etag: etagOf(found.report.version), 'cache-control': 'no-store' },
    body: await showToStaff(found, who, deps, revealContact),
  };
}
