/**
 * A small pool of reports in every open (and one finished) state, over HTTP on a test stack, for tests that
 * throw requests at them; and the staff principals those tests act as, as claims (direct calls) or to sign.
 */
import { expect } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, validReport } from './local-stack';
import type { PoolReport } from './hostile-requests';

/** Claims of a Cognito access token after the pre-token-generation trigger, by principal; some deliberately odd. */
export const PRINCIPAL_CLAIMS: Record<string, Record<string, unknown>> = {
  admin: { sub: 'p-admin', token_use: 'access', 'cognito:groups': ['admin'] },
  triage: { sub: 'p-triage', token_use: 'access', 'cognito:groups': ['triage'] },
  'officer-bina-marga': { sub: 'p-officer-bm', token_use: 'access', 'cognito:groups': ['officer'], 'custom:unit': 'bina-marga' },
  'officer-sumber-daya-air': { sub: 'p-officer-sda', token_use: 'access', 'cognito:groups': ['officer'], 'custom:unit': 'sumber-daya-air' },
  'officer-verifikasi': { sub: 'p-officer-v', token_use: 'access', 'cognito:groups': ['officer'], 'custom:unit': 'verifikasi' },
  'district-cikande': { sub: 'p-camat-cikande', token_use: 'access', 'cognito:groups': ['district'], 'custom:district': 'cikande' },
  'district-kopo': { sub: 'p-camat-kopo', token_use: 'access', 'cognito:groups': ['district'], 'custom:district': 'kopo' },
  // odd but signed: the authorizer lets these through, the functions must refuse them cleanly
  'id-token': { sub: 'p-id', token_use: 'id', 'cognito:groups': ['admin'], aud: 'si-centang-local-client' },
  'no-groups': { sub: 'p-nogroups', token_use: 'access' },
  'unknown-group': { sub: 'p-unknown', token_use: 'access', 'cognito:groups': ['superuser'] },
  'officer-without-unit': { sub: 'p-officer-nounit', token_use: 'access', 'cognito:groups': ['officer'] },
  'district-empty': { sub: 'p-district-empty', token_use: 'access', 'cognito:groups': ['district'], 'custom:district': '' },
  'no-sub': { token_use: 'access', 'cognito:groups': ['admin'] },
  'several-groups': { sub: 'p-several', token_use: 'access', 'cognito:groups': ['district', 'officer', 'triage'], 'custom:district': 'kopo' },
  'groups-as-text': { sub: 'p-text', token_use: 'access', 'cognito:groups': 'officer bina-marga', 'custom:unit': 'bina-marga' },
};

/** Every principal once, and those who can act on the pool several times more: most requests should get past the door. */
export function weightedPrincipals(): string[] {
  const extra = ['admin', 'admin', 'admin', 'triage', 'triage', 'officer-bina-marga', 'officer-bina-marga', 'officer-verifikasi', 'officer-verifikasi', 'district-cikande'];
  return [...Object.keys(PRINCIPAL_CLAIMS), ...extra];
}

export interface SeededPool {
  pool: PoolReport[];
  ids: Set<string>;
  /** national significant digits of every seeded reporter's number */
  phones: string[];
}

/** Seven reports: received (one confidential), verified, in progress and resolved, in two units and two districts. */
export async function seedPool(stack: LocalStack): Promise<SeededPool> {
  const call = client(stack.url);
  const admin = `Bearer ${await stack.token({ role: 'admin', sub: 'seeder' })}`;
  const plans: { report: Record<string, unknown>; moves: Record<string, unknown>[] }[] = [
    { report: { district: 'cikande' }, moves: [] },
    { report: { district: 'kopo', category: 'lainnya', confidential: true }, moves: [] },
    { report: { district: 'cikande' }, moves: [{ to: 'verified', unit: 'bina-marga' }] },
    { report: { district: 'kopo', category: 'drainase' }, moves: [{ to: 'verified', unit: 'sumber-daya-air' }] },
    { report: { district: 'cikande' }, moves: [{ to: 'verified', unit: 'bina-marga' }, { to: 'in_progress', note: 'Tim berangkat' }] },
    { report: { district: 'cikande', category: 'lainnya' }, moves: [{ to: 'verified', unit: 'verifikasi' }, { to: 'in_progress' }] },
    { report: { district: 'kopo', category: 'lainnya' }, moves: [{ to: 'verified', unit: 'verifikasi' }, { to: 'in_progress' }, { to: 'resolved', note: 'Selesai' }] },
  ];
  const pool: PoolReport[] = [];
  const phones: string[] = [];
  for (const [i, plan] of plans.entries()) {
    const national = `8127000000${i}`;
    const created = await call('POST', '/v1/reports', validReport({ ...plan.report, reporter: { phone: `0${national}`, name: `Pelapor ${i}` } }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    let version = 1;
    for (const move of plan.moves) {
      const r = await call('POST', `/v1/staff/reports/${id}/transitions`, move, { authorization: admin, 'if-match': `"${version}"` });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = r.body.version as number;
    }
    pool.push({ id, uploadToken: created.body.uploadToken as string });
    phones.push(national);
  }
  return { pool, ids: new Set(pool.map((p) => p.id)), phones };
}
