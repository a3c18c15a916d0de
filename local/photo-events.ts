/**
 * Locally, what S3 event notifications and Lambda do on AWS for photos: every object created under uploads/
 * in s3rver becomes an S3Event (the Lambda shape, key URL-encoded as S3 sends it) and is handed to the same
 * `handler` of functions/process-photo.ts, with Lambda's asynchronous retries (two, after a pause).
 *
 * Also the local upload token secret: random, kept in the data folder so tokens survive a restart.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, S3Event } from 'aws-lambda';
import { encodeS3EventKey, UPLOADS_PREFIX } from '../shared/photos/photo';
import { lambdaContext } from './http-adapter';
import type { LocalS3, S3ObjectCreated } from './services/s3';

export type S3EventHandler = (event: S3Event, context: Context) => Promise<unknown>;

export interface PhotoEventsOptions {
  /** @default the handler of functions/process-photo.ts, imported at the first event (after the env is set) */
  loadHandler?: () => Promise<S3EventHandler>;
  region?: string;
  log?: (line: string) => void;
  /** pauses before the retries; Lambda waits about 1 and 2 minutes, locally a moment is enough */
  retryDelaysMs?: number[];
}

export interface PhotoEvents {
  /** resolves once every event received so far has been handled (tests and scripts wait on it) */
  idle(): Promise<void>;
}

const FUNCTION_NAME = 'process-photo';
/** the processor's timeout on AWS */
const TIMEOUT_MS = 60_000;

/** The record S3 would deliver for an object created by a POST upload. */
export function toS3Event(created: S3ObjectCreated, region = 'ap-southeast-3', now = new Date()): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: now.toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': randomBytes(24).toString('base64') },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'photo-uploads',
          bucket: { name: created.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${created.bucket}` },
          object: {
            key: encodeS3EventKey(created.key),
            size: created.size,
            eTag: created.eTag ?? '',
            sequencer: now.getTime().toString(16).toUpperCase().padStart(16, '0'),
          },
        },
      },
    ],
  };
}

const importProcessor = async (): Promise<S3EventHandler> => (await import('../functions/process-photo')).handler as S3EventHandler;

/** Subscribes the photo processor to s3rver's object-created events under uploads/ (the AWS notification's filter). */
export function connectPhotoProcessor(s3: Pick<LocalS3, 'onObjectCreated'>, options: PhotoEventsOptions = {}): PhotoEvents {
  const log = options.log ?? ((line: string) => console.log(line));
  const delays = options.retryDelaysMs ?? [200, 1000];
  const load = options.loadHandler ?? importProcessor;
  let handler: Promise<S3EventHandler> | undefined;
  const pending = new Set<Promise<void>>();

  const invoke = async (created: S3ObjectCreated) => {
    const event = toS3Event(created, options.region);
    handler ??= load();
    for (let attempt = 0; ; attempt++) {
      try {
        await (await handler)(event, lambdaContext(FUNCTION_NAME, TIMEOUT_MS));
        return;
      } catch (err) {
        const delay = delays[attempt];
        if (delay === undefined) {
          log(`[photos] ${created.key}: processing failed after ${attempt + 1} attempts: ${(err as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  s3.onObjectCreated((created) => {
    if (!created.key.startsWith(UPLOADS_PREFIX)) return;
    const run = invoke(created).finally(() => pending.delete(run));
    pending.add(run);
  });

  return {
    async idle() {
      // s3.ts hands events over on the next turn (setImmediate): let those arrive first, then wait until quiet
      do {
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.all([...pending]);
      } while (pending.size > 0);
    },
  };
}

/**
 * The upload token secret for the local stack: kept in `<dataDir>/upload-token-secret` (created once, owner
 * read-only) so tokens stay valid across restarts; without a data folder, a fresh one per start.
 */
export function localUploadTokenSecret(dataDir?: string): string {
  const fresh = () => randomBytes(32).toString('base64url');
  if (!dataDir) return fresh();
  const file = join(dataDir, 'upload-token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = fresh();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
