/** GET /v1/reports/{id}: the public view of one report. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { presignedGetSigner } from '../shared/adapters/s3/get-url-signer';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler, type UseCaseHandler } from '../shared/http/handler';
import { VIEW_KEY_QUERY } from '../shared/privacy/view-key';
import { getPublicReport } from '../shared/use-cases/get-report';

const deps = { repository: reportRepository, signer: presignedGetSigner(requireEnv(ENV.bucketName)) };

/** The HTTP side of the use case (exported so benchmarks can measure the frame's cost against it). */
export const useCase: UseCaseHandler = async (req) => ({ status: 200, body: await getPublicReport(req.path.id, req.query[VIEW_KEY_QUERY], deps) });

export const handler = httpHandler(useCase);
