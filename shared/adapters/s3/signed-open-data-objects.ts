/**
 * The open-data files under `open-data/` (the functions' grants name that prefix), without the S3 client: GET,
 * HEAD and a conditional PUT to object URLs presigned as the SDK's presigner signs them (./get-url-signer.ts); the
 * client would be about 160 KB of both open-data bundles for three plain requests. A missing file reads as
 * undefined; a file is written once, never replaced.
 */
import type { OpenDataObjects } from '../../open-data/service';
import { objectUrlSigner } from './get-url-signer';
import { failure, send, text, URL_SECONDS } from './object-requests';

export class S3OpenDataObjects implements OpenDataObjects {
  private readonly sign: ReturnType<typeof objectUrlSigner>;

  constructor(bucket: string, now: () => Date = () => new Date()) {
    this.sign = objectUrlSigner(bucket, now);
  }

  async get(key: string): Promise<string | undefined> {
    const res = await send('GET', await this.sign({ method: 'GET', id: 'GetObject' }, key, URL_SECONDS), {});
    if (res.statusCode === 200) return text(res);
    const error = await failure('GetObject', res);
    if (error.statusCode === 404 && error.name !== 'NoSuchBucket') return undefined;
    throw error;
  }

  async putOnce(key: string, body: string, contentType: string): Promise<boolean> {
    const head = await send('HEAD', await this.sign({ method: 'HEAD' }, key, URL_SECONDS), {});
    head.resume();
    if (head.statusCode === 200) return false;
    if (head.statusCode !== 404) throw new Error(`S3 HeadObject answered ${head.statusCode}`);
    const res = await send(
      'PUT',
      await this.sign({ method: 'PUT', id: 'PutObject' }, key, URL_SECONDS),
      // S3 refuses the write if someone wrote the key since the check (conditional write)
      { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), 'if-none-match': '*' },
      body,
    );
    if (res.statusCode === 200) {
      res.resume();
      return true;
    }
    const error = await failure('PutObject', res);
    if (error.statusCode === 412 || error.name === 'PreconditionFailed') return false;
    throw error;
  }
}
