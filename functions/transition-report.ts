/** POST /v1/staff/reports/{id}/transitions: move a report along its lifecycle (If-Match required). */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { presignedGetSigner } from '../shared/adapters/s3/get-url-signer';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { requireIfMatch } from '../shared/http/etag';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { staffViewResponse } from '../shared/http/staff-report-response';
import { transitionReport } from '../shared/use-cases/staff/transition-report';
import { transitionRequestSchema } from '../shared/use-cases/staff/transition-request';

const deps = { repository: reportRepository, now: () => new Date(), signer: presignedGetSigner(requireEnv(ENV.bucketName)) };

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  const ifMatch = requireIfMatch(req.headers['if-match']);
  const body = parseOrThrow(transitionRequestSchema, req.json(), req.lang);
  return staffViewResponse(await transitionReport(req.path.id, ifMatch, body, who, who, deps), who, deps);
}, [staffAuthentication()]);
