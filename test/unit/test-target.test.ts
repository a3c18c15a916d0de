/** The e2e target choice (test/support/test-target.ts) for a deployed API: no local stack is started. */
import { describe, expect, it } from 'vitest';
import { startTestTarget, staffTokenVariable } from '../support/test-target';

describe('e2e target with API_URL', () => {
  it('sends requests to the deployed API, without a trailing slash', async () => {
    const target = await startTestTarget({ API_URL: 'https://api.example.test/prod/' });
    expect(target.mode).toBe('deployed');
    expect(target.url).toBe('https://api.example.test/prod');
    await target.stop();
  });

  it('takes staff tokens from STAFF_TOKEN_<ROLE>', async () => {
    const target = await startTestTarget({ API_URL: 'https://api.example.test', STAFF_TOKEN_OFFICER: 'officer-token' });
    expect(staffTokenVariable('district')).toBe('STAFF_TOKEN_DISTRICT');
    expect(await target.staffToken('officer')).toBe('officer-token');
    await expect(target.staffToken('admin')).rejects.toThrow('STAFF_TOKEN_ADMIN');
  });

  it('refuses an API_URL that is not a URL', async () => {
    await expect(startTestTarget({ API_URL: 'not a url' })).rejects.toThrow();
  });
});
