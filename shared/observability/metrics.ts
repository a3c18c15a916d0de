/**
 * One Powertools Metrics (CloudWatch EMF) for the functions that count something; a module of its own so
 * functions that only log do not bundle it.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SiCentang',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'si-centang',
});
export { MetricUnit } from '@aws-lambda-powertools/metrics';
