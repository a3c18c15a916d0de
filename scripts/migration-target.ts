/**
 * The table a migration command works on, and a client for it: --table, else TABLE_NAME, else the running local
 * stack's (.local/data/stack.json, whose endpoint is then used too); elsewhere the endpoint comes from
 * AWS_ENDPOINT_URL_DYNAMODB or the default AWS endpoint of AWS_REGION. Exits with the usage on bad arguments.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readStackInfo, stackInfoFile } from '../local/scheduler';

export function migrationTarget(command: string): { table: string; client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const usage = `Usage: npm run ${command} -- [--table <name>]`;
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
  return { table, client, doc: DynamoDBDocumentClient.from(client) };
}
