/**
 * Runtime settings from the environment, read once at module load. A missing value fails at once,
 * with its name, rather than at the first request that needs it.
 *
 * Locally the AWS SDK is pointed at the stand-ins with its own standard variables
 * (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SNS), so no adapter has a local branch.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing required environment variable ${name}`);
  return value;
}

export function optionalEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

/** Names of the variables the functions read; infra sets them, the local runner sets them too. */
export const ENV = {
  tableName: 'TABLE_NAME',
  idempotencyTableName: 'IDEMPOTENCY_TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  jurisdictionConfig: 'JURISDICTION_CONFIG',
  /** "true" locally: s3rver serves buckets by path, not by host name */
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
} as const;
