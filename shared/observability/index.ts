/**
 * One Logger and one Metrics for every function (Powertools). Log lines are JSON with the request id;
 * they never carry a phone number: handlers log codes and ids, and maskPhone exists for the rare case
 * a number must be mentioned at all.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'si-centang' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SiCentang',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'si-centang',
});
export { MetricUnit } from '@aws-lambda-powertools/metrics';
