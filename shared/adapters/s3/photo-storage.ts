/**
 * The photo bucket, as the photo processor needs it: bounded reads of originals, writes of renditions, and
 * deletion of refused uploads (./signed-photo-storage.ts does it with presigned requests). Upload grants sign their
 * POST policy in ./post-policy-signer.ts and views sign their GETs in ./get-url-signer.ts: no photo path carries
 * the S3 client.
 */

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
