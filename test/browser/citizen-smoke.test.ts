import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser';

let session: BrowserSession;
beforeAll(async () => {
  session = await startBrowserSession();
}, 120_000);
afterAll(async () => session?.close());

describe('the web app on the local stack', () => {
  it('serves the citizen app and the staff page on the API origin, client routes included', async () => {
    const { page } = session;
    await page.goto('/');
    await expect.poll(() => page.getByRole('link', { name: 'Laporkan' }).count()).toBe(1);
    const deep = await page.request.get(session.url('/lacak/AAAA-AAAA'));
    expect(deep.status()).toBe(200);
    expect(deep.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await (await page.request.get(session.url('/staf/antrian'))).text()).toContain('Konsol petugas');
    // the API keeps its own answers
    expect((await page.request.get(session.url('/v1/nothing'))).headers()['content-type']).toContain('problem+json');
  });
});
