/** The HTTP frame publishes a function's metrics once per request, through Powertools' logMetrics: after an answer and after a refusal. */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuotaUsedUpError } from '../../shared/domain/errors';
import { httpHandler, type HttpEvent } from '../../shared/http/handler';
import { metrics as sharedMetrics } from '../../shared/observability/metrics';

const event = (): HttpEvent =>
  ({ rawPath: '/v1/x', headers: {}, requestContext: { http: { method: 'POST', sourceIp: '198.51.100.1' } }, isBase64Encoded: false }) as unknown as HttpEvent;
const context = { functionName: 'test', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

afterEach(() => vi.restoreAllMocks());

describe('metrics in the HTTP frame', () => {
  it('publishes what the use case counted once, after the answer', async () => {
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = httpHandler(async () => {
      metrics.addMetric('Counted', MetricUnit.Count, 1);
      expect(publish).not.toHaveBeenCalled();
      return { status: 201, body: {} };
    }, [], { metrics });
    const response = await handler(event(), context);
    expect(response.statusCode).toBe(201);
    expect(publish).toHaveBeenCalledOnce();
  });

  it('publishes after a refusal too, once the refusal is an answer', async () => {
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = httpHandler(async () => {
      metrics.addMetric('QuotaRefused', MetricUnit.Count, 1);
      throw new QuotaUsedUpError('quota-exceeded', { id: 'Terlalu banyak', en: 'Too many' }, 30);
    }, [], { metrics });
    const response = await handler(event(), context);
    expect(response.statusCode).toBe(429);
    expect(publish).toHaveBeenCalledOnce();
  });

  it('a function that passes no metrics publishes none', async () => {
    const publish = vi.spyOn(sharedMetrics, 'publishStoredMetrics');
    const handler = httpHandler(async () => ({ status: 200, body: {} }));
    await handler(event(), context);
    expect(publish).not.toHaveBeenCalled();
  });

  it('a request that counted nothing flushes without a warning line', async () => {
    // Powertools writes through a Console of its own onto the process streams: watch those, and the global console
    const written: string[] = [];
    const capture = (chunk: unknown) => (written.push(String(chunk)), true);
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void written.push(args.join(' ')));
    const handler = httpHandler(async () => ({ status: 200, body: {} }), [], { metrics: sharedMetrics });
    expect((await handler(event(), context)).statusCode).toBe(200);
    vi.restoreAllMocks();
    expect(written.filter((line) => /metric/i.test(line))).toEqual([]);
  });
});
