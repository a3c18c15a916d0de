/** The use cases behind the public report, the public list, the contact-read audit and the Open311 keys, with in-memory fakes. */
import { describe, expect, it, vi } from 'vitest';
import type { StaffIdentity } from '../../shared/auth/staff-identity';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { hashViewKey, newViewKey } from '../../shared/privacy/view-key';
import { getPublicReport } from '../../shared/use-cases/get-report';
import { listPublicReports } from '../../shared/use-cases/list-reports';
import { listContactReads } from '../../shared/use-cases/staff/list-contact-reads';
import { issueOpen311Key, listOpen311Keys, revokeOpen311Key } from '../../shared/use-cases/staff/open311-keys';

const now = new Date('2026-11-20T02:00:00Z');
const CODE = '7KQ4-M9XP';

function report(overrides: Partial<Report> = {}): Report {
  return {
    id: CODE, version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Jalan berlubang, hubungi 0810-0000-0123', publicDescription: 'Jalan berlubang', address: 'Jl. Raya',
    reporter: { phone: '+6281000000123', showName: false, anonymous: false, language: 'id' }, confidential: false,
    createdAt: now.toISOString(), updatedAt: now.toISOString(), escalationLevel: 0, eventCount: 1,
    ...overrides,
  };
}

const received: HistoryEvent = { reportId: CODE, seq: 1, type: 'status', at: now.toISOString(), actor: { role: 'citizen' }, to: 'received', visibility: 'public', notify: true };
const admin: StaffIdentity = { sub: 'admin-1', role: 'admin' };
const triage: StaffIdentity = { sub: 'triage-1', role: 'triage' };

describe('the public view of one report', () => {
  const deps = (found?: Report) => ({
    repository: { getWithHistory: vi.fn(async () => (found ? { report: found, events: [received], deliveries: [] } : undefined)) },
    signer: async (key: string) => `https://signed.example/${key}`,
  });

  it('is not found for a code that cannot exist, without a read', async () => {
    const d = deps(report());
    await expect(getPublicReport('not a code', undefined, d)).rejects.toBeInstanceOf(NotFoundError);
    expect(d.repository.getWithHistory).not.toHaveBeenCalled();
  });

  it('shows a report without the reporter’s number', async () => {
    const view = await getPublicReport(CODE, undefined, deps(report()));
    expect(view).toMatchObject({ id: CODE, status: 'received' });
    expect(JSON.stringify(view)).not.toContain('0810');
    expect(JSON.stringify(view)).not.toContain('+62810');
  });

  it('a confidential report is not found without its view key, and shown with it', async () => {
    const key = newViewKey();
    const secret = report({ confidential: true, viewKeyHash: hashViewKey(key) });
    await expect(getPublicReport(CODE, undefined, deps(secret))).rejects.toMatchObject({ kind: 'not-found', code: 'report-not-found' });
    await expect(getPublicReport(CODE, 'WRONGKEY', deps(secret))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPublicReport(CODE, key, deps(secret))).resolves.toMatchObject({ id: CODE });
  });
});

describe('the public list', () => {
  it('passes the filter on and shows each report as a list item', async () => {
    const listPublic = vi.fn(async () => ({ items: [report()], next: 'k1' }));
    const page = await listPublicReports({ district: 'cikande', limit: 20, after: 'k0' }, { repository: { listPublic } });
    expect(listPublic).toHaveBeenCalledWith({ district: 'cikande', limit: 20, after: 'k0' });
    expect(page.next).toBe('k1');
    expect(page.items).toHaveLength(1);
    expect(JSON.stringify(page.items)).not.toContain('0810');
  });
});

describe('the contact-read audit', () => {
  it('refuses anyone but an admin before reading', async () => {
    const listContactReadsFn = vi.fn(async () => ({ items: [] }));
    await expect(listContactReads(triage, { month: '2026-11', limit: 10 }, undefined, { repository: { listContactReads: listContactReadsFn } })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'admin-only',
    });
    expect(listContactReadsFn).not.toHaveBeenCalled();
    await listContactReads(admin, { month: '2026-11', limit: 10 }, 'k', { repository: { listContactReads: listContactReadsFn } });
    expect(listContactReadsFn).toHaveBeenCalledWith('2026-11', 10, 'k');
  });
});

describe('Open311 keys', () => {
  const store = () => ({ put: vi.fn(async (_key: unknown) => undefined), list: vi.fn(async () => []), revoke: vi.fn(async (id: string, at: string) => ({ id, name: 'x', requestsPerHour: 1, createdAt: at, revokedAt: at })) });

  it('are an admin’s: anyone else is refused before the store is touched', async () => {
    const s = store();
    await expect(issueOpen311Key(triage, { name: 'FixMyStreet', requestsPerHour: 10 }, { store: s, now: () => now })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listOpen311Keys(triage, { store: s })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeOpen311Key(triage, 'abcdefabcdef', { store: s, now: () => now })).rejects.toBeInstanceOf(ForbiddenError);
    expect([s.put, s.list, s.revoke].map((f) => f.mock.calls.length)).toEqual([0, 0, 0]);
  });

  it('stores only a hash of an issued key and shows the key once', async () => {
    const s = store();
    const issued = await issueOpen311Key(admin, { name: 'FixMyStreet', requestsPerHour: 10 }, { store: s, now: () => now });
    expect(issued).toMatchObject({ name: 'FixMyStreet', requestsPerHour: 10, createdAt: now.toISOString(), createdBy: 'admin-1' });
    const stored = s.put.mock.calls[0]![0] as Record<string, unknown>;
    expect(stored).not.toHaveProperty('key');
    expect(JSON.stringify(stored)).not.toContain(issued.key);
  });

  it('revoking a key that is not there, or not a key id, is not found', async () => {
    const s = { ...store(), revoke: vi.fn(async () => undefined) };
    await expect(revokeOpen311Key(admin, 'abcdefabcdef', { store: s, now: () => now })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(revokeOpen311Key(admin, '../etc', { store: s, now: () => now })).rejects.toBeInstanceOf(NotFoundError);
    expect(s.revoke).toHaveBeenCalledOnce();
  });
});
