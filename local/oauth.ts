/**
 * The few OAuth 2.0 / OpenID Connect endpoints of Cognito that the staff console uses, offered by the local
 * token issuer, so the console runs the same sign-in code locally as on AWS:
 *
 *   GET  /local/oauth2/.well-known/openid-configuration   discovery (the console's `authority` is /local/oauth2)
 *   GET  /local/oauth2/authorize     the local sign-in page (choose role, unit, kecamatan)
 *   POST /local/oauth2/authorize     the page's form: redirects back with a one-time code
 *   POST /local/oauth2/token         authorization code + PKCE (S256 only), as Cognito's /oauth2/token
 *   GET  /local/oauth2/logout        Cognito's /logout: client_id and logout_uri, redirects back
 *   GET  /local/.well-known/jwks.json  (served by the stack, unchanged)
 *   GET  /staf/config.json           the console's runtime configuration, pointing at the endpoints above
 *
 * Codes live in memory for five minutes and are spent on their first redemption, right or wrong, as RFC 6749
 * asks; the access token is the same one `npm run token` signs, so the API's authorizer accepts it unchanged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { importJWK, SignJWT } from 'jose';
import { jurisdiction, type Language } from '../shared/config/jurisdiction';
import { staffConsoleConfig } from '../shared/config/staff-console-config';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, signToken, type loadOrCreateKeys, type TokenRequest } from './auth';
import { readBody } from './http-adapter';
import { LOCAL_ROLES, renderErrorPage, renderSignInPage } from './oauth-sign-in-page';

type Keys = Awaited<ReturnType<typeof loadOrCreateKeys>>;

export const OAUTH_BASE_PATH = '/local/oauth2';
export const CONSOLE_CONFIG_PATH = '/staf/config.json';
/** Cognito's authorization codes live five minutes. */
const CODE_TTL_MS = 5 * 60_000;
/** Like the pool's app client: one hour, so a developer meets an expiring session as officials do. */
const TOKEN_TTL_S = 3600;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const AUTHORIZE_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'lang'] as const;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce?: string;
  who: TokenRequest;
  expiresAt: number;
}

export interface OAuthServerOptions {
  now?: () => number;
}

/** Cognito accepts plain http only for localhost; the local issuer accepts loopback addresses only. */
export function isLoopbackRedirect(uri: string | undefined): boolean {
  if (!uri) return false;
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.hash === '';
  } catch {
    return false;
  }
}

const base64url = (buf: Buffer) => buf.toString('base64url');
export const s256 = (verifier: string) => base64url(createHash('sha256').update(verifier).digest());

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The origin the browser used: the endpoints are advertised on it, so no request crosses origins. */
const originOf = (req: IncomingMessage) => `http://${req.headers.host ?? '127.0.0.1'}`;

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}
const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json', JSON.stringify(body));
const html = (res: ServerResponse, status: number, body: string) => send(res, status, 'text/html; charset=utf-8', body);
const redirect = (res: ServerResponse, to: string) => {
  res.writeHead(302, { location: to, 'cache-control': 'no-store' });
  res.end();
};
const tokenError = (res: ServerResponse, status: number, error: string, description: string) => json(res, status, { error, error_description: description });

function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  return new URLSearchParams(body === 'too-large' ? '' : body.toString('utf8'));
}

export function discovery(origin: string) {
  const base = origin + OAUTH_BASE_PATH;
  return {
    issuer: LOCAL_ISSUER,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    jwks_uri: `${origin}/local/.well-known/jwks.json`,
    end_session_endpoint: `${base}/logout`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['openid', 'email', 'profile'],
  };
}

/** What the console reads at start; on AWS the same file names the user pool and its managed login domain. */
export function consoleConfig(origin: string) {
  return staffConsoleConfig({ authority: origin + OAUTH_BASE_PATH, clientId: LOCAL_CLIENT_ID, logoutUrl: `${origin}${OAUTH_BASE_PATH}/logout` }, jurisdiction);
}

export function createOAuthServer(keys: Keys, options: OAuthServerOptions = {}) {
  const now = options.now ?? Date.now;
  const codes = new Map<string, PendingCode>();

  const langOf = (params: URLSearchParams): Language => (params.get('lang') === 'en' || params.get('ui_locales')?.startsWith('en') ? 'en' : 'id');
  const named = (items: { code: string; name: Record<Language, string> }[], lang: Language) => items.map((i) => ({ code: i.code, name: i.name[lang] }));

  /** Checks an authorize request; returns the reason it cannot be answered at all, or the redirect error. */
  function checkAuthorize(params: URLSearchParams): { fatal: string } | { redirectError: string } | undefined {
    if (params.get('client_id') !== LOCAL_CLIENT_ID) return { fatal: `Unknown client_id; the local client is ${LOCAL_CLIENT_ID}` };
    if (!isLoopbackRedirect(params.get('redirect_uri') ?? undefined)) return { fatal: 'redirect_uri must be an http(s) address on this machine (127.0.0.1 or localhost)' };
    if (params.get('response_type') !== 'code') return { redirectError: 'unsupported_response_type' };
    // Like the pool's public client, only PKCE with S256: a code without a verifier is worth stealing.
    if (params.get('code_challenge_method') !== 'S256' || !CHALLENGE.test(params.get('code_challenge') ?? '')) return { redirectError: 'invalid_request' };
    return undefined;
  }

  function carried(params: URLSearchParams): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of AUTHORIZE_PARAMS) {
      const value = params.get(name);
      if (value !== null) out[name] = value;
    }
    return out;
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, query: URLSearchParams) {
    const params = req.method === 'POST' ? await formBody(req) : query;
    const lang = langOf(params);
    const problem = checkAuthorize(params);
    if (problem && 'fatal' in problem) return html(res, 400, renderErrorPage(lang, problem.fatal));
    const redirectUri = params.get('redirect_uri')!;
    const state = params.get('state') ?? undefined;
    if (problem) return redirect(res, withQuery(redirectUri, { error: problem.redirectError, error_description: 'response_type=code with code_challenge_method=S256 is required', state }));

    const page = (status: number, error?: Parameters<typeof renderSignInPage>[0]['error']) =>
      html(res, status, renderSignInPage({
        lang,
        params: carried(params),
        units: named(jurisdiction.units, lang),
        districts: named(jurisdiction.districts, lang),
        chosen: { role: params.get('role') ?? undefined, unit: params.get('unit') ?? undefined, district: params.get('district') ?? undefined },
        ...(error && { error }),
      }));
    if (req.method !== 'POST') return page(200);

    const role = params.get('role') as TokenRequest['role'];
    const unit = params.get('unit') || undefined;
    const district = params.get('district') || undefined;
    const en = lang === 'en';
    if (!(LOCAL_ROLES as readonly string[]).includes(role)) return page(400, { field: 'role', message: en ? 'Choose a role.' : 'Pilih peran.' });
    if (unit && !jurisdiction.units.some((u) => u.code === unit)) return page(400, { field: 'unit', message: en ? 'Unknown unit.' : 'Bidang tidak dikenal.' });
    if (district && !jurisdiction.districts.some((d) => d.code === district)) return page(400, { field: 'district', message: en ? 'Unknown kecamatan.' : 'Kecamatan tidak dikenal.' });
    // the API refuses an officer without a unit and a district office without a kecamatan: say so here instead
    if (role === 'officer' && !unit) return page(400, { field: 'unit', message: en ? 'An officer needs a unit.' : 'Peran officer memerlukan Bidang.' });
    if (role === 'district' && !district) return page(400, { field: 'district', message: en ? 'A district office needs a kecamatan.' : 'Peran district memerlukan Kecamatan.' });

    const code = base64url(randomBytes(32));
    for (const [old, entry] of codes) if (entry.expiresAt < now()) codes.delete(old);
    codes.set(code, {
      clientId: LOCAL_CLIENT_ID,
      redirectUri,
      challenge: params.get('code_challenge')!,
      ...(params.get('nonce') && { nonce: params.get('nonce')! }),
      who: { role, ...(role === 'officer' && { unit }), ...(role === 'district' && { district }) },
      expiresAt: now() + CODE_TTL_MS,
    });
    return redirect(res, withQuery(redirectUri, { code, state }));
  }

  async function idToken(who: TokenRequest, nonce: string | undefined, sub: string): Promise<string> {
    const key = await importJWK(keys.privateJwk, 'ES256');
    const issuedAt = Math.floor(now() / 1000);
    return new SignJWT({
      token_use: 'id',
      'cognito:groups': [who.role],
      'cognito:username': sub,
      name: `${who.role} (${who.unit ?? who.district ?? 'local'})`,
      ...(who.unit && { 'custom:unit': who.unit }),
      ...(who.district && { 'custom:district': who.district }),
      ...(nonce && { nonce }),
      auth_time: issuedAt,
    })
      .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid ?? 'local-1' })
      .setSubject(sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_CLIENT_ID)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + TOKEN_TTL_S)
      .sign(key);
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return tokenError(res, 405, 'invalid_request', 'POST only');
    const form = await formBody(req);
    if (form.get('grant_type') !== 'authorization_code') return tokenError(res, 400, 'unsupported_grant_type', 'Only authorization_code is offered');
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    // spent on first sight, whatever happens next: a code that leaked can be tried once at most
    codes.delete(code);
    if (!pending || pending.expiresAt < now()) return tokenError(res, 400, 'invalid_grant', 'Unknown, used or expired code');
    if (form.get('client_id') !== pending.clientId) return tokenError(res, 400, 'invalid_grant', 'The code was issued to another client');
    if (form.get('redirect_uri') !== pending.redirectUri) return tokenError(res, 400, 'invalid_grant', 'redirect_uri differs from the authorize request');
    const verifier = form.get('code_verifier') ?? '';
    if (!VERIFIER.test(verifier) || !sameText(s256(verifier), pending.challenge)) return tokenError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');

    const sub = `local-${pending.who.role}-${pending.who.unit ?? pending.who.district ?? 'all'}`;
    return json(res, 200, {
      access_token: await signToken(keys, { ...pending.who, sub, expiresIn: TOKEN_TTL_S }),
      id_token: await idToken(pending.who, pending.nonce, sub),
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_S,
    });
  }

  function logout(res: ServerResponse, query: URLSearchParams) {
    const lang = langOf(query);
    // Cognito's shape (client_id + logout_uri); the OIDC name post_logout_redirect_uri is taken too
    const target = query.get('logout_uri') ?? query.get('post_logout_redirect_uri') ?? undefined;
    if (query.get('client_id') !== LOCAL_CLIENT_ID) return html(res, 400, renderErrorPage(lang, `Unknown client_id; the local client is ${LOCAL_CLIENT_ID}`));
    if (!isLoopbackRedirect(target)) return html(res, 400, renderErrorPage(lang, 'logout_uri must be an http(s) address on this machine'));
    // The local issuer keeps no sign-in session, so there is nothing else to end.
    return redirect(res, target!);
  }

  return {
    handles(path: string): boolean {
      return path === CONSOLE_CONFIG_PATH || path.startsWith(`${OAUTH_BASE_PATH}/`);
    },
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const [path = '/', rawQuery = ''] = (req.url ?? '/').split('?');
      const query = new URLSearchParams(rawQuery);
      const route = path.slice(OAUTH_BASE_PATH.length);
      if (path === CONSOLE_CONFIG_PATH) return json(res, 200, consoleConfig(originOf(req)));
      if (route === '/.well-known/openid-configuration') return json(res, 200, discovery(originOf(req)));
      if (route === '/authorize') return authorize(req, res, query);
      if (route === '/token') return token(req, res);
      if (route === '/logout') return logout(res, query);
      return json(res, 404, { error: 'not_found' });
    },
    /** tests: codes still waiting to be redeemed */
    pendingCodes: () => codes.size,
  };
}
