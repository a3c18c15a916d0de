/**
 * GetSecretValue without the SDK client: the request on the wire is the client's (method, path, target, content
 * type, body), its Signature V4 signature verifies, and answers and errors read as the client reads them.
 */
import { createHash } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sha256 } from '../../shared/adapters/aws/node-sha256';
import { getSecretString, SecretsManagerError } from '../../shared/adapters/aws/secrets-manager-call';
import { startSecretsManagerStandIn, type ReceivedRequest, type StandIn } from '../support/secrets-manager-stand-in';

const credentials = { accessKeyId: 'AKIAEXAMPLE123', secretAccessKey: 'secret/with+chars=', sessionToken: 'token/with+chars=' };
const ARN = 'arn:aws:secretsmanager:ap-southeast-3:111122223333:secret:origin-verify-AbCdEf';
const saved = { ...process.env };
let standIn: StandIn;

beforeAll(async () => {
  standIn = await startSecretsManagerStandIn();
});
afterAll(() => standIn.stop());
beforeEach(() => {
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint,
  });
  standIn.requests.length = 0;
  standIn.answers.length = 0;
  standIn.secrets.clear();
  standIn.secrets.set(ARN, '{"current":"c-value","previous":"p-value"}');
});
afterEach(() => {
  process.env = { ...saved };
});

/** Verifies a received request's signature with the SDK's signer: the headers it names, the body, the date it says. */
async function verifies(req: ReceivedRequest): Promise<boolean> {
  const auth = String(req.headers.authorization);
  const signedNames = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
  const headers = Object.fromEntries(signedNames.map((n) => [n, String(req.headers[n])]));
  // the signer takes a stated payload hash as given: the body received must be the one hashed
  if ('x-amz-content-sha256' in headers) headers['x-amz-content-sha256'] = createHash('sha256').update(req.body).digest('hex');
  const date = String(req.headers['x-amz-date']);
  const at = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const signer = new SignatureV4({ service: 'secretsmanager', region: 'ap-southeast-3', credentials, sha256: Sha256 });
  const url = new URL(standIn.endpoint);
  const again = await signer.sign(
    { method: req.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: req.path, query: {}, headers, body: req.body },
    { signingDate: at },
  );
  return again.headers.authorization === auth;
}

describe('GetSecretValue as one signed call', () => {
  it('sends what the SDK client sends, signed, and returns the SecretString', async () => {
    expect(await getSecretString(ARN)).toBe('{"current":"c-value","previous":"p-value"}');
    const client = new SecretsManagerClient({ region: 'ap-southeast-3', credentials, endpoint: standIn.endpoint });
    const sdkAnswer = await client.send(new GetSecretValueCommand({ SecretId: ARN }));
    client.destroy();
    expect(sdkAnswer.SecretString).toBe('{"current":"c-value","previous":"p-value"}');
    const [ours, sdk] = standIn.requests as [ReceivedRequest, ReceivedRequest];
    for (const k of ['content-type', 'x-amz-target', 'x-amz-security-token'] as const) expect(ours.headers[k], k).toBe(sdk.headers[k]);
    expect({ method: ours.method, path: ours.path, body: JSON.parse(ours.body) }).toEqual({ method: sdk.method, path: sdk.path, body: JSON.parse(sdk.body) });
    expect(String(ours.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE123\/\d{8}\/ap-southeast-3\/secretsmanager\/aws4_request, SignedHeaders=[^,]*x-amz-target/);
    expect(await verifies(ours)).toBe(true);
    expect(await verifies(sdk)).toBe(true);
  });

  it('a tampered body no longer verifies (the check bites)', async () => {
    await getSecretString(ARN);
    const [ours] = standIn.requests as [ReceivedRequest];
    expect(await verifies({ ...ours, body: ours.body.replace('origin', 'other') })).toBe(false);
  });

  it('turns an error answer into an error named as the SDK names it, without retrying', async () => {
    const missing = await getSecretString(`${ARN}-gone`).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SecretsManagerError);
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', statusCode: 400, message: "Secrets Manager can't find the specified secret." });
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries throttling and server errors, then answers', async () => {
    standIn.answers.push({ status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } }, { status: 503, body: { message: 'unavailable' } });
    expect(await getSecretString(ARN, { backoffMs: 0 })).toBe('{"current":"c-value","previous":"p-value"}');
    expect(standIn.requests).toHaveLength(3);
  });

  it('gives up after three attempts with the last error', async () => {
    for (let i = 0; i < 3; i++) standIn.answers.push({ status: 500, body: { __type: 'InternalServiceError', message: `boom ${i}` } });
    await expect(getSecretString(ARN, { backoffMs: 0 })).rejects.toMatchObject({ name: 'InternalServiceError', message: 'boom 2' });
    expect(standIn.requests).toHaveLength(3);
  });
});
