/**
 * The role's credentials as Lambda hands them to a function, for the adapters that sign one request themselves
 * (Secrets Manager, S3 GET URLs and POST policies). The SDK's `fromEnv` reads the same three variables, but it
 * pulls in the SDK's configuration and endpoint modules (about 20 KB and their start-up) for a function that uses
 * no SDK client at all. Read at each signature: Lambda never changes them within a container, tests may.
 */
export interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export async function envCredentials(): Promise<EnvCredentials> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
}
