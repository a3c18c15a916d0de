/**
 * Secrets read through the Secrets Manager API at cold start (and again after a cache time, so a rotation needs no
 * redeploy), never through the function's environment, where lambda:GetFunctionConfiguration would show them. The
 * environment only names the secret (`<NAME>_ARN`).
 *
 * Locally there is no Secrets Manager: the value comes from the variable `<NAME>` itself, or a development default
 * where the caller offers one. On Lambda (AWS_LAMBDA_FUNCTION_NAME set and no local marker) a missing ARN fails the
 * cold start with the variable's name: a deployed function never runs on a development default.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SecretSource {
  /** the variable that names the secret on AWS is `${name}_ARN`; locally `${name}` may hold the value */
  name: string;
  /** a value for local development only */
  devDefault?: string;
}

let client: SecretsManagerClient | undefined;
const cache = new Map<string, { value: string; readAt: number }>();

/** True on a deployed Lambda; the local runner sets SI_CENTANG_LOCAL. */
const deployed = (env: NodeJS.ProcessEnv) => env.AWS_LAMBDA_FUNCTION_NAME !== undefined && env.SI_CENTANG_LOCAL !== 'true';

export async function readSecret(source: SecretSource, options: { maxAgeMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const env = options.env ?? process.env;
  const arn = env[`${source.name}_ARN`];
  if (arn) {
    const cached = cache.get(arn);
    if (cached && Date.now() - cached.readAt < (options.maxAgeMs ?? Infinity)) return cached.value;
    // loaded at the first read, not at import: most functions read no secret at a cold start, and the client is
    // most of what their bundle would otherwise evaluate
    const sdk = await import('@aws-sdk/client-secrets-manager');
    client ??= new sdk.SecretsManagerClient({});
    const out = await client.send(new sdk.GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error(`Secret ${source.name} has no string value`);
    cache.set(arn, { value: out.SecretString, readAt: Date.now() });
    return out.SecretString;
  }
  if (deployed(env)) throw new Error(`Missing required environment variable ${source.name}_ARN`);
  const local = env[source.name];
  if (local) return local;
  if (source.devDefault !== undefined) return source.devDefault;
  throw new Error(`Missing required environment variable ${source.name} (or ${source.name}_ARN)`);
}

/**
 * A rotatable secret: either one value, or JSON `{"current": "...", "previous": "..."}` while a rotation is under
 * way. The current value signs or keys new data; every value is accepted when checking.
 */
export function rotatingValues(raw: string): { current: string; previous?: string } {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { current?: unknown; previous?: unknown };
    if (typeof parsed.current !== 'string' || parsed.current === '') throw new Error('A rotating secret needs a "current" value');
    return { current: parsed.current, ...(typeof parsed.previous === 'string' && parsed.previous !== '' && { previous: parsed.previous }) };
  }
  return { current: trimmed };
}
