/**
 * The staff console's runtime configuration, the file it reads at `/staf/config.json` before anything else:
 * where officials sign in (an OpenID Connect authority and a public app client) and the jurisdiction's units and
 * agencies for the "Bidang" and "Teruskan" choices. A file rather than build-time values, so one build serves any
 * stage or region; the local stack answers it for its own issuer, a deployment writes it next to the app.
 */
import type { Jurisdiction, Localized } from './jurisdiction';

export interface StaffConsoleAuth {
  /** OIDC issuer whose /.well-known/openid-configuration the console reads */
  authority: string;
  /** the public app client (no secret; PKCE) */
  clientId: string;
  /** where sign-out ends the identity provider's own session (Cognito's /logout takes client_id and logout_uri) */
  logoutUrl: string;
}

export interface StaffConsoleConfig extends StaffConsoleAuth {
  scope: string;
  units: { code: string; name: Localized }[];
  agencies: { code: string; name: Localized }[];
}

/** Scopes the pool's app client allows (infra/constructs/staff-user-pool.ts). */
export const STAFF_CONSOLE_SCOPE = 'openid email profile';

export function staffConsoleConfig(auth: StaffConsoleAuth, jurisdiction: Pick<Jurisdiction, 'units' | 'agencies'>): StaffConsoleConfig {
  return {
    ...auth,
    scope: STAFF_CONSOLE_SCOPE,
    units: jurisdiction.units.map(({ code, name }) => ({ code, name })),
    agencies: jurisdiction.agencies.map(({ code, name }) => ({ code, name })),
  };
}

/**
 * Cognito as the console's identity provider: the pool is the issuer, the managed-login domain ends the session.
 * Values may be CDK tokens (a deployment writes the file with `Source.jsonData`).
 */
export function cognitoConsoleAuth(p: { region: string; userPoolId: string; clientId: string; domainBaseUrl: string }): StaffConsoleAuth {
  return {
    authority: `https://cognito-idp.${p.region}.amazonaws.com/${p.userPoolId}`,
    clientId: p.clientId,
    logoutUrl: `${p.domainBaseUrl}/logout`,
  };
}
