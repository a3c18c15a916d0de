/**
 * `npm run escalate`: one escalation run, in its own process, against the running local stack (`npm start`), with
 * its own clock. The same handler as the scheduled Lambda, with the same event shape and a 5-minute time budget.
 *
 *   npm run escalate                      now
 *   npm run escalate -- --offset 3d       as if three days later (also 12h, 90m, 1d12h, or milliseconds)
 *   npm run escalate -- --json            the summary as JSON only
 *
 * Where the stack is comes from .local/data/stack.json, which `npm start` writes; flags override it:
 * --stack <file>, --endpoint <DynamoDB URL>, --table <name>, --sns-endpoint <URL>, --topic <ARN>, --region <name>,
 * --page-size <n>. CLOCK_OFFSET_MS in the environment works too; --offset wins.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseOffset } from '../shared/escalation/clock';
import {
  ESCALATION_TIMEOUT_MS,
  LOCAL_ESCALATION_TOPIC_ARN,
  readStackInfo,
  runEscalateFunction,
  scheduledEvent,
  stackInfoFile,
} from '../local/scheduler';
import { lambdaContext } from '../local/http-adapter';

const { values } = parseArgs({
  options: {
    offset: { type: 'string' },
    stack: { type: 'string' },
    endpoint: { type: 'string' },
    table: { type: 'string' },
    'sns-endpoint': { type: 'string' },
    topic: { type: 'string' },
    region: { type: 'string' },
    'page-size': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run escalate -- [--offset 3d] [--json] [--stack file] [--endpoint url --table name] [--sns-endpoint url] [--topic arn]');
  process.exit(0);
}

function fail(message: string): never {
  console.error(`escalate: ${message}`);
  process.exit(2);
}

const stackFile = resolve(values.stack ?? stackInfoFile('.local/data'));
const info = readStackInfo(stackFile);
if (info && !values.endpoint) {
  try {
    process.kill(info.pid, 0);
  } catch {
    console.warn(`escalate: ${stackFile} names process ${info.pid}, which is not running; is the local stack up (npm start)?`);
  }
}
const endpoint = values.endpoint ?? info?.dynamoEndpoint;
const table = values.table ?? info?.tables.main;
if (!endpoint || !table)
  fail(`no local stack found (${stackFile} is missing): start it with npm start, or pass --endpoint and --table`);

let offsetMs = 0;
try {
  offsetMs = values.offset !== undefined ? parseOffset(values.offset) : parseOffset(process.env.CLOCK_OFFSET_MS || '0');
} catch (err) {
  fail((err as Error).message);
}

// The function reads these at module load, exactly as on Lambda; the SDK reads the endpoints itself.
Object.assign(process.env, {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_REGION: values.region ?? info?.region ?? 'ap-southeast-3',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: endpoint,
  ...((values['sns-endpoint'] ?? info?.snsEndpoint) && { AWS_ENDPOINT_URL_SNS: values['sns-endpoint'] ?? info?.snsEndpoint }),
  TABLE_NAME: table,
  ESCALATION_TOPIC_ARN: values.topic ?? info?.escalationTopicArn ?? LOCAL_ESCALATION_TOPIC_ARN,
  ...(values['page-size'] && { ESCALATION_PAGE_SIZE: values['page-size'] }),
  CLOCK_OFFSET_MS: String(offsetMs),
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: values.json ? 'ERROR' : (process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN'),
});

const now = new Date(Date.now() + offsetMs);
const summary = await runEscalateFunction(scheduledEvent('escalate', now), lambdaContext('escalate', ESCALATION_TIMEOUT_MS));
if (values.json) {
  console.log(JSON.stringify(summary));
} else {
  console.log(`Escalation run at ${now.toISOString()}${offsetMs !== 0 ? ` (clock moved ${values.offset ?? `${offsetMs} ms`})` : ''}, table ${table}:`);
  console.log(summary);
}
