/**
 * One Powertools Metrics (CloudWatch EMF) for the functions that count something; a module of its own so
 * functions that only log do not bundle it.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The function frames flush after every request, and many requests count nothing (a refusal, an idempotent
 * replay, a follow without a quota hit): Powertools' warning about an empty flush would be a stray WARN line per
 * such request. Its other warnings (a bad metric or dimension) still reach the console.
 */
const EMPTY_FLUSH = 'No application metrics to publish';
const quietOnEmptyFlush = {
  debug: (...content: unknown[]) => console.debug(...content),
  info: (...content: unknown[]) => console.info(...content),
  warn: (...content: unknown[]) => {
    if (typeof content[0] === 'string' && content[0].startsWith(EMPTY_FLUSH)) return;
    console.warn(...content);
  },
  error: (...content: unknown[]) => console.error(...content),
};

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SiCentang',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'si-centang',
  logger: quietOnEmptyFlush,
});
export { MetricUnit } from '@aws-lambda-powertools/metrics';
