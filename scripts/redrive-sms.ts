/**
 * `npm run redrive-sms`: sends again the SMS whose stream records ran out of retries.
 *
 * Locally (default): the records in .local/data/failed-sms.jsonl (the stand-in for the on-failure queue) are
 * handed to the notifier against the running stack (`npm start`, found through .local/data/stack.json).
 *
 * On AWS: `npm run redrive-sms -- --queue-url <on-failure queue URL> --table <table name> [--region ap-southeast-3]
 * [--sms-region ap-southeast-1] [--sender-id SICENTANG]`, with credentials allowed to read the queue and the
 * table's stream, write the table and publish SMS. A message on that queue names a stretch of the stream (shard
 * and sequence numbers, not the records); the records are read back from the stream (kept 24 hours) and run
 * through the same notifier code in this process. Its delivery records make this safe: an SMS already sent is
 * never sent again. A message is deleted once all its records went through.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaContext } from '../local/http-adapter';
import { localUploadTokenSecret } from '../local/photo-events';
import { readStackInfo, stackInfoFile } from '../local/scheduler';
import { readFailureFile, toLambdaRecord, type StreamFailure } from '../local/stream-poller';

// Lambda runs Node 24; this operator tool may run on Node 20, which the SDK warns about.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    'queue-url': { type: 'string' },
    table: { type: 'string' },
    region: { type: 'string', default: 'ap-southeast-3' },
    'sms-region': { type: 'string', default: 'ap-southeast-1' },
    'sender-id': { type: 'string', default: 'SICENTANG' },
    'data-dir': { type: 'string', default: '.local/data' },
  },
});

type Notify = (event: DynamoDBStreamEvent, context: ReturnType<typeof lambdaContext>) => Promise<{ batchItemFailures: unknown[] }>;

/** The notifier reads its settings at load, as on Lambda: set them first, then import it. */
async function loadNotifier(env: Record<string, string>): Promise<Notify> {
  Object.assign(process.env, env);
  return (await import('../functions/notify-citizen')).handler as unknown as Notify;
}

async function redrive(notify: Notify, records: DynamoDBRecord[]): Promise<boolean> {
  const out = await notify({ Records: records }, lambdaContext('notify-citizen-redrive', 60_000));
  return out.batchItemFailures.length === 0;
}

async function redriveLocal(): Promise<void> {
  const dataDir = resolve(values['data-dir']!);
  const info = readStackInfo(stackInfoFile(dataDir));
  if (!info) throw new Error(`No ${stackInfoFile(dataDir)}: start the local stack first (npm start).`);
  const file = resolve(dataDir, 'failed-sms.jsonl');
  const failures = readFailureFile(file);
  const notify = await loadNotifier({
    AWS_REGION: info.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamoEndpoint,
    AWS_ENDPOINT_URL_SNS: info.snsEndpoint,
    TABLE_NAME: info.tables.main,
    SMS_SENDER_ID: values['sender-id']!,
    // opens the sealed view key of a confidential report's receipt SMS
    UPLOAD_TOKEN_SECRET: localUploadTokenSecret(dataDir),
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const left: StreamFailure[] = [];
  for (const failure of failures) if (!(await redrive(notify, failure.records))) left.push(failure);
  writeFileSync(file, left.map((f) => `${JSON.stringify(f)}\n`).join(''));
  console.log(`redrive-sms: ${failures.length - left.length} of ${failures.length} failed batches delivered; ${left.length} left in ${file}`);
}

interface StreamBatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

async function redriveFromQueue(queueUrl: string, table: string): Promise<void> {
  const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = await import('@aws-sdk/client-sqs');
  const { DynamoDBStreamsClient, GetShardIteratorCommand, GetRecordsCommand } = await import('@aws-sdk/client-dynamodb-streams');
  const sqs = new SQSClient({ region: values.region });
  const streams = new DynamoDBStreamsClient({ region: values.region });
  // the notifier opens a confidential report's sealed view key with the upload-token secret: the operator passes
  // its value (Secrets Manager, UploadTokenSecret) in UPLOAD_TOKEN_SECRET, or the notifier refuses to start
  const notify = await loadNotifier({ AWS_REGION: values.region!, TABLE_NAME: table, SMS_REGION: values['sms-region']!, SMS_SENDER_ID: values['sender-id']! });
  let delivered = 0;
  let kept = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
    if (Messages.length === 0) break;
    for (const message of Messages) {
      const info = (JSON.parse(message.Body ?? '{}') as { DDBStreamBatchInfo?: StreamBatchInfo }).DDBStreamBatchInfo;
      if (!info) {
        kept++;
        continue;
      }
      const records: DynamoDBRecord[] = [];
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: info.streamArn, ShardId: info.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: info.startSequenceNumber }),
      );
      // sequence numbers are decimal strings of growing length: compare as big integers
      const end = BigInt(info.endSequenceNumber);
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
        const inRange = (page.Records ?? []).filter((r) => BigInt(r.dynamodb?.SequenceNumber ?? '0') <= end);
        records.push(...inRange.map((r) => toLambdaRecord(r, info.streamArn, values.region!)));
        if (inRange.length < (page.Records ?? []).length || (page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
      if (await redrive(notify, records)) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        delivered++;
      } else kept++;
    }
  }
  console.log(`redrive-sms: ${delivered} failed batches delivered and removed from the queue; ${kept} kept`);
}

const queueUrl = values['queue-url'];
if (queueUrl) {
  if (!values.table) throw new Error('--table is required with --queue-url');
  await redriveFromQueue(queueUrl, values.table);
} else {
  await redriveLocal();
}
process.exit(0);
