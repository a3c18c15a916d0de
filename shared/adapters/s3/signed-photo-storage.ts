/**
 * The photo bucket for the processor without the S3 client: each read, write and delete is one HTTPS request to an
 * object URL presigned exactly as the SDK's presigner signs the same command (./get-url-signer.ts, tested against
 * it). The S3 client with its XML protocol, checksums and S3 middleware is about 160 KB of the processor's bundle,
 * for three plain object operations. The PhotoStorage contract (./photo-storage.ts): a missing object is
 * `missing`, an object over the limit is not read past it, anything else unexpected throws with S3's status.
 */
import type { IncomingMessage } from 'node:http';
import { objectUrlSigner } from './get-url-signer';
import { failure, send, URL_SECONDS } from './object-requests';
import type { PhotoStorage, ReadResult } from './photo-storage';

const metadataOf = (res: IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(res.headers)
      .filter(([name, value]) => name.startsWith('x-amz-meta-') && typeof value === 'string')
      .map(([name, value]) => [name.slice('x-amz-meta-'.length), value as string]),
  );

export class S3PhotoStorage implements PhotoStorage {
  private readonly sign: ReturnType<typeof objectUrlSigner>;

  constructor(bucket: string, now: () => Date = () => new Date()) {
    this.sign = objectUrlSigner(bucket, now);
  }

  async read(key: string, maxBytes: number): Promise<ReadResult> {
    const res = await send('GET', await this.sign({ method: 'GET', id: 'GetObject' }, key, URL_SECONDS), {});
    if (res.statusCode !== 200) {
      const error = await failure('GetObject', res);
      // a missing key is an answer; a missing bucket is a broken deployment
      if (error.statusCode === 404 && error.name !== 'NoSuchBucket') return { status: 'missing' };
      throw error;
    }
    const metadata = metadataOf(res);
    const etag = res.headers.etag;
    const stated = res.headers['content-length'] === undefined ? undefined : Number(res.headers['content-length']);
    if (stated !== undefined && stated > maxBytes) {
      res.destroy();
      return { status: 'too-large', size: stated, metadata, ...(etag && { etag }) };
    }
    // the stated length may be missing or wrong: count while reading, and stop at the limit
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        res.destroy();
        return { status: 'too-large', size, metadata, ...(etag && { etag }) };
      }
      chunks.push(chunk as Buffer);
    }
    return { status: 'ok', bytes: Buffer.concat(chunks), metadata, ...(etag && { etag }) };
  }

  async write(key: string, data: Buffer, contentType: string): Promise<void> {
    const res = await send('PUT', await this.sign({ method: 'PUT', id: 'PutObject' }, key, URL_SECONDS), {
      'content-type': contentType,
      'content-length': String(data.length),
      // a key never gets other content (a new photo is a new id), and every URL to it is signed and short-lived
      'cache-control': 'private, max-age=86400, immutable',
    }, data);
    if (res.statusCode !== 200) throw await failure('PutObject', res);
    res.resume();
  }

  async delete(key: string): Promise<void> {
    const res = await send('DELETE', await this.sign({ method: 'DELETE', id: 'DeleteObject' }, key, URL_SECONDS), {});
    if (res.statusCode !== 204 && res.statusCode !== 200) throw await failure('DeleteObject', res);
    res.resume();
  }
}
