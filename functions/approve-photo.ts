/** POST /v1/staff/reports/{id}/photos/{photoId}/approval: a citizen photo sent after verification becomes public. */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoPhotoRepository } from '../shared/adapters/dynamodb/photo-repository';
import { presignedGetSigner } from '../shared/adapters/s3/get-url-signer';
import { staffIdentity } from '../shared/auth/staff-identity';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { approvePhoto } from '../shared/photos/approve-photo';

const deps = {
  repository: new DynamoPhotoRepository(documentClient, requireEnv(ENV.tableName)),
  signer: presignedGetSigner(requireEnv(ENV.bucketName)),
  now: () => new Date(),
};

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  return { status: 200, body: await approvePhoto(req.path.id, req.path.photoId, who, deps) };
}, [staffAuthentication()]);
