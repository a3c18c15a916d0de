/**
 * Who signed in, from the ID token's claims: the role from `cognito:groups` (strongest first, as the API decides),
 * the unit and kecamatan from the custom attributes. Only for what the console shows and offers; the API decides
 * from the access token's own claims.
 */
export type StaffRole = 'admin' | 'triage' | 'officer' | 'district';
const ROLE_ORDER: StaffRole[] = ['admin', 'triage', 'officer', 'district'];

export interface Official {
  role: StaffRole;
  unit?: string;
  district?: string;
  name?: string;
  accessToken: string;
}

/** The strongest role in the groups claim (Cognito: a list; some proxies flatten it to "[a b]"). */
export function roleOf(groups: unknown): StaffRole | undefined {
  const list = Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? groups.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  return ROLE_ORDER.find((r) => list.includes(r));
}

export function officialFromClaims(claims: Record<string, unknown>, accessToken: string): Official | undefined {
  const role = roleOf(claims['cognito:groups']);
  if (!role) return undefined;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const unit = text(claims['custom:unit']);
  const district = text(claims['custom:district']);
  const name = text(claims.name) ?? text(claims.email) ?? text(claims['cognito:username']);
  return { role, accessToken, ...(unit && { unit }), ...(district && { district }), ...(name && { name }) };
}
