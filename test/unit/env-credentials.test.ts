import { afterEach, describe, expect, it, vi } from 'vitest';
import { envCredentials } from '../../shared/adapters/aws/env-credentials';

describe('envCredentials', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads the role credentials Lambda puts in the environment, the session token only when there is one', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    expect(await envCredentials()).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    expect(await envCredentials()).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' });
  });

  it('refuses to sign without credentials, naming the variables', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    await expect(envCredentials()).rejects.toThrow(/AWS_ACCESS_KEY_ID/);
  });
});
