/**
 * The phone-key pepper is read from Secrets Manager at the first number a function keys, once per container, and
 * not at import: most functions never key a number and should not pay the call at every cold start.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startSecretsManagerStandIn, type StandIn } from '../support/secrets-manager-stand-in';

const ARN = 'arn:aws:secretsmanager:ap-southeast-3:111122223333:secret:phone-key-pepper-AbCdEf';
let secrets: StandIn;
beforeAll(async () => {
  secrets = await startSecretsManagerStandIn();
  secrets.secrets.set(ARN, 'p'.repeat(48));
  vi.stubEnv('AWS_REGION', 'ap-southeast-3');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE123');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
  vi.stubEnv('PHONE_KEY_PEPPER_ARN', ARN);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await secrets.stop();
});

it('is read at the first key, once, and keys with the secret’s value', async () => {
  vi.resetModules();
  const { phoneKey, phoneKeyWith } = await import('../../shared/domain/phone');
  // the modules that key numbers are loaded: nothing was read yet
  await import('../../shared/adapters/dynamodb/report-repository');
  expect(secrets.requests).toHaveLength(0);

  const [a, b] = await Promise.all([phoneKey('+6281000000001'), phoneKey('+6281000000002')]);
  expect(secrets.requests).toHaveLength(1);
  expect(a).toBe(phoneKeyWith('p'.repeat(48), '+6281000000001'));
  expect(b).toBe(phoneKeyWith('p'.repeat(48), '+6281000000002'));
  await phoneKey('+6281000000003');
  expect(secrets.requests).toHaveLength(1);
});
