/** The local OAuth2/OIDC endpoints the staff console signs in with, over HTTP on the local stack. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, loadOrCreateKeys } from '../../local/auth';
import { createOAuthServer } from '../../local/oauth';
import type { LocalStack } from '../../local/stack';
import { startTestStack } from '../support/local-stack';

let stack: LocalStack;
let redirectUri: string;

beforeAll(async () => {
  stack = await startTestStack();
  redirectUri = `${stack.url}/staf/`;
});
afterAll(() => stack?.stop());

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeParams(challenge: string, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state: 'state-123',
    nonce: 'nonce-456',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
}

/** Submits the sign-in page's form as the browser would; answers the redirect. */
async function signIn(challenge: string, choice: Record<string, string>, extra: Record<string, string> = {}) {
  const form = authorizeParams(challenge, extra);
  for (const [k, v] of Object.entries(choice)) form.set(k, v);
  return fetch(`${stack.url}/local/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
}

async function codeFor(challenge: string, choice: Record<string, string> = { role: 'triage' }) {
  const res = await signIn(challenge, choice);
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
  expect(back.searchParams.get('state')).toBe('state-123');
  return back.searchParams.get('code')!;
}

function redeem(code: string, verifier: string, overrides: Record<string, string> = {}) {
  return fetch(`${stack.url}/local/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: LOCAL_CLIENT_ID, code, redirect_uri: redirectUri, code_verifier: verifier, ...overrides }),
  });
}

describe('discovery and console configuration', () => {
  it('advertises the endpoints on the origin the browser used, code flow with S256 only', async () => {
    const doc = (await (await fetch(`${stack.url}/local/oauth2/.well-known/openid-configuration`)).json()) as any;
    expect(doc).toMatchObject({
      issuer: LOCAL_ISSUER,
      authorization_endpoint: `${stack.url}/local/oauth2/authorize`,
      token_endpoint: `${stack.url}/local/oauth2/token`,
      end_session_endpoint: `${stack.url}/local/oauth2/logout`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = (await (await fetch(doc.jwks_uri)).json()) as any;
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
  });

  it('serves the console its configuration: this issuer as authority, the local client', async () => {
    const config = (await (await fetch(`${stack.url}/staf/config.json`)).json()) as any;
    expect(config).toMatchObject({ authority: `${stack.url}/local/oauth2`, clientId: LOCAL_CLIENT_ID, logoutUrl: `${stack.url}/local/oauth2/logout` });
    // the choices for "Bidang" and "Teruskan" come from the jurisdiction, as the API checks them
    expect(config.units).toContainEqual({ code: 'bina-marga', name: { id: 'Bidang Bina Marga', en: 'Roads and Bridges Division' } });
    expect(config.agencies.map((a: { code: string }) => a.code)).toContain('bbpjn-banten');
  });
});

describe('sign-in and token', () => {
  it('shows the local sign-in page with Peran, Bidang, Kecamatan and Masuk', async () => {
    const res = await fetch(`${stack.url}/local/oauth2/authorize?${authorizeParams(pkce().challenge)}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const label of ['>Peran</label>', '>Bidang</label>', '>Kecamatan</label>', '>Masuk</button>', 'Bina Marga', 'Cikande']) expect(page).toContain(label);
    // the console passes its language on, as Cognito's managed login takes `lang`
    const english = await (await fetch(`${stack.url}/local/oauth2/authorize?${authorizeParams(pkce().challenge, { lang: 'en' })}`)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Roads and Bridges Division');
  });

  it('exchanges the code with the right verifier for tokens the API accepts, scoped as chosen', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge, { role: 'officer', unit: 'bina-marga', district: 'kopo' });
    const res = await redeem(code, verifier);
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as any;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const keys = createRemoteJWKSet(new URL(`${stack.url}/local/.well-known/jwks.json`));
    const id = await jwtVerify(tokens.id_token, keys, { issuer: LOCAL_ISSUER, audience: LOCAL_CLIENT_ID });
    expect(id.payload).toMatchObject({ token_use: 'id', nonce: 'nonce-456', 'cognito:groups': ['officer'], 'custom:unit': 'bina-marga' });
    // an officer carries a unit only: the kecamatan chosen on the page does not widen the scope
    expect(id.payload['custom:district']).toBeUndefined();

    const queue = await fetch(`${stack.url}/v1/staff/reports`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(queue.status).toBe(200);
    const otherUnit = await fetch(`${stack.url}/v1/staff/reports?unit=sumber-daya-air`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(otherUnit.status).toBe(403);
    // the ID token is for the console, not for the API
    const withId = await fetch(`${stack.url}/v1/staff/reports`, { headers: { authorization: `Bearer ${tokens.id_token}` } });
    expect(withId.status).toBe(401);
  });

  it('spends a code on first use: a second redemption is refused', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    expect((await redeem(code, verifier)).status).toBe(200);
    const again = await redeem(code, verifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a verifier that does not match the challenge, and the code is then spent', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(challenge);
    const wrong = await redeem(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') });
    expect((await redeem(code, verifier)).status).toBe(400);
  });

  it('refuses a missing verifier and a different redirect_uri', async () => {
    const first = pkce();
    const noVerifier = await redeem(await codeFor(first.challenge), '');
    expect(noVerifier.status).toBe(400);
    const second = pkce();
    const elsewhere = await redeem(await codeFor(second.challenge), second.verifier, { redirect_uri: `${stack.url}/other` });
    expect(await elsewhere.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('sends an authorize request without S256 PKCE back with invalid_request, issuing no code', async () => {
    for (const extra of [{ code_challenge_method: 'plain' }, { code_challenge: '' }] as Record<string, string>[]) {
      const res = await fetch(`${stack.url}/local/oauth2/authorize?${authorizeParams(pkce().challenge, extra)}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const back = new URL(res.headers.get('location')!);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('code')).toBeNull();
    }
  });

  it('never redirects to another machine or for another client', async () => {
    const foreign = await fetch(`${stack.url}/local/oauth2/authorize?${authorizeParams(pkce().challenge, { redirect_uri: 'https://evil.example/cb' })}`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
    const client = await signIn(pkce().challenge, { role: 'admin' }, { client_id: 'someone-else' });
    expect(client.status).toBe(400);
  });

  it('asks an officer for a Bidang on the page itself instead of issuing a useless token', async () => {
    const res = await signIn(pkce().challenge, { role: 'officer', unit: '' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Peran officer memerlukan Bidang.');
    expect(page).toMatch(/<select id="unit" name="unit" aria-describedby="unit-hint unit-error" aria-invalid="true">/);
  });
});

describe('logout', () => {
  it('redirects to the logout_uri as Cognito does, and only on this machine', async () => {
    const back = `${stack.url}/staf/`;
    const ok = await fetch(`${stack.url}/local/oauth2/logout?${new URLSearchParams({ client_id: LOCAL_CLIENT_ID, logout_uri: back })}`, { redirect: 'manual' });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(back);
    const foreign = await fetch(`${stack.url}/local/oauth2/logout?${new URLSearchParams({ client_id: LOCAL_CLIENT_ID, logout_uri: 'https://evil.example/' })}`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
  });
});

describe('code lifetime', () => {
  it('refuses a code redeemed after five minutes', async () => {
    // the issuer alone, on its own port, with a clock the test moves
    let now = Date.now();
    const oauth = createOAuthServer(await loadOrCreateKeys(mkdtempSync(join(tmpdir(), 'oauth-clock-'))), { now: () => now });
    const server = createServer((req, res) => void oauth.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const codeAt = async (challenge: string) => {
        const form = authorizeParams(challenge, { role: 'admin', redirect_uri: `${base}/staf/` });
        const res = await fetch(`${base}/local/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
        return new URL(res.headers.get('location')!).searchParams.get('code')!;
      };
      const redeemAt = (code: string, verifier: string) =>
        fetch(`${base}/local/oauth2/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'authorization_code', client_id: LOCAL_CLIENT_ID, code, redirect_uri: `${base}/staf/`, code_verifier: verifier }),
        });
      const fresh = pkce();
      const freshCode = await codeAt(fresh.challenge);
      now += 4 * 60_000;
      expect((await redeemAt(freshCode, fresh.verifier)).status).toBe(200);

      const late = pkce();
      const lateCode = await codeAt(late.challenge);
      now += 5 * 60_000 + 1;
      const refused = await redeemAt(lateCode, late.verifier);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
      expect(oauth.pendingCodes()).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
