/** POST /v1/reports: a citizen submits a report. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { createReportRequestSchema } from '../shared/domain/report';
import { httpHandler } from '../shared/http/handler';
import { idempotencyMiddleware } from '../shared/http/idempotency';
import { parseOrThrow } from '../shared/http/problem';
import { toCreatedView } from '../shared/http/views';
import { metrics, MetricUnit } from '../shared/observability';
import { createReport } from '../shared/use-cases/create-report';

export const handler = httpHandler(
  async (req) => {
    const input = parseOrThrow(createReportRequestSchema, req.json(), req.lang);
    const report = await createReport(input, { repository: reportRepository, now: () => new Date() });
    metrics.addMetric('ReportCreated', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    return { status: 201, headers: { location: `/v1/reports/${report.id}` }, body: toCreatedView(report) };
  },
  [idempotencyMiddleware()],
);
