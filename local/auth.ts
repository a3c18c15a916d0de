/**
 * The local token issuer, standing in for Cognito: it keeps an ES256 key pair in the data folder, publishes
 * the JWKS, signs tokens shaped like Cognito access tokens after the pre-token-generation trigger, and
 * verifies bearer tokens exactly as the HTTP API JWT authorizer does (signature, issuer, audience, expiry).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { flattenClaims } from './http-adapter';

export const LOCAL_ISSUER = 'https://auth.local.si-centang';
/** The app client id; Cognito access tokens carry it as `client_id`, which the authorizer checks as the audience. */
export const LOCAL_CLIENT_ID = 'si-centang-local-client';
const KID = 'local-1';

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadOrCreateKeys(dir: string): Promise<KeyFile> {
  const file = join(dir, 'jwt-signing-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const keys = {
    privateJwk: { ...(await exportJWK(privateKey)), kid: KID, alg: 'ES256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256', use: 'sig' },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export interface TokenRequest {
  role: 'admin' | 'triage' | 'officer' | 'district';
  unit?: string;
  district?: string;
  sub?: string;
  /** seconds; negative makes an already expired token (tests) */
  expiresIn?: number;
  /** tests: a token for another app client or from another issuer */
  clientId?: string;
  issuer?: string;
}

export async function signToken(keys: KeyFile, req: TokenRequest): Promise<string> {
  const key = await importJWK(keys.privateJwk, 'ES256');
  return new SignJWT({
    token_use: 'access',
    client_id: req.clientId ?? LOCAL_CLIENT_ID,
    scope: 'aws.cognito.signin.user.admin',
    'cognito:groups': [req.role],
    ...(req.unit && { 'custom:unit': req.unit }),
    ...(req.district && { 'custom:district': req.district }),
    username: req.sub ?? `${req.role}-${req.unit ?? req.district ?? 'local'}`,
  })
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setSubject(req.sub ?? `local-${req.role}-${req.unit ?? req.district ?? 'all'}`)
    .setIssuer(req.issuer ?? LOCAL_ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (req.expiresIn ?? 8 * 3600))
    .sign(key);
}

export function jwks(keys: KeyFile) {
  return { keys: [keys.publicJwk] };
}

/** The JWT authorizer: undefined means 401. Audience is `aud` or, for access tokens, `client_id`. */
export function createAuthorizer(keys: KeyFile) {
  const keySet = createLocalJWKSet(jwks(keys));
  return async (authorization: string | undefined): Promise<Record<string, string> | undefined> => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return undefined;
    try {
      const { payload } = await jwtVerify(match[1], keySet, { issuer: LOCAL_ISSUER, algorithms: ['ES256'] });
      const audience = payload.aud ?? payload.client_id;
      const audiences = Array.isArray(audience) ? audience : [audience];
      if (!audiences.includes(LOCAL_CLIENT_ID)) return undefined;
      return flattenClaims(payload);
    } catch {
      return undefined;
    }
  };
}
