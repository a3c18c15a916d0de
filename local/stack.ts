/**
 * The whole backend on one machine: DynamoDB Local, s3rver, the SMS sink and the HTTP API, wired the way
 * AWS wires them. `npm start` runs it with a data folder; the e2e tests run it in memory on free ports.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createApiAdapter, lambdaContext, readBody, type ApiAdapterOptions } from './http-adapter';
import { jwks, LOCAL_CLIENT_ID, LOCAL_ISSUER, loadOrCreateKeys, signToken, type TokenRequest } from './auth';
import { createBucket, createTables } from './bootstrap';
import { createOAuthServer } from './oauth';
import { startDynamoDbLocal } from './services/dynamodb-local';
import { startS3 } from './services/s3';
import { createSmsSink, type SmsSink } from './services/sms-sink';
import { jsonLinesFailureDestination, startStreamPoller, type StreamPoller } from './stream-poller';
import { connectPhotoProcessor, localUploadTokenSecret, type PhotoEvents } from './photo-events';
import { escalationIntervalMs, LOCAL_ESCALATION_TOPIC_ARN, runEscalateFunction, startScheduler, writeStackInfo, type ScheduledHandler, type Scheduler } from './scheduler';
import { NOTIFY_STREAM_FILTER } from '../shared/notify/stream-filter';
import { webStatic } from './web-static';
import { STATS_STREAM_FILTER } from '../shared/stats/aggregator';
import { OPENAPI_DOCUMENT_ENV, OPENAPI_FILE_NAME } from '../shared/http/openapi-file';

export interface LocalStackOptions {
  port?: number;
  /** folder for persistent data; undefined keeps everything in memory / a temp folder */
  dataDir?: string;
  /** reuse a running DynamoDB Local instead of starting one (tests share one per run) */
  dynamoEndpoint?: string;
  /** table and bucket names; tests make them unique */
  names?: { main: string; idempotency: string; bucket: string };
  log?: (line: string) => void;
  /** sees every answer of a route function (tests check them against the OpenAPI document) */
  observeAnswers?: ApiAdapterOptions['observe'];
  /** how often the escalation runs; false: only when asked (`escalation.runNow()`) */
  escalationIntervalMs?: number | false;
  /** the built web app (web/dist) to serve on the same origin as the API; none: API only */
  webRoot?: string;
  /** how often deferred first-contact SMS are drained (AWS: every 5 minutes); false: only on `smsDrain.runNow()` */
  smsDrainIntervalMs?: number | false;
  /**
   * run the statistics aggregator on the stream (default: yes). Test stacks that read no statistics leave it off:
   * it writes beside every report write, and DynamoDB Local's time is what a test run spends most.
   */
  statistics?: boolean;
}

export interface LocalStack {
  url: string;
  port: number;
  names: { main: string; idempotency: string; bucket: string };
  dynamoEndpoint: string;
  s3Endpoint: string;
  sms: SmsSink;
  /** the DynamoDB stream → notifier pipe, as Lambda's event source mapping would run it */
  notifier: StreamPoller;
  /** the same stream → the statistics aggregator, a second event source mapping (none when `statistics: false`) */
  stats: StreamPoller | undefined;
  /** S3 object-created events → the photo processor, as the bucket notification would run it */
  photos: PhotoEvents;
  /** the scheduled escalation run, as EventBridge would trigger it */
  escalation: Scheduler;
  /** the scheduled drain of SMS deferred by the first-contact breaker */
  smsDrain: Scheduler;
  /** a staff token signed by this stack's issuer, as Cognito would issue it */
  token(req: TokenRequest): Promise<string>;
  stop(): Promise<void>;
}

/** Imported on first use, after the stack has set the environment the function reads at load. */
const runDrainDeferredSms: ScheduledHandler = async (event, context) => {
  const { handler } = (await import('../functions/drain-deferred-sms')) as { handler: ScheduledHandler };
  return handler(event, context);
};

export const DEFAULT_NAMES = { main: 'si-centang-reports', idempotency: 'si-centang-idempotency', bucket: 'si-centang-photos' };

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

// The SDK warns that Node 20 support ends in 2027; Lambda runs Node 24, only the local tools run on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const names = options.names ?? DEFAULT_NAMES;
  const stops: Array<() => Promise<void>> = [];
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const dynamo = await startDynamoDbLocal({ ...(options.dataDir && { dataDir: join(options.dataDir, 'dynamodb') }) });
      stops.push(() => dynamo.stop());
      dynamoEndpoint = dynamo.endpoint;
    }
    const scratch = options.dataDir ?? mkdtempSync(join(tmpdir(), 'si-centang-'));
    const s3Dir = join(scratch, 's3');
    const keys = await loadOrCreateKeys(join(scratch, 'jwt'));
    // browsers upload photos straight to the bucket (presigned POST), from the web app's origin
    const s3 = await startS3({ directory: s3Dir, buckets: [names.bucket], browserUploads: options.webRoot !== undefined });
    stops.push(() => s3.stop());
    const photos = connectPhotoProcessor(s3, { log });
    // runs before s3 stops (stops run in reverse): let photos in flight finish
    stops.push(() => photos.idle());

    const sms = createSmsSink({
      ...(options.dataDir && { outboxFile: join(options.dataDir, 'sms-outbox.jsonl') }),
      log,
      // the inbound topic's subscriber, loaded on first use (after the environment below is set), as on Lambda
      deliverInbound: async (event) => {
        const { handler } = await import('../functions/receive-sms-topic');
        await handler(event, lambdaContext('receive-sms-topic'));
      },
    });
    // as on AWS, nothing in front checks staff tokens: the functions do (shared/auth/staff-token.ts)
    const api = createApiAdapter({ ...(options.observeAnswers && { observe: options.observeAnswers }) });
    // the staff console signs in here exactly as against Cognito's endpoints
    const oauth = createOAuthServer(keys);
    const web = options.webRoot ? webStatic(options.webRoot, s3.endpoint) : undefined;
    const handleLocal = async (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/local/sns' || path === '/local/sns/') {
        const body = await readBody(req);
        sms.handle(req, res, body === 'too-large' ? Buffer.alloc(0) : body);
        return;
      }
      if (oauth.handles(path ?? '/')) return oauth.handle(req, res);
      if (path === '/local/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(jwks(keys)));
        return;
      }
      if (path === '/local/sms/fail' && req.method === 'POST') {
        // exercise failure paths by hand: {"next": 3} fails the next 3 SNS calls, {"always": "+62…"} (or null) one number
        const raw = await readBody(req);
        try {
          const body = JSON.parse(raw === 'too-large' ? '' : raw.toString('utf8') || '{}') as { next?: number; always?: string | null };
          if (typeof body.next === 'number') sms.failNext(body.next);
          if (body.always !== undefined) sms.failAlways(body.always);
          res.writeHead(204).end();
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'send {"next": n} or {"always": "+62…" | null}' }));
        }
        return;
      }
      if (path === '/local/sms/inbound' && req.method === 'POST') {
        // a phone texts the service: {"from": "+62…", "body": "CEK 7KQ4-M9XP", "messageId": "…" (optional)}
        const raw = await readBody(req);
        let message: { from?: unknown; body?: unknown; messageId?: unknown };
        try {
          message = JSON.parse(raw === 'too-large' ? '' : raw.toString('utf8')) as typeof message;
        } catch {
          message = {};
        }
        if (typeof message.from !== 'string' || typeof message.body !== 'string' || (message.messageId !== undefined && typeof message.messageId !== 'string')) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'send {"from": "+62…", "body": "…", "messageId"?: "…"}' }));
          return;
        }
        try {
          const { messageId } = await sms.inbound({ from: message.from, body: message.body, ...(message.messageId !== undefined && { messageId: message.messageId as string }) });
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId }));
        } catch (err) {
          // on AWS the invocation would be retried, then parked in the failure queue; locally the caller hears of it
          log(`[sms] inbound message failed: ${(err as Error).name}`);
          res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'the inbound subscriber failed; see the log' }));
        }
        return;
      }
      if (path === '/local/sms' && req.method === 'GET') {
        // Local only: the full numbers are shown here so a developer can follow the messages.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ items: sms.outbox().map(({ phoneNumber, topicArn, message, sentAt }) => ({ phoneNumber, topicArn, message, sentAt })) }));
        return;
      }
      if (web && (await web(req, res))) return;
      await api(req, res);
    };
    // a client that hangs up mid-body must not take the whole local stack down
    const server = createServer((req, res) => void handleLocal(req, res).catch(() => res.destroy()));
    const port = await listen(server, options.port ?? 3000);
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${port}`;

    // The functions read these at module load, exactly as on Lambda; the SDK reads the endpoints itself.
    Object.assign(process.env, {
      AWS_REGION: 'ap-southeast-3',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SNS: `${url}/local/sns`,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: names.main,
      IDEMPOTENCY_TABLE_NAME: names.idempotency,
      BUCKET_NAME: names.bucket,
      POWERTOOLS_SERVICE_NAME: 'si-centang',
      POWERTOOLS_METRICS_NAMESPACE: 'SiCentang',
      POWERTOOLS_METRICS_DISABLED: 'true',
      UPLOAD_TOKEN_SECRET: localUploadTokenSecret(scratch),
      ESCALATION_TOPIC_ARN: LOCAL_ESCALATION_TOPIC_ARN,
      SMS_SENDER_ID: 'SICENTANG',
      STAFF_JWT_ISSUER: LOCAL_ISSUER,
      STAFF_CLIENT_ID: LOCAL_CLIENT_ID,
      STAFF_JWKS: JSON.stringify(jwks(keys)),
      SMS_DAILY_CAP: process.env.SMS_DAILY_CAP ?? '20',
      // discovery names this a test endpoint; OPEN311_API_KEYS, if set, passes through from the caller's environment
      OPEN311_ENDPOINT_TYPE: process.env.OPEN311_ENDPOINT_TYPE ?? 'test',
      // secrets come from the environment or development defaults here, never on a deployed function
      SI_CENTANG_LOCAL: 'true',
    });
    // what the bundling of get-openapi does on AWS: the document generated once, served from a file
    const { openApiDocument } = await import('../shared/http/openapi');
    process.env[OPENAPI_DOCUMENT_ENV] = join(scratch, OPENAPI_FILE_NAME);
    writeFileSync(process.env[OPENAPI_DOCUMENT_ENV], JSON.stringify(openApiDocument()));

    const dynamoClient = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'ap-southeast-3', credentials: LOCAL_CREDENTIALS });
    await createTables(dynamoClient, { main: names.main, idempotency: names.idempotency });
    dynamoClient.destroy();
    const s3Client = new S3Client({ endpoint: s3.endpoint, region: 'ap-southeast-3', credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    await createBucket(s3Client, names.bucket);
    s3Client.destroy();

    // The notifier reads its configuration at load, like on Lambda, so it is imported after the env is set.
    const { handler: notifyCitizen } = await import('../functions/notify-citizen');
    const notifier = await startStreamPoller({
      dynamoEndpoint,
      tableName: names.main,
      handler: notifyCitizen,
      filter: NOTIFY_STREAM_FILTER,
      batchSize: 10,
      maxRetries: 3,
      functionName: 'notify-citizen',
      log,
      // the local stand-in for the on-failure SQS queue
      ...(options.dataDir && { dataDir: options.dataDir, onFailure: jsonLinesFailureDestination(join(options.dataDir, 'failed-sms.jsonl')) }),
    });
    stops.push(() => notifier.stop());
    const stats =
      options.statistics === false
        ? undefined
        : await startStreamPoller({
            dynamoEndpoint,
            tableName: names.main,
            handler: (await import('../functions/aggregate-stats')).handler,
            filter: STATS_STREAM_FILTER,
            batchSize: 25,
            maxRetries: 3,
            functionName: 'aggregate-stats',
            log,
            // a checkpoint of its own: each mapping keeps its own position in the stream
            ...(options.dataDir && { dataDir: join(options.dataDir, 'stats'), onFailure: jsonLinesFailureDestination(join(options.dataDir, 'failed-stats.jsonl')) }),
          });
    if (stats) stops.push(() => stats.stop());

    const escalation = startScheduler({ intervalMs: options.escalationIntervalMs ?? escalationIntervalMs(), run: runEscalateFunction, log });
    stops.push(() => escalation.stop());
    const smsDrain = startScheduler({ intervalMs: options.smsDrainIntervalMs ?? 60_000, run: runDrainDeferredSms, name: 'drain-deferred-sms', log });
    stops.push(() => smsDrain.stop());
    // `npm run escalate` (another process) finds the running stack's endpoints and tables here
    if (options.dataDir)
      writeStackInfo(options.dataDir, {
        api: url,
        region: 'ap-southeast-3',
        dynamoEndpoint,
        snsEndpoint: `${url}/local/sns`,
        s3Endpoint: s3.endpoint,
        tables: { main: names.main, idempotency: names.idempotency },
        bucket: names.bucket,
        escalationTopicArn: LOCAL_ESCALATION_TOPIC_ARN,
        pid: process.pid,
        startedAt: new Date().toISOString(),
      });

    return {
      url,
      port,
      names,
      dynamoEndpoint,
      s3Endpoint: s3.endpoint,
      sms,
      notifier,
      stats,
      photos,
      escalation,
      smsDrain,
      token: (req) => signToken(keys, req),
      async stop() {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
