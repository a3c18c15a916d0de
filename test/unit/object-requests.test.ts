/** S3 object requests to presigned URLs: server errors and broken connections are retried, client errors are not. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failure, send, text } from '../../shared/adapters/s3/object-requests';

let server: Server;
let base: string;
let script: (number | 'hang-up')[] = [];
let received = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    received++;
    req.resume();
    const next = script.shift() ?? 200;
    if (next === 'hang-up') return req.socket.destroy();
    res.writeHead(next, { 'content-type': 'application/xml' });
    res.end(next === 200 ? 'body' : `<Error><Code>${next === 503 ? 'SlowDown' : 'AccessDenied'}</Code></Error>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bucket/key`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script = [];
  received = 0;
});

describe('object requests', () => {
  it('retries a 503 SlowDown and a dropped connection, then answers', async () => {
    script = [503, 'hang-up'];
    const res = await send('GET', base, {}, undefined, 0);
    expect(res.statusCode).toBe(200);
    expect(await text(res)).toBe('body');
    expect(received).toBe(3);
  });

  it('gives the last 5xx answer after three attempts, read as S3 names it', async () => {
    script = [503, 503, 503];
    const res = await send('PUT', base, {}, Buffer.from('x'), 0);
    expect(await failure('PutObject', res)).toMatchObject({ name: 'SlowDown', statusCode: 503 });
    expect(received).toBe(3);
  });

  it('does not retry a refusal', async () => {
    script = [403];
    const res = await send('DELETE', base, {}, undefined, 0);
    expect(await failure('DeleteObject', res)).toMatchObject({ name: 'AccessDenied', statusCode: 403 });
    expect(received).toBe(1);
  });
});
