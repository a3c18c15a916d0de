/**
 * `npm run stats:rebuild`: recounts every statistics aggregate from the reports and their history events and
 * compares the recount with the live aggregates (exit code 1 when they differ). With --write it replaces them.
 *
 *   npm run stats:rebuild                       compare, against the running local stack (.local/data/stack.json)
 *   npm run stats:rebuild -- --write            replace the aggregates with the recount
 *   npm run stats:rebuild -- --endpoint <DynamoDB URL> --table <name>   another table (on AWS: leave --endpoint out)
 *
 * Pause the aggregator while writing (on AWS: disable its event source mapping; locally: stop `npm start`), then
 * resume it: see shared/stats/rebuild.ts for why that counts every change once.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readStackInfo, stackInfoFile } from '../local/scheduler';
import { DynamoReportRepository } from '../shared/adapters/dynamodb/report-repository';
import { jurisdiction } from '../shared/config/jurisdiction';
import { compareWithStored, monthsOf, recountAll, writeRecount } from '../shared/stats/rebuild';
import { currentMonth, monthsBetween } from '../shared/stats/query';
import { DynamoStatsStore } from '../shared/stats/store';

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    stack: { type: 'string' },
    endpoint: { type: 'string' },
    table: { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run stats:rebuild -- [--write] [--stack file] [--endpoint url] [--table name] [--region name]');
  process.exit(0);
}

const info = readStackInfo(resolve(values.stack ?? stackInfoFile('.local/data')));
const endpoint = values.endpoint ?? info?.dynamoEndpoint;
const table = values.table ?? info?.tables.main;
if (!table) {
  console.error('stats:rebuild: no table: start the local stack (npm start) or pass --table');
  process.exit(2);
}
const local = endpoint !== undefined && /^https?:\/\/(localhost|127\.0\.0\.1)/.test(endpoint);
const client = new DynamoDBClient({
  region: values.region ?? info?.region ?? process.env.AWS_REGION ?? 'ap-southeast-3',
  ...(endpoint && { endpoint }),
  ...(local && { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
});
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const settings = { calendar: jurisdiction.workingCalendar, timeZone: jurisdiction.timeZone };
const now = new Date();

const result = await recountAll(doc, table, new DynamoReportRepository(doc, table), settings, now);
const recounted = monthsOf(result.recount);
// every month from the first one with reports to now, so a month the live side counted wrongly is compared too
const months = recounted.length > 0 ? monthsBetween(recounted[0]!, currentMonth(now, jurisdiction.timeZone)) : [];
const stored = await new DynamoStatsStore(doc, table).readAll(months);
const diffs = compareWithStored(result.recount, stored);
console.log(`Recounted ${result.reports} reports over ${months.length} months (${table}).`);
if (diffs.length === 0) console.log('The live aggregates agree with the recount.');
else {
  console.log(`${diffs.length} aggregate items differ:`);
  for (const line of diffs.slice(0, 50)) console.log(`  ${line}`);
}
if (values.write) {
  await writeRecount(doc, table, result, stored, now);
  console.log(`Wrote the recount (${diffs.length} items differed) and ${result.recentMarkers.length} markers.`);
}
client.destroy();
process.exit(diffs.length > 0 && !values.write ? 1 : 0);
