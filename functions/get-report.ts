/** GET /v1/reports/{id}: the public view of one report. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { presignedGetSigner } from '../shared/adapters/s3/get-url-signer';
import { ENV, requireEnv } from '../shared/config/env';
import { isPublished, toPublicView } from '../shared/domain/report';
import { photoViews } from '../shared/photos/views';
import { parseTrackingCode } from '../shared/domain/tracking-code';
import { httpHandler, type UseCaseHandler } from '../shared/http/handler';
import { reportNotFound } from '../shared/http/report-problems';
import { VIEW_KEY_QUERY, viewKeyMatches } from '../shared/privacy/view-key';

const signer = presignedGetSigner(requireEnv(ENV.bucketName));

/** The use case behind the HTTP frame (exported so benchmarks can measure the frame's cost against it). */
export const useCase: UseCaseHandler = async (req) => {
  const id = parseTrackingCode(req.path.id ?? '');
  if (!id) throw reportNotFound();
  const found = await reportRepository.getWithHistory(id);
  // A confidential report does not exist as far as the public can tell; its reporter holds its view key.
  if (!found) throw reportNotFound();
  if (found.report.confidential && !viewKeyMatches(req.query[VIEW_KEY_QUERY], found.report.viewKeyHash)) throw reportNotFound();
  const view = toPublicView(found.report, found.events);
  return { status: 200, body: isPublished(found.report) ? { ...view, photos: await photoViews(found.report, signer, { publicOnly: true }) } : view };
};

export const handler = httpHandler(useCase);
