/**
 * Sign-in through OpenID Connect with oidc-client-ts: authorization code with PKCE (S256) against Cognito's
 * managed login on AWS, against the local stack's stand-in locally; one code path for both. Tokens and the
 * short-lived sign-in state live in sessionStorage (gone with the tab, never in localStorage). Sign-out forgets
 * them and sends the browser to the provider's logout, which ends its own session too (Cognito's /logout takes
 * client_id and logout_uri; it is not in Cognito's discovery document, hence the configured URL).
 */
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { officialFromClaims, type Official } from './claims';
import type { ConsoleConfig } from './config';
import { lang } from '../i18n/index';

export type { Official } from './claims';

/** Where the provider sends the browser back, both after sign-in and after sign-out. */
export const consoleHome = () => `${location.origin}/staf/`;

function official(user: User | null): Official | undefined {
  if (!user || user.expired) return undefined;
  return officialFromClaims(user.profile as Record<string, unknown>, user.access_token);
}

export interface Session {
  /** the signed-in official, or undefined */
  current(): Official | undefined;
  /** signed in, but the account is in no staff group: signing in again would not help */
  withoutRole(): boolean;
  /** why the last sign-in failed, once */
  error?: string;
  signIn(returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
}

export async function startSession(config: ConsoleConfig): Promise<Session> {
  const storage = new WebStorageStateStore({ store: sessionStorage });
  const manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: consoleHome(),
    post_logout_redirect_uri: consoleHome(),
    response_type: 'code',
    scope: config.scope,
    userStore: storage,
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    // no hidden iframes or refresh in the background: an expired session asks for sign-in again
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });

  let user: User | null = null;
  let error: string | undefined;
  const params = new URLSearchParams(location.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    try {
      user = await manager.signinRedirectCallback();
      const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo;
      history.replaceState(null, '', returnTo?.startsWith('/staf/') ? returnTo : consoleHome());
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      history.replaceState(null, '', consoleHome());
    }
  } else {
    user = await manager.getUser();
  }

  return {
    current: () => official(user),
    withoutRole: () => user !== null && !user.expired && official(user) === undefined,
    ...(error && { error }),
    async signIn(returnTo = location.pathname + location.search) {
      // managed login (and the local page) speaks the console's language when told with `lang`
      await manager.signinRedirect({ state: { returnTo }, extraQueryParams: { lang: lang() } });
    },
    async signOut() {
      await manager.removeUser();
      user = null;
      const target = new URL(config.logoutUrl);
      target.searchParams.set('client_id', config.clientId);
      target.searchParams.set('logout_uri', consoleHome());
      location.assign(target.toString());
    },
  };
}
