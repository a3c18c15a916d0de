/** The console's move buttons, queue order and signed-in official, against the rules the API enforces. */
import { describe, expect, it } from 'vitest';
import { MOVES, STATUSES as SERVER_STATUSES } from '../../shared/domain/status-machine';
import { missingFields, moveUi, movesFor, STATUSES, transitionBody } from '../../web/src/staff/moves';
import { appendPage, overdueFirst } from '../../web/src/staff/queue-order';
import { officialFromClaims, roleOf } from '../../web/src/staff/claims';

describe('move forms', () => {
  it('knows the same statuses as the server', () => {
    expect([...STATUSES].sort()).toEqual([...SERVER_STATUSES].sort());
  });

  it.each(MOVES.filter((m) => m.roles.some((r) => r !== 'system')).map((m) => [`${m.from} → ${m.to}`, m] as const))(
    'offers %s with the fields the status machine requires and accepts',
    (_name, move) => {
      const ui = moveUi(move.from, move.to);
      expect(ui).toBeDefined();
      expect([...ui!.required].sort()).toEqual([...move.required].sort());
      expect([...ui!.optional].sort()).toEqual([...move.optional].sort());
    },
  );

  it('offers no move the status machine lacks', () => {
    for (const from of STATUSES)
      for (const to of STATUSES) if (moveUi(from, to)) expect(MOVES.some((m) => m.from === from && m.to === to), `${from} → ${to}`).toBe(true);
  });

  it('names starting and reopening differently though both lead to in_progress', () => {
    expect(moveUi('verified', 'in_progress')!.label).toBe('move.start');
    expect(moveUi('resolved', 'in_progress')!.label).toBe('move.reopen');
  });

  it('keeps the server order of allowed moves and skips statuses it does not know', () => {
    expect(movesFor('received', ['verified', 'rejected', 'bogus']).map((m) => m.label)).toEqual(['move.verify', 'move.reject']);
  });

  it('sends only the move fields that are filled in, trimmed', () => {
    const verify = moveUi('received', 'verified')!;
    expect(transitionBody(verify, { unit: 'bina-marga', note: '  ', reason: 'not for this move' })).toEqual({ to: 'verified', unit: 'bina-marga' });
    expect(missingFields(verify, { unit: ' ' })).toEqual(['unit']);
    expect(missingFields(verify, { unit: 'bina-marga' })).toEqual([]);
  });
});

describe('queue order', () => {
  const row = (id: string, overdue: boolean) => ({ id, overdue });

  it('puts overdue reports first and otherwise keeps the API order', () => {
    expect(overdueFirst([row('a', false), row('b', true), row('c', false), row('d', true)]).map((r) => r.id)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('appends a further page without repeating a report already shown', () => {
    expect(appendPage([row('a', true), row('b', false)], [row('b', false), row('c', true)]).map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });
});

describe('the signed-in official', () => {
  it('acts with the strongest group, from a list or the flattened "[a b]" shape, as the API does', () => {
    expect(roleOf(['district', 'triage'])).toBe('triage');
    expect(roleOf('[officer admin]')).toBe('admin');
    expect(roleOf(['citizen'])).toBeUndefined();
    expect(roleOf(undefined)).toBeUndefined();
  });

  it('reads unit, kecamatan and a name from the ID token claims; no staff group is no official', () => {
    expect(officialFromClaims({ 'cognito:groups': ['officer'], 'custom:unit': 'bina-marga', email: 'a@b.id' }, 'tok')).toEqual({
      role: 'officer',
      unit: 'bina-marga',
      name: 'a@b.id',
      accessToken: 'tok',
    });
    expect(officialFromClaims({ email: 'someone@b.id' }, 'tok')).toBeUndefined();
  });
});
