/** A database that does not answer is a 503 with Retry-After that says the outcome may be unknown, never a 500. */
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/http-adapter';
import { httpHandler } from '../../shared/http/handler';
import { apiEvent } from '../support/api-events';

const failing = (error: Error) => httpHandler(async () => Promise.reject(error));

function sdkError(name: string, code?: string): Error {
  const err = new Error('socket hang up');
  err.name = name;
  if (code) (err as Error & { code: string }).code = code;
  return err;
}

describe('an unreachable database', () => {
  it.each([
    ['a request timeout', sdkError('TimeoutError')],
    ['a refused connection', sdkError('Error', 'ECONNREFUSED')],
    ['a reset connection', sdkError('Error', 'ECONNRESET')],
  ])('%s is a 503 with Retry-After, in the caller\'s language', async (_what, error) => {
    const { event } = apiEvent({ method: 'GET', target: '/v1/reports/7KQ4-M9XP', headers: { 'accept-language': 'en' } });
    const result = await failing(error)(event as never, lambdaContext('test'));
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'retry-after': '5', 'content-type': expect.stringMatching(/problem\+json/) });
    expect(JSON.parse(result.body!).detail).toMatch(/may or may not have been recorded/);
  });
  it('anything else unexpected is still the 500 that reveals nothing', async () => {
    const { event } = apiEvent({ method: 'GET', target: '/v1/reports/7KQ4-M9XP' });
    const result = await failing(new Error('boom'))(event as never, lambdaContext('test'));
    expect(result.statusCode).toBe(500);
  });
});
