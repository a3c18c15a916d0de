/**
 * The webhook's shared secret. On AWS it lives in Secrets Manager and is read once per container, at cold start,
 * by the ARN in INBOUND_SMS_SECRET_ARN: the value itself is never in the function's configuration. Locally (no ARN)
 * it comes from INBOUND_SMS_WEBHOOK_SECRET, or the development default below, which the README names: a local
 * gateway or test can sign with it. On Lambda a missing ARN is an error, so the development default can never
 * guard a deployed webhook.
 */
import { getSecretString } from '../adapters/aws/secrets-manager-call';
import { optionalEnv } from '../config/env';

export const INBOUND_ENV = {
  secretArn: 'INBOUND_SMS_SECRET_ARN',
  secret: 'INBOUND_SMS_WEBHOOK_SECRET',
} as const;

export const DEV_WEBHOOK_SECRET = 'si-centang-dev-inbound-sms-secret';

export async function loadWebhookSecret(): Promise<string> {
  const arn = optionalEnv(INBOUND_ENV.secretArn, '');
  if (arn === '') {
    if ((process.env.AWS_EXECUTION_ENV ?? '').startsWith('AWS_Lambda'))
      throw new Error(`Missing required environment variable ${INBOUND_ENV.secretArn}`);
    return optionalEnv(INBOUND_ENV.secret, DEV_WEBHOOK_SECRET);
  }
  // one signed call rather than the SDK client (see the adapter): nothing else here uses Secrets Manager
  const value = await getSecretString(arn);
  if (!value) throw new Error(`The secret ${INBOUND_ENV.secretArn} names has no string value`);
  return value;
}
