import { defineConfig } from 'vitest/config';

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
    // DynamoDB timeouts sized for a loaded test machine, not for Lambda (shared/adapters/dynamodb/client-config.ts)
    env: { DYNAMODB_CONNECTION_TIMEOUT_MS: '10000', DYNAMODB_REQUEST_TIMEOUT_MS: '20000' },
  },
});
