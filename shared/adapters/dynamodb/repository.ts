/** The report repository bound to the table named by the environment (one per container). */
import { ENV, requireEnv } from '../../config/env';
import { documentClient } from './clients';
import { DynamoReportRepository } from './report-repository';

export const reportRepository = new DynamoReportRepository(documentClient, requireEnv(ENV.tableName));
