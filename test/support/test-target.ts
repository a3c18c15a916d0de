/**
 * Where an e2e file sends its requests (theburningmonk's TEST_MODE pattern): its own local stack by default, or a
 * deployed API when API_URL is set, so the same scenarios check a real deployment. Staff tokens then come from
 * STAFF_TOKEN_<ROLE> (STAFF_TOKEN_ADMIN, STAFF_TOKEN_TRIAGE, STAFF_TOKEN_OFFICER, STAFF_TOKEN_DISTRICT), access
 * tokens of Cognito users whose scope matches the local defaults below (officer of bina-marga, district of cikande).
 *
 * A deployed run expects what the local stack gives each file: a stage of its own with an empty table (the
 * scenarios count what they created) and quotas raised like startTestStack's, e.g. a temporary stage per run.
 */
import type { TokenRequest } from '../../local/auth';

export type StaffRole = TokenRequest['role'];

export interface TestTarget {
  mode: 'local' | 'deployed';
  /** the API's base URL, without a trailing slash */
  url: string;
  /** an access token for a staff user of this role */
  staffToken(role: StaffRole): Promise<string>;
  stop(): Promise<void>;
}

/** The scope a local token carries, and a deployed token's user is expected to have. */
const LOCAL_SCOPE: Record<StaffRole, Omit<TokenRequest, 'role'>> = {
  admin: {},
  triage: {},
  officer: { unit: 'bina-marga' },
  district: { district: 'cikande' },
};

export const staffTokenVariable = (role: StaffRole) => `STAFF_TOKEN_${role.toUpperCase()}`;

/** Call from beforeAll; `env` is a parameter so the choice itself can be tested. */
export async function startTestTarget(env: NodeJS.ProcessEnv = process.env): Promise<TestTarget> {
  const apiUrl = env.API_URL?.trim();
  if (apiUrl) return deployedTarget(apiUrl, env);
  // imported only here: a deployed run starts no local stack
  const { startTestStack } = await import('./local-stack');
  const stack = await startTestStack();
  return {
    mode: 'local',
    url: stack.url,
    staffToken: (role) => stack.token({ role, ...LOCAL_SCOPE[role] }),
    stop: () => stack.stop(),
  };
}

function deployedTarget(apiUrl: string, env: NodeJS.ProcessEnv): TestTarget {
  const url = new URL(apiUrl).toString().replace(/\/+$/, '');
  return {
    mode: 'deployed',
    url,
    staffToken: async (role) => {
      const name = staffTokenVariable(role);
      const token = env[name]?.trim();
      if (!token) throw new Error(`API_URL is set (${url}), so a ${role} token must be given in ${name}`);
      return token;
    },
    stop: async () => undefined,
  };
}
