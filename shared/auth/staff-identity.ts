/**
 * Who is calling a staff route, from the JWT claims API Gateway's authorizer already checked.
 * Handlers trust only these claims. API Gateway hands list claims over as one string, "[triage officer]",
 * so groups are parsed from either shape.
 */
import type { Role } from '../domain/status-machine';
import { ForbiddenError } from '../domain/errors';

export type StaffRole = Exclude<Role, 'system' | 'citizen'>;

export interface StaffIdentity {
  sub: string;
  role: StaffRole;
  unit?: string;
  district?: string;
}

/** Most powerful first: a user in several groups acts with the strongest. */
const ROLE_ORDER: StaffRole[] = ['admin', 'triage', 'officer', 'district'];

export function parseGroups(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  const inner = claim.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.split(/[\s,]+/).filter(Boolean);
}

/** The part of an API Gateway event that carries the claims its authorizer checked. */
export interface ClaimsCarrier {
  requestContext: { authorizer?: { jwt?: { claims: Record<string, string | number | boolean> } } };
}

export function staffIdentity(event: ClaimsCarrier): StaffIdentity {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  // The API is for access tokens only: an ID token, or claims that do not say which kind they are, are refused.
  if (claims.token_use !== 'access')
    throw new ForbiddenError('access-token-required', { id: 'Gunakan access token', en: 'Use an access token' });
  const groups = parseGroups(claims['cognito:groups']);
  const role = ROLE_ORDER.find((r) => groups.includes(r));
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!role || !sub) throw new ForbiddenError('no-role', { id: 'Akun ini tidak memiliki peran staf', en: 'This account has no staff role' });
  const unit = claims['custom:unit'];
  const district = claims['custom:district'];
  // An officer without a unit, or a district user without a district, can act on nothing.
  if ((role === 'officer' && !unit) || (role === 'district' && !district))
    throw new ForbiddenError('no-scope', { id: 'Akun ini belum ditetapkan unit atau kecamatannya', en: 'This account has no unit or district assigned' });
  return {
    sub,
    role,
    ...(typeof unit === 'string' && unit && { unit }),
    ...(typeof district === 'string' && district && { district }),
  };
}

/** May this person see the report at all? triage and admin: all; officer: own unit; district: own kecamatan. */
export function canRead(who: StaffIdentity, report: { unit?: string; district: string }): boolean {
  switch (who.role) {
    case 'admin':
    case 'triage':
      return true;
    case 'officer':
      return report.unit !== undefined && report.unit === who.unit;
    case 'district':
      return report.district === who.district;
  }
}
