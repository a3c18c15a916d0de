/** The report repository bound to the table named by the environment (one per container). */
import { ENV, requireEnv } from '../../config/env';
import { documentClient } from './clients';
import { ReportRepository } from './report-repository';

export const reportRepository = new ReportRepository(documentClient, requireEnv(ENV.tableName));
