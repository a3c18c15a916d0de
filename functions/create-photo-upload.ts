/**
 * POST /v1/reports/{id}/photos: the citizen who created the report (header X-Upload-Token) gets a presigned
 * POST for one photo. The file goes straight to S3; the photo processor takes it from there.
 */
import { consumeQuota, ipQuotaSubject, QUOTAS } from '../shared/abuse/quotas';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoPhotoRepository } from '../shared/adapters/dynamodb/photo-repository';
import { presignedPostSigner } from '../shared/adapters/s3/post-policy-signer';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { parseOrThrow } from '../shared/http/problem';
import { metrics, MetricUnit } from '../shared/observability/metrics';
import { photoLimitsFromEnv, uploadTokenSecretsFromEnv } from '../shared/photos/config';
import { authorizeCitizenUpload, grantCitizenUpload } from '../shared/photos/grant-upload';
import { createPhotoUploadRequestSchema } from '../shared/photos/upload-request';
import { UPLOAD_TOKEN_HEADER } from '../shared/photos/upload-token';

const table = requireEnv(ENV.tableName);
const secrets = await uploadTokenSecretsFromEnv();
const deps = {
  repository: new DynamoPhotoRepository(documentClient, table),
  storage: { presignUpload: presignedPostSigner(requireEnv(ENV.bucketName)) },
  limits: photoLimitsFromEnv(),
  now: () => new Date(),
};

export const handler = httpHandler(async (req) => {
  // who first (401/403), then what (400)
  const code = authorizeCitizenUpload(req.path.id, req.headers[UPLOAD_TOKEN_HEADER], secrets, deps.now());
  const { contentType } = parseOrThrow(createPhotoUploadRequestSchema, req.json(), req.lang);
  // the same per-address budget as report creation (the per-report photo limit bounds the rest)
  await consumeQuota(documentClient, table, QUOTAS.requestsPerIp, ipQuotaSubject(req.event.requestContext.http.sourceIp), deps.now());
  const grant = await grantCitizenUpload({ code, contentType }, deps);
  metrics.addMetric('PhotoUploadGranted', MetricUnit.Count, 1);
  // the form fields are a credential for one upload: no cache may keep them
  return { status: 201, headers: { 'cache-control': 'no-store' }, body: grant };
}, [], { metrics });
