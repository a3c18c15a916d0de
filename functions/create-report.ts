/** POST /v1/reports: a citizen submits a report. */
import { citizenQuotas } from '../shared/abuse/quotas';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { ENV, requireEnv } from '../shared/config/env';
import { privacyNotice } from '../shared/domain/retention';
import { uploadTokenSecretsFromEnv } from '../shared/photos/config';
import { issueUploadToken } from '../shared/photos/upload-token';
import { photoNotice } from '../shared/photos/notices';
import { createReportRequestSchema } from '../shared/domain/report-request';
import { httpHandler, type UseCaseHandler } from '../shared/http/handler';
import { idempotencyMiddleware } from '../shared/http/idempotency';
import { parseOrThrow } from '../shared/http/problem';
import { toCreatedView } from '../shared/http/views';
import { issueViewKey } from '../shared/privacy/view-key';
import { metrics, MetricUnit } from '../shared/observability/metrics';
import { createReportOnce } from '../shared/use-cases/create-report';
import { dedupeWindowMsFromEnv } from '../shared/domain/submission-key';
import { toRepeatedView } from '../shared/http/repeat-view';
import { locator } from '../shared/location/configured-locator';
import { placeReport } from '../shared/location/place-report';

const table = requireEnv(ENV.tableName);
const uploadTokenSecrets = await uploadTokenSecretsFromEnv();
const dedupeWindowMs = dedupeWindowMsFromEnv();

/** The use case behind the HTTP frame (exported so benchmarks can measure the frame's cost against it). */
export const useCase: UseCaseHandler = async (req) => {
  const input = parseOrThrow(createReportRequestSchema, req.json(), req.lang);
  // before the quotas: a refused location does not count against the citizen
  const placement = placeReport(input, locator, req.lang);
  const sourceIp = req.event.requestContext.http.sourceIp;
  const viewKey = input.confidential ? issueViewKey(uploadTokenSecrets) : undefined;
  const { report, duplicate } = await createReportOnce({ ...input, ...placement }, {
    ...(viewKey && { viewKey }),
    dedupeWindowMs,
    repository: reportRepository,
    now: () => new Date(),
    consumeQuotas: citizenQuotas(documentClient, table, sourceIp),
  });
  // the same submission again (a retry after a timeout, a double tap): the first report, nothing given twice
  if (duplicate) return { status: 200, headers: { location: `/v1/reports/${report.id}` }, body: toRepeatedView(report, req.lang) };
  metrics.addMetric('ReportCreated', MetricUnit.Count, 1);
  // Only the creator ever sees this token (an idempotent retry replays the same answer to the same client).
  const upload = issueUploadToken(report.id, uploadTokenSecrets, new Date(report.createdAt));
  return {
    status: 201,
    headers: { location: `/v1/reports/${report.id}` },
    body: {
      ...toCreatedView(report, viewKey?.key),
      ...upload,
      privacyNotice: privacyNotice(req.lang),
      photoNotice: photoNotice(req.lang, upload.uploadTokenExpiresAt),
    },
  };
};

export const handler = httpHandler(useCase, [idempotencyMiddleware()], { metrics });
