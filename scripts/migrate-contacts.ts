/**
 * npm run migrate-contacts -- [--table <name>]
 *
 * Moves reporters' contact details and phone followers to their own items and rewrites report items in the current
 * key layout (shared/privacy/migrate-contacts.ts). The contact item's phone key needs the pepper, read where the
 * functions read it: PHONE_KEY_PEPPER_ARN (Secrets Manager, with the caller's AWS credentials), else
 * PHONE_KEY_PEPPER, else the local development default. The table: --table, else TABLE_NAME, else the running local
 * stack's (.local/data/stack.json). Locally the endpoint comes from that file too; elsewhere from
 * AWS_ENDPOINT_URL_DYNAMODB or the default AWS endpoint of AWS_REGION.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readStackInfo, stackInfoFile } from '../local/scheduler';

const usage = 'Usage: npm run migrate-contacts -- [--table <name>]';
let args;
try {
  args = parseArgs({ options: { table: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const local = readStackInfo(stackInfoFile(join(process.cwd(), '.local', 'data')));
const table = args.table ?? process.env.TABLE_NAME ?? local?.tables.main;
if (!table) {
  console.error(`No table: pass --table, set TABLE_NAME, or start the local stack (npm start).\n${usage}`);
  process.exit(2);
}
const useLocal = !args.table && !process.env.TABLE_NAME && local !== undefined;
const client = new DynamoDBClient(
  useLocal ? { endpoint: local!.dynamoEndpoint, region: local!.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {},
);
// imported after the environment is settled: the pepper is read when the module loads
const { migrateContacts } = await import('../shared/privacy/migrate-contacts');
const result = await migrateContacts(DynamoDBDocumentClient.from(client), table, (line) => console.log(line));
console.log(
  `Done: ${result.reports} reports rewritten, ${result.contacts} contacts and ${result.followers} followers moved (${result.scanned} items read)` +
    (result.conflicts > 0 ? `; ${result.conflicts} changed meanwhile: run again` : '.'),
);
client.destroy();
