/**
 * The photo bucket, as the photo processor needs it: bounded reads of originals, writes of renditions, and
 * deletion of refused uploads. Upload grants sign their POST policy in ./post-policy-signer.ts and views sign
 * their GETs in ./get-url-signer.ts, without the S3 client.
 */
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';

/** `etag` names the stored object: a grant's key written again (its POST reused) is another object with another ETag */
export type ReadResult =
  | { status: 'ok'; bytes: Buffer; metadata: Record<string, string>; etag?: string }
  | { status: 'missing' }
  | { status: 'too-large'; size: number; metadata: Record<string, string>; etag?: string };

export interface PhotoStorage {
  /** reads at most maxBytes; a bigger object is not read past the limit */
  read(key: string, maxBytes: number): Promise<ReadResult>;
  write(key: string, data: Buffer, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export class S3PhotoStorage implements PhotoStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string, maxBytes: number): Promise<ReadResult> {
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (err instanceof NoSuchKey || (err as Error).name === 'NoSuchKey') return { status: 'missing' };
      throw err;
    }
    const body = out.Body as Readable | undefined;
    if (!body) return { status: 'missing' };
    if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
      body.destroy();
      return { status: 'too-large', size: out.ContentLength, metadata: out.Metadata ?? {}, ...(out.ETag && { etag: out.ETag }) };
    }
    // the stated length may be missing or wrong: count while reading, and stop at the limit
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        body.destroy();
        return { status: 'too-large', size, metadata: out.Metadata ?? {}, ...(out.ETag && { etag: out.ETag }) };
      }
      chunks.push(chunk as Buffer);
    }
    return { status: 'ok', bytes: Buffer.concat(chunks), metadata: out.Metadata ?? {}, ...(out.ETag && { etag: out.ETag }) };
  }

  async write(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: data,
        ContentType: contentType,
        // a key never gets other content (a new photo is a new id), and every URL to it is signed and short-lived
        CacheControl: 'private, max-age=86400, immutable',
      }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
