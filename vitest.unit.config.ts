import { defineConfig } from 'vitest/config';

/**
 * The unit lane (`npm run test:unit`): pure tests only, so no DynamoDB Local (no Java), no local stack and no
 * OpenAPI contract check (nothing here answers over HTTP). A test that needs a running service belongs in
 * test/integration or test/e2e, which `npm test` (vitest.config.ts) runs together with these.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
