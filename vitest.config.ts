import { defineConfig } from 'vitest/config';
import LongFilesFirst from './test/support/long-files-first';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file makes its own tables in it.
    globalSetup: ['test/support/global-setup.ts'],
    // answers of every local stack are held against the OpenAPI document
    setupFiles: ['test/support/openapi-contract-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // most files wait on DynamoDB Local, streams and a browser rather than compute: on 2 cores, 3 workers
    // finish the run in a fraction of the time of vitest's default (cores - 1 = one file at a time)
    maxWorkers: 3,
    sequence: { sequencer: LongFilesFirst },
    // DynamoDB timeouts sized for a loaded test machine, not for Lambda (shared/adapters/dynamodb/client-config.ts)
    // and no dedupe of repeated submissions: tests send one body many times and mean many reports
    // (test/e2e/repeat-submission.test.ts turns it on through startTestStack); every status change texted at once,
    // not held for SMS coalescing (test/integration/sms-coalescing.test.ts and test/e2e/sms-coalescing.test.ts turn it on)
    // The code under test logs nothing unless a test asks for it (test/e2e/log-privacy.test.ts sets DEBUG first):
    // the Powertools Logger reads its level once, when the first module that imports it loads.
    env: {
      DYNAMODB_CONNECTION_TIMEOUT_MS: '10000',
      DYNAMODB_REQUEST_TIMEOUT_MS: '20000',
      REPORT_DEDUPE_WINDOW_MINUTES: '0',
      SMS_COALESCE_MINUTES: '0',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
  },
});
