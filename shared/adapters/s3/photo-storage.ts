/**
 * The photo bucket, as the photo use cases need it: presigned POST grants for uploads, bounded reads of
 * originals, writes of renditions, and deletion of refused uploads (views sign their GETs in ./get-url-signer.ts).
 *
 * Presigned POST rather than a presigned PUT: only a POST policy can bound the size (content-length-range)
 * and pin the key and Content-Type in one signature that S3 itself enforces before storing anything.
 * s3rver enforces none of it, so the processor checks size and type again on every upload, on AWS too.
 */
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { Readable } from 'node:stream';

export interface UploadGrantRequest {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
  /** stored as x-amz-meta-* on the object, pinned by the policy */
  metadata?: Record<string, string>;
}

/** `etag` names the stored object: a grant's key written again (its POST reused) is another object with another ETag */
export type ReadResult =
  | { status: 'ok'; bytes: Buffer; metadata: Record<string, string>; etag?: string }
  | { status: 'missing' }
  | { status: 'too-large'; size: number; metadata: Record<string, string>; etag?: string };

export interface PhotoStorage {
  presignUpload(request: UploadGrantRequest): Promise<{ url: string; fields: Record<string, string> }>;
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

  async presignUpload(request: UploadGrantRequest): Promise<{ url: string; fields: Record<string, string> }> {
    const meta = Object.fromEntries(Object.entries(request.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k}`, v]));
    return createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: request.key,
      Conditions: [
        ['content-length-range', 1, request.maxBytes],
        ['eq', '$Content-Type', request.contentType],
        ...Object.entries(meta).map(([k, v]) => ['eq', `$${k}`, v] as ['eq', string, string]),
      ],
      // `key` and `bucket` are added and pinned by createPresignedPost itself
      Fields: { 'Content-Type': request.contentType, ...meta },
      Expires: request.expiresInSeconds,
    });
  }

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
