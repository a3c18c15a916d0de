import { describe, expect, it } from 'vitest';
import jurisdiction from '../../config/jurisdictions/kabupaten-serang.json';
import {
  MOVES,
  ROLES,
  STATUSES,
  TERMINAL_STATUSES,
  allowedMoves,
  canEscalate,
  checkMove,
  isOpen,
  open311Status,
  stageOf,
  type Actor,
  type CheckMoveInput,
  type MoveFields,
  type Role,
  type Status,
} from '../../shared/domain/status-machine';
import { reportStatusSchema as statusSchema } from '../../shared/domain/report-fields';

// The expected machine, written out independently of MOVES so a slip in either shows up.
// Value: roles allowed; 'officer' always means "officer of the report's unit".
const EXPECTED: Record<string, Role[]> = {
  'received>verified': ['admin', 'triage'],
  'received>rejected': ['admin', 'triage'],
  'received>duplicate': ['admin', 'triage'],
  'received>referred': ['admin', 'triage'],
  'verified>rejected': ['admin', 'triage'],
  'verified>duplicate': ['admin', 'triage'],
  'verified>referred': ['admin', 'triage'],
  'verified>in_progress': ['admin', 'triage', 'officer'],
  'in_progress>resolved': ['admin', 'triage', 'officer'],
  'in_progress>referred': ['admin', 'triage'],
  'resolved>in_progress': ['admin', 'triage', 'officer', 'citizen'],
  'resolved>closed': ['admin', 'triage', 'officer', 'system', 'citizen'],
};

const REQUIRED: Record<string, (keyof MoveFields)[]> = {
  'received>verified': ['unit'],
  'received>rejected': ['reason'],
  'received>duplicate': ['duplicateOf'],
  'received>referred': ['agency'],
  'verified>rejected': ['reason'],
  'verified>duplicate': ['duplicateOf'],
  'verified>referred': ['agency'],
  'verified>in_progress': [],
  'in_progress>resolved': ['note'],
  'in_progress>referred': ['agency'],
  'resolved>in_progress': ['note'],
  'resolved>closed': [],
};

const UNITS = jurisdiction.units.map((u) => u.code);
const AGENCIES = jurisdiction.agencies.map((a) => a.code);
// 2025-03-10 09:00 in Jakarta (UTC+7)
const NOW = new Date('2025-03-10T02:00:00Z');
const REPORT = { unit: 'bina-marga', district: 'ciruas', code: '7KQ4-M9XP' };

const ACTORS: Record<string, Actor> = {
  admin: { role: 'admin' },
  triage: { role: 'triage' },
  officerInUnit: { role: 'officer', unit: 'bina-marga' },
  officerOtherUnit: { role: 'officer', unit: 'sumber-daya-air' },
  officerNoUnit: { role: 'officer' },
  district: { role: 'district', district: 'ciruas' },
  system: { role: 'system' },
};

function validFields(from: Status, to: Status): MoveFields {
  const fields: MoveFields = {};
  for (const f of REQUIRED[`${from}>${to}`] ?? []) {
    if (f === 'unit') fields.unit = 'sumber-daya-air';
    if (f === 'reason') fields.reason = 'Lokasi berada di lahan pribadi';
    if (f === 'duplicateOf') Object.assign(fields, { duplicateOf: 'AB12-CD34', duplicateOfOpen: true });
    if (f === 'agency') fields.agency = 'bbpjn-banten';
    if (f === 'note') fields.note = 'Lubang sudah ditambal';
  }
  return fields;
}

function input(from: Status, to: Status, actor: Actor, fields: MoveFields, report: CheckMoveInput['report'] = REPORT) {
  return { from, to, actor, report, fields, known: { units: UNITS, agencies: AGENCIES }, now: NOW };
}

function expectedAllowed(from: Status, actorName: string): Status[] {
  const actor = ACTORS[actorName]!;
  return STATUSES.filter((to) => {
    const roles = EXPECTED[`${from}>${to}`];
    if (!roles || !roles.includes(actor.role)) return false;
    return actor.role !== 'officer' || actorName === 'officerInUnit';
  });
}

describe('the move table', () => {
  it('is the expected machine, no more, no less', () => {
    const actual = Object.fromEntries(MOVES.map((m) => [`${m.from}>${m.to}`, [...m.roles].sort()]));
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, [...v].sort()]));
    expect(actual).toEqual(expected);
    for (const m of MOVES) expect([...m.required].sort()).toEqual([...(REQUIRED[`${m.from}>${m.to}`] ?? [])].sort());
  });

  it('gives admin and triage every move, district users none, the scheduler only auto-close', () => {
    for (const m of MOVES) {
      expect(m.roles).toContain('admin');
      expect(m.roles).toContain('triage');
      expect(m.roles).not.toContain('district');
      expect(m.roles.includes('system')).toBe(m.from === 'resolved' && m.to === 'closed');
    }
  });

  it('leaves no terminal status', () => {
    for (const from of TERMINAL_STATUSES) {
      expect(MOVES.filter((m) => m.from === from)).toEqual([]);
      expect(allowedMoves(from, ACTORS.admin!, REPORT)).toEqual([]);
    }
  });
});

describe('every (from, to) pair for every actor', () => {
  const cases = STATUSES.flatMap((from) =>
    STATUSES.flatMap((to) => Object.keys(ACTORS).map((actorName) => ({ from, to, actorName }))),
  );

  it(`covers ${STATUSES.length} x ${STATUSES.length} x ${Object.keys(ACTORS).length} cases`, () => {
    expect(cases).toHaveLength(STATUSES.length * STATUSES.length * Object.keys(ACTORS).length);
  });

  it.each(cases)('$from -> $to by $actorName', ({ from, to, actorName }) => {
    const actor = ACTORS[actorName]!;
    const result = checkMove(input(from, to, actor, validFields(from, to)));
    const roles = EXPECTED[`${from}>${to}`];
    const allowed = expectedAllowed(from, actorName);
    if (!roles) {
      expect(result).toMatchObject({ ok: false, kind: 'not-allowed', allowed });
    } else if (!roles.includes(actor.role) || (actor.role === 'officer' && actorName !== 'officerInUnit')) {
      expect(result).toMatchObject({ ok: false, kind: 'forbidden', allowed });
    } else {
      expect(result).toEqual({ ok: true });
    }
    if (!result.ok) {
      expect(result.message.id).not.toBe('');
      expect(result.message.en).not.toBe('');
    }
  });

  it.each(STATUSES.flatMap((from) => Object.keys(ACTORS).map((actorName) => ({ from, actorName }))))(
    'allowedMoves($from) for $actorName',
    ({ from, actorName }) => {
      expect(allowedMoves(from, ACTORS[actorName]!, REPORT)).toEqual(expectedAllowed(from, actorName));
    },
  );
});

describe('scope', () => {
  it('refuses an officer on a report not yet assigned to any unit', () => {
    const result = checkMove(input('resolved', 'closed', ACTORS.officerInUnit!, {}, { district: 'ciruas' }));
    expect(result).toMatchObject({ ok: false, kind: 'forbidden', allowed: [] });
  });

  it('tells an out-of-unit officer it is about the unit, not the role', () => {
    const result = checkMove(input('in_progress', 'resolved', ACTORS.officerOtherUnit!, { note: 'selesai' }));
    expect(result).toMatchObject({ ok: false, kind: 'forbidden' });
    if (!result.ok) expect(result.message.en).toMatch(/unit/);
  });

  it('checks role before fields, so a forbidden caller learns nothing about the fields', () => {
    expect(checkMove(input('received', 'verified', ACTORS.district!, {}))).toMatchObject({ kind: 'forbidden' });
    expect(checkMove(input('received', 'closed', ACTORS.admin!, {}))).toMatchObject({ kind: 'not-allowed' });
  });

  it('refuses a move to the same status', () => {
    for (const s of STATUSES) expect(checkMove(input(s, s, ACTORS.admin!, {}))).toMatchObject({ kind: 'not-allowed' });
  });
});

describe('required fields', () => {
  const withRequired = Object.entries(REQUIRED).flatMap(([move, fields]) => fields.map((field) => ({ move, field })));

  it.each(withRequired)('$move without $field is invalid', ({ move, field }) => {
    const [from, to] = move.split('>') as [Status, Status];
    const fields = { ...validFields(from, to), [field]: undefined };
    expect(checkMove(input(from, to, ACTORS.triage!, fields))).toMatchObject({ ok: false, kind: 'invalid', field });
  });

  it.each(withRequired)('$move with a blank $field is invalid', ({ move, field }) => {
    const [from, to] = move.split('>') as [Status, Status];
    const fields = { ...validFields(from, to), [field]: '   ' };
    expect(checkMove(input(from, to, ACTORS.triage!, fields))).toMatchObject({ ok: false, kind: 'invalid', field });
  });

  it('refuses an unknown unit', () => {
    const result = checkMove(input('received', 'verified', ACTORS.triage!, { unit: 'dinas-perhubungan' }));
    expect(result).toMatchObject({ ok: false, kind: 'invalid', field: 'unit' });
  });

  it('refuses an unknown agency', () => {
    for (const from of ['received', 'verified', 'in_progress'] as const) {
      const result = checkMove(input(from, 'referred', ACTORS.admin!, { agency: 'pu-pusat' }));
      expect(result).toMatchObject({ ok: false, kind: 'invalid', field: 'agency' });
    }
  });

  it('accepts every configured unit and agency', () => {
    for (const unit of UNITS) expect(checkMove(input('received', 'verified', ACTORS.triage!, { unit })).ok).toBe(true);
    for (const agency of AGENCIES) {
      expect(checkMove(input('received', 'referred', ACTORS.triage!, { agency })).ok).toBe(true);
    }
  });

  it('needs the duplicate target to exist and be open', () => {
    for (const duplicateOfOpen of [false, undefined]) {
      const result = checkMove(input('received', 'duplicate', ACTORS.triage!, { duplicateOf: 'AB12-CD34', duplicateOfOpen }));
      expect(result).toMatchObject({ ok: false, kind: 'invalid', field: 'duplicateOf' });
    }
  });

  it('refuses a report as a duplicate of itself', () => {
    const result = checkMove(
      input('received', 'duplicate', ACTORS.triage!, { duplicateOf: '7KQ4-M9XP', duplicateOfOpen: true }),
    );
    expect(result).toMatchObject({ ok: false, kind: 'invalid', field: 'duplicateOf' });
  });

  it('refuses a field that does not belong to the move', () => {
    const result = checkMove(input('verified', 'in_progress', ACTORS.officerInUnit!, { unit: 'cipta-karya' }));
    expect(result).toMatchObject({ ok: false, kind: 'invalid', field: 'unit' });
    const reason = checkMove(input('in_progress', 'resolved', ACTORS.officerInUnit!, { note: 'ok', reason: 'x' }));
    expect(reason).toMatchObject({ ok: false, kind: 'invalid', field: 'reason' });
  });

  it('accepts an optional note on every move', () => {
    for (const m of MOVES) {
      const fields = { ...validFields(m.from, m.to), note: 'catatan internal' };
      expect(checkMove(input(m.from, m.to, ACTORS.admin!, fields))).toEqual({ ok: true });
    }
  });

  it('refuses an over-long note', () => {
    const result = checkMove(input('in_progress', 'resolved', ACTORS.triage!, { note: 'x'.repeat(2001) }));
    expect(result).toMatchObject({ ok: false, kind: 'invalid', field: 'note' });
  });
});

describe('planned date (expectedAt)', () => {
  const start = (expectedAt: string) =>
    checkMove(input('verified', 'in_progress', ACTORS.officerInUnit!, { note: 'dijadwalkan', expectedAt }));

  it('is optional', () => {
    expect(checkMove(input('verified', 'in_progress', ACTORS.officerInUnit!, {}))).toEqual({ ok: true });
  });

  it.each(['2025-03-10', '2025-03-11', '2026-01-31', '2025-03-10T02:00:00Z', '2025-03-10T16:00:00+07:00'])(
    'accepts %s (today or later)',
    (value) => {
      expect(start(value)).toEqual({ ok: true });
    },
  );

  it.each(['2025-03-09', '2024-12-31', '2025-03-10T01:59:59Z', '2025-03-10T08:00:00+07:00'])(
    'refuses %s (in the past)',
    (value) => {
      expect(start(value)).toMatchObject({ ok: false, kind: 'invalid', field: 'expectedAt' });
    },
  );

  it.each(['2030-03-11', '9999-12-31', '9999-12-31T23:59:59-23:59', '2030-03-10T17:00:00Z'])(
    'refuses %s (more than five years ahead: a typo, not a plan)',
    (value) => {
      expect(start(value)).toMatchObject({ ok: false, kind: 'invalid', field: 'expectedAt', message: { en: 'The planned date can be at most 5 years ahead.' } });
    },
  );

  it.each(['2030-03-10', '2030-03-10T16:59:59Z'])('accepts %s (five years ahead to the day)', (value) => {
    expect(start(value)).toEqual({ ok: true });
  });

  it.each(['10/03/2025', '2025-02-30', '2025-13-01', '2025-03-11T10:00:00', 'besok', '2025-03-11T25:00:00Z'])(
    'refuses the malformed %s',
    (value) => {
      expect(start(value)).toMatchObject({ ok: false, kind: 'invalid', field: 'expectedAt' });
    },
  );

  it('decides "today" in the jurisdiction time zone', () => {
    // 2025-03-10 20:00 UTC is already 2025-03-11 in Jakarta: the 10th is yesterday there
    const late = { ...input('verified', 'in_progress', ACTORS.triage!, { expectedAt: '2025-03-10' }), now: new Date('2025-03-10T20:00:00Z') };
    expect(checkMove(late)).toMatchObject({ kind: 'invalid', field: 'expectedAt' });
    expect(checkMove({ ...late, timeZone: 'UTC' })).toEqual({ ok: true });
  });

  it('may carry a new plan when a report is reopened', () => {
    const result = checkMove(
      input('resolved', 'in_progress', ACTORS.officerInUnit!, { note: 'Tambalan lepas lagi', expectedAt: '2025-03-12' }),
    );
    expect(result).toEqual({ ok: true });
  });
});

describe('status facts', () => {
  const OPEN: Status[] = ['received', 'verified', 'in_progress'];

  it.each([...STATUSES])('%s', (status) => {
    const open = OPEN.includes(status);
    expect(isOpen(status)).toBe(open);
    expect(canEscalate(status)).toBe(open);
    expect(open311Status(status)).toBe(open ? 'open' : 'closed');
    expect(stageOf(status)).toBe(open ? status : null);
  });

  it('has a deadline stage for each configured SLA stage and no other', () => {
    expect(STATUSES.map(stageOf).filter((s) => s !== null).sort()).toEqual(Object.keys(jurisdiction.sla.stages).sort());
  });

  it('validates statuses with zod', () => {
    for (const s of STATUSES) expect(statusSchema.parse(s)).toBe(s);
    expect(statusSchema.safeParse('escalated').success).toBe(false);
    expect(STATUSES).toHaveLength(8);
    expect(ROLES).toHaveLength(6);
  });

  it('keeps every status reachable from received', () => {
    const seen = new Set<Status>(['received']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const m of MOVES) {
        if (seen.has(m.from) && !seen.has(m.to)) {
          seen.add(m.to);
          grew = true;
        }
      }
    }
    expect([...seen].sort()).toEqual([...STATUSES].sort());
  });
});
