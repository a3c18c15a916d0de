/** The local SMS sink's failure rate (failRate), used by the fault tests to fail a share of SNS calls. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createSmsSink } from '../../local/services/sms-sink';
import { seededRandom } from '../support/seeded-random';

/** One SNS Publish as the SDK sends it, answered into a captured response. */
function publish(sink: ReturnType<typeof createSmsSink>, message: string): { status: number; body: string } {
  const captured = { status: 0, body: '' };
  const res = {
    writeHead(status: number) {
      captured.status = status;
      return res;
    },
    end(body?: string) {
      captured.body = body ?? '';
      return res;
    },
  } as unknown as ServerResponse;
  const body = new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', PhoneNumber: '+6281234567890', Message: message });
  sink.handle({ url: '/', headers: {} } as IncomingMessage, res, Buffer.from(body.toString()));
  return captured;
}

describe('SmsSink.failRate', () => {
  it('fails about the given share of calls with a retryable 500, and records only the others', () => {
    const sink = createSmsSink({ log: () => {} });
    sink.failRate(0.3, seededRandom(42));
    const answers = Array.from({ length: 1000 }, (_, i) => publish(sink, `m${i}`));
    const failed = answers.filter((a) => a.status === 500);
    expect(failed.length).toBeGreaterThan(250);
    expect(failed.length).toBeLessThan(350);
    expect(failed[0]!.body).toContain('<Type>Receiver</Type><Code>InternalError</Code>');
    expect(sink.outbox()).toHaveLength(1000 - failed.length);
  });

  it('is repeatable with the same seed, and 0 turns it off', () => {
    const run = () => {
      const sink = createSmsSink({ log: () => {} });
      sink.failRate(0.5, seededRandom(7));
      return Array.from({ length: 50 }, (_, i) => publish(sink, `m${i}`).status);
    };
    expect(run()).toEqual(run());
    const sink = createSmsSink({ log: () => {} });
    sink.failRate(1);
    expect(publish(sink, 'x').status).toBe(500);
    sink.failRate(0);
    expect(publish(sink, 'y').status).toBe(200);
    expect(sink.outbox().map((m) => m.message)).toEqual(['y']);
  });

  it('failNext is used up first, and nonsense rates are refused', () => {
    const sink = createSmsSink({ log: () => {} });
    sink.failRate(0, () => 0);
    sink.failNext(1);
    expect(publish(sink, 'a').status).toBe(500);
    expect(publish(sink, 'b').status).toBe(200);
    for (const bad of [-0.1, 1.5, Number.NaN]) expect(() => sink.failRate(bad)).toThrow(RangeError);
  });
});
