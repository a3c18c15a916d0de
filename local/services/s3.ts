/**
 * Runs s3rver (a small S3 look-alike on the file system) on loopback, for `npm start` and the tests.
 *
 * What a client must know (s3rver 3.7):
 * - path-style only: `forcePathStyle: true` (env S3_FORCE_PATH_STYLE=true in this project);
 * - checksums WHEN_REQUIRED (AWS_REQUEST_CHECKSUM_CALCULATION / AWS_RESPONSE_CHECKSUM_VALIDATION): with the
 *   SDK's default WHEN_SUPPORTED a streamed PutObject is sent aws-chunked with a trailing checksum, and s3rver
 *   stores that framing (`5\r\nhello\r\n0\r\nx-amz-checksum-crc32:...`) as the object's bytes;
 * - it checks no SigV4 signature and no POST policy, but it does look the access key id up in a table that
 *   holds only `S3RVER`; see acceptAnyAccessKey below.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';

export interface S3ObjectCreated {
  bucket: string;
  /** the plain key, as given to PutObject. (A real S3 Lambda event URL-encodes it, spaces as `+`.) */
  key: string;
  size: number;
  /** without quotes; s3rver leaves it out for copies */
  eTag?: string;
}

export interface LocalS3 {
  /** http://127.0.0.1:port */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /** called after each PutObject, POST upload, copy or completed multipart upload */
  onObjectCreated(listener: (e: S3ObjectCreated) => void): void;
}

export interface LocalS3Options {
  /** 0 or undefined: a free port */
  port?: number;
  /** where s3rver keeps buckets and objects */
  directory: string;
  /** buckets to create at start (kept if they already exist in `directory`) */
  buckets?: string[];
  /** allow browser uploads (CORS) from any origin: the local stack listens on loopback only */
  browserUploads?: boolean;
}

const ANY_ORIGIN_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/** The parts of s3rver (untyped CommonJS) used here. */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: S3EventRecord[] }) => void): void;
  httpServer?: Server;
}
interface S3EventRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as S3rverConstructor;

export async function startS3(opts: LocalS3Options): Promise<LocalS3> {
  acceptAnyAccessKey();
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port ?? 0,
    silent: true,
    directory: opts.directory,
    // only path-style; keeps s3rver from reading bucket names out of Host headers
    vhostBuckets: false,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name, ...(opts.browserUploads && { configs: [ANY_ORIGIN_CORS] }) })),
  });

  const listeners: Array<(e: S3ObjectCreated) => void> = [];
  server.on('event', (event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const created: S3ObjectCreated = {
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size ?? 0,
        ...(record.s3.object.eTag !== undefined && { eTag: record.s3.object.eTag }),
      };
      // s3rver emits inside the request, before it answers. S3 notifies after the fact and apart from the
      // upload, so do the same: a slow or throwing listener must not fail or delay the PutObject.
      for (const listener of listeners) {
        setImmediate(() => {
          try {
            listener(created);
          } catch (err) {
            console.error('[s3] object-created listener failed', err);
          }
        });
      }
    }
  });

  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    onObjectCreated: (listener) => void listeners.push(listener),
    async stop() {
      // idle keep-alive sockets from SDK clients would otherwise hold close() open
      server.httpServer?.closeIdleConnections();
      await server.close();
    },
  };
}

/**
 * s3rver does not verify SigV4 signatures, but it rejects any access key id other than its built-in
 * `S3RVER` with InvalidAccessKeyId. The local stack signs with whatever credentials the environment has
 * (e.g. `local`), so every unknown key id is mapped to s3rver's one dummy account. This patches s3rver's
 * process-wide key registry, which only ever exists in local runs and tests.
 */
let anyKeyAccepted = false;
function acceptAnyAccessKey() {
  if (anyKeyAccepted) return;
  const account = require('s3rver/lib/models/account') as {
    registry: Map<string, unknown>;
    DUMMY_ACCOUNT: unknown;
  };
  const { registry, DUMMY_ACCOUNT } = account;
  const get = registry.get.bind(registry);
  registry.get = (accessKeyId: string) => get(accessKeyId) ?? DUMMY_ACCOUNT;
  anyKeyAccepted = true;
}
