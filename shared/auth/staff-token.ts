/**
 * Staff bearer tokens checked in the function, not by API Gateway: the HTTP API's JWT authorizer answers its own
 * `{"message":"Unauthorized"}`, which cannot be changed, and every refusal of this API is problem+json. The check is
 * Cognito's: signature against the issuer's JWKS, issuer, expiry (which must be there), `token_use` present and
 * `access`, `client_id` of the staff app client (aws-jwt-verify). The local stack sets the same variables to its own
 * issuer and hands the JWKS over in STAFF_JWKS, so nothing is fetched there.
 *
 *   STAFF_JWT_ISSUER   https://cognito-idp.<region>.amazonaws.com/<user pool id> (the local issuer locally)
 *   STAFF_CLIENT_ID    the app client whose access tokens the staff routes accept
 *   STAFF_JWKS         optional: the JWKS as JSON (local stack); otherwise fetched from <issuer>/.well-known/jwks.json
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { optionalEnv, requireEnv } from '../config/env';
import { UnauthorizedError } from '../domain/errors';

export const STAFF_AUTH_ENV = { issuer: 'STAFF_JWT_ISSUER', clientId: 'STAFF_CLIENT_ID', jwks: 'STAFF_JWKS' } as const;

export type StaffClaims = Record<string, string | number | boolean | string[]>;
export type StaffTokenVerifier = (authorization: string | undefined) => Promise<StaffClaims | undefined>;

export function createStaffTokenVerifier(config: { issuer: string; clientId: string; jwks?: string }): StaffTokenVerifier {
  const verifier = JwtVerifier.create({
    issuer: config.issuer,
    // Cognito access tokens carry no `aud`: the client id is checked with token_use below
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('not an access token');
      // aws-jwt-verify checks `exp` only when present; Cognito always sets it, so a token without one is not its
      if (typeof payload.exp !== 'number') throw new Error('a token that never expires');
      validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: config.clientId });
    },
  });
  if (config.jwks) verifier.cacheJwks(JSON.parse(config.jwks) as Parameters<typeof verifier.cacheJwks>[0]);
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return undefined;
    try {
      return flatten(await verifier.verify(match[1]));
    } catch {
      return undefined;
    }
  };
}

function flatten(payload: JwtPayload): StaffClaims {
  const claims: StaffClaims = {};
  for (const [k, v] of Object.entries(payload)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') claims[k] = v;
    else if (Array.isArray(v)) claims[k] = v.map(String);
  }
  return claims;
}

let fromEnv: { key: string; verify: StaffTokenVerifier } | undefined;

/**
 * The verifier configured by the environment, made once per container (its JWKS cache lives with it); made again
 * only if the configuration changes (a test process that starts a second local stack with its own keys).
 */
export function staffTokenVerifierFromEnv(): StaffTokenVerifier {
  const config = {
    issuer: requireEnv(STAFF_AUTH_ENV.issuer),
    clientId: requireEnv(STAFF_AUTH_ENV.clientId),
    jwks: optionalEnv(STAFF_AUTH_ENV.jwks, ''),
  };
  const key = JSON.stringify(config);
  if (fromEnv?.key !== key) fromEnv = { key, verify: createStaffTokenVerifier({ ...config, ...(config.jwks === '' && { jwks: undefined }) }) };
  return fromEnv.verify;
}

export const unauthorized = () =>
  new UnauthorizedError(
    'unauthorized',
    {
      id: 'Masuk sebagai staf: kirim access token yang masih berlaku di header Authorization (Bearer).',
      en: 'Sign in as staff: send a valid access token in the Authorization header (Bearer).',
    },
    'Bearer',
  );
