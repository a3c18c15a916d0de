/**
 * POST /v1/staff/reports/{id}/photos: an officer of the report's unit (or the triage desk, or an admin) gets a
 * presigned POST for one completion ("after") photo. A route of its own because API Gateway has no optional
 * authorizer: the citizen route cannot also accept a staff JWT.
 */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoPhotoRepository } from '../shared/adapters/dynamodb/photo-repository';
import { presignedPostSigner } from '../shared/adapters/s3/post-policy-signer';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { metrics, MetricUnit } from '../shared/observability/metrics';
import { photoLimitsFromEnv } from '../shared/photos/config';
import { grantCompletionUpload } from '../shared/photos/grant-upload';
import { createPhotoUploadRequestSchema } from '../shared/photos/upload-request';

const deps = {
  repository: new DynamoPhotoRepository(documentClient, requireEnv(ENV.tableName)),
  storage: { presignUpload: presignedPostSigner(requireEnv(ENV.bucketName)) },
  limits: photoLimitsFromEnv(),
  now: () => new Date(),
};

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  const { contentType } = parseOrThrow(createPhotoUploadRequestSchema, req.json(), req.lang);
  const grant = await grantCompletionUpload({ rawCode: req.path.id, who, contentType }, deps);
  metrics.addMetric('CompletionPhotoUploadGranted', MetricUnit.Count, 1);
  return { status: 201, headers: { 'cache-control': 'no-store' }, body: grant };
}, [staffAuthentication()], { metrics });
