/**
 * `npm start`: the whole backend on this machine. Data lives in .local/data (git-ignored) and survives a
 * restart; `npm start -- --clean` starts from empty. `--port N` or PORT picks the API port (default 3000).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { escalationIntervalMs } from './scheduler';
import { JavaMissingError } from './services/dynamodb-local';
import { startLocalStack } from './stack';
import { ensureWebBuild } from './web-build';

const { values } = parseArgs({
  options: { clean: { type: 'boolean', default: false }, port: { type: 'string' } },
});
const dataDir = resolve('.local/data');
if (values.clean) rmSync(dataDir, { recursive: true, force: true });

const webRoot = await ensureWebBuild((line) => console.log(line));
const stack = await startLocalStack({ port: Number(values.port ?? process.env.PORT ?? 3000), dataDir, webRoot }).catch(
  (err: unknown) => {
    // what is missing and how to get it, not a stack trace ending in `spawn java ENOENT`
    if (!(err instanceof JavaMissingError)) throw err;
    console.error(err.message);
    process.exit(1);
  },
);

console.log(`
Si Centang is running locally.
  Web app        ${stack.url}/            (citizens; staff console at ${stack.url}/staf)
  API            ${stack.url}            (try: curl ${stack.url}/v1/categories)
  OpenAPI        ${stack.url}/openapi.json
  SMS outbox     ${stack.url}/local/sms       (also in .local/data/sms-outbox.jsonl)
  DynamoDB Local ${stack.dynamoEndpoint}  tables ${stack.names.main}, ${stack.names.idempotency}
  S3 (s3rver)    ${stack.s3Endpoint}  bucket ${stack.names.bucket}
  Data folder    ${dataDir}   (npm start -- --clean to start from empty)
Escalation runs every ${Math.round(escalationIntervalMs() / 1000)} s (ESCALATION_INTERVAL_MS); once, with a moved clock:
  npm run escalate -- --offset 3d
Staff tokens (8 h; more with: npm run token -- --role officer --unit bina-marga):
${await tokenLines()}
Stop with Ctrl+C.
`);

async function tokenLines(): Promise<string> {
  const examples = [
    { role: 'admin' as const },
    { role: 'triage' as const },
    { role: 'officer' as const, unit: 'bina-marga' },
    { role: 'district' as const, district: 'cikande' },
  ];
  const lines = await Promise.all(
    examples.map(async (e) => `  ${`${e.role}${e.unit ? ` (${e.unit})` : ''}${e.district ? ` (${e.district})` : ''}`.padEnd(22)} ${await stack.token(e)}`),
  );
  return lines.join('\n');
}

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
