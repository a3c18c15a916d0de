/**
 * Scheduled: writes last month's open-data files to S3 once (a run after that finds them and does nothing), so a
 * finished month is served from S3 and never rebuilt.
 */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { S3OpenDataObjects } from '../shared/adapters/s3/signed-open-data-objects';
import { ENV, requireEnv } from '../shared/config/env';
import { jurisdiction } from '../shared/config/jurisdiction';
import { logger } from '../shared/observability/logger';
import { exportMonth } from '../shared/open-data/service';
import { addMonths, currentMonth } from '../shared/stats/query';

const deps = {
  doc: documentClient,
  table: requireEnv(ENV.tableName),
  repository: reportRepository,
  objects: new S3OpenDataObjects(requireEnv(ENV.bucketName)),
  jurisdiction,
};

export const handler = async (event: { time?: string } = {}) => {
  const now = event.time ? new Date(event.time) : new Date();
  const month = addMonths(currentMonth(now, jurisdiction.timeZone), -1);
  const written = await exportMonth(deps, month);
  logger.info('Open data export', { month, written });
  return { month, written };
};
