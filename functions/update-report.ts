/** PATCH /v1/staff/reports/{id}: category, unit, priority or the published description (If-Match required). */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { presignedGetSigner } from '../shared/adapters/s3/get-url-signer';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { requireIfMatch } from '../shared/http/etag';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { staffViewResponse } from '../shared/http/staff-report-response';
import { updateReport, updateRequestSchema } from '../shared/use-cases/staff/update-report';

const deps = { repository: reportRepository, now: () => new Date(), signer: presignedGetSigner(requireEnv(ENV.bucketName)) };

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  const ifMatch = requireIfMatch(req.headers['if-match']);
  const body = parseOrThrow(updateRequestSchema, req.json(), req.lang);
  return staffViewResponse(await updateReport(req.path.id, ifMatch, body, who, deps), who, deps);
}, [staffAuthentication()]);
