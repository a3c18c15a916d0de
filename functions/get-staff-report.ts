/** GET /v1/staff/reports/{id}: the full staff view, with ETag; reading contact details is audited. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { presignedGetSigner } from '../shared/adapters/s3/get-url-signer';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { loadForStaff } from '../shared/use-cases/staff/load-report';
import { staffViewResponse } from '../shared/http/staff-report-response';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { likelyDuplicates } from '../shared/use-cases/staff/likely-duplicates';

const table = requireEnv(ENV.tableName);

const deps = { repository: reportRepository, now: () => new Date(), signer: presignedGetSigner(requireEnv(ENV.bucketName)) };

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  const found = await loadForStaff(reportRepository, req.path.id, who);
  const response = await staffViewResponse(found, who, deps, 200, req.query.reveal === 'contact');
  return { ...response, body: { ...(response.body as object), likelyDuplicates: await likelyDuplicates(documentClient, table, found.report, who) } };
}, [staffAuthentication()]);
