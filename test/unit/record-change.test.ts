/** Recording a change: the one place a report's version, event numbers and updatedAt move on. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceReport, nextVersion, recordChange, recordChanges, type EventDraft } from '../../shared/domain/record-change';
import type { Report } from '../../shared/domain/report';

const at = '2026-03-02T03:04:05.000Z';

function report(version: number, eventCount: number): Report {
  return {
    id: '7KQ4-M9XP',
    version,
    status: 'verified',
    category: 'roads',
    priority: 'normal',
    district: 'cikande',
    description: 'Jalan berlubang dalam',
    publicDescription: 'Jalan berlubang dalam',
    reporter: { showName: false, anonymous: false, language: 'id' },
    confidential: false,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    escalationLevel: 0,
    eventCount,
  } as Report;
}

const draftArb: fc.Arbitrary<EventDraft> = fc.record({
  type: fc.constantFrom('status', 'note', 'edit', 'escalated', 'photo', 'feedback'),
  actor: fc.record({ role: fc.constantFrom('triage', 'officer', 'citizen', 'system'), id: fc.string({ maxLength: 8 }) }),
  visibility: fc.constantFrom('public', 'internal'),
  notify: fc.boolean(),
  note: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
}) as fc.Arbitrary<EventDraft>;

const isoArb = fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());

describe('recordChange', () => {
  it('moves the version and the event count on by one, numbers the event after the last one, and stamps updatedAt', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), draftArb, isoArb, (version, eventCount, draft, when) => {
        const before = report(version, eventCount);
        const { report: next, event } = recordChange(before, draft, when);
        expect(next.version).toBe(version + 1);
        expect(next.eventCount).toBe(eventCount + 1);
        expect(event.seq).toBe(next.eventCount);
        expect(next.updatedAt).toBe(when);
        expect(event.at).toBe(when);
        expect(event.reportId).toBe(before.id);
        expect(event).toMatchObject(draft);
        // the report read is left as it was: a retry decides again from it
        expect(before).toEqual(report(version, eventCount));
      }),
    );
  });

  it('keeps the version for a change that only adds to the history (a note, a photo)', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), draftArb, isoArb, (version, eventCount, draft, when) => {
        const { report: next, event } = recordChange(report(version, eventCount), draft, when, { version: 'keep' });
        expect(next.version).toBe(version);
        expect(next.eventCount).toBe(eventCount + 1);
        expect(event.seq).toBe(eventCount + 1);
        expect(next.updatedAt).toBe(when);
      }),
    );
  });

  it('keeps the rest of the change its writer made', () => {
    const changed = { ...report(3, 4), status: 'in_progress' as const, dueAt: '2026-03-09T10:00:00.000Z' };
    const { report: next } = recordChange(changed, { type: 'status', actor: { role: 'officer' }, visibility: 'public', notify: true }, at);
    expect(next).toEqual({ ...changed, version: 4, eventCount: 5, updatedAt: at });
  });

  it('numbers a whole event passed as a draft by the change, not by what it carried', () => {
    const stray = { reportId: 'OTHER', seq: 99, at: '2000-01-01T00:00:00.000Z', type: 'note', actor: { role: 'triage' }, visibility: 'internal', notify: false } as EventDraft;
    const { event } = recordChange(report(1, 2), stray, at);
    expect(event).toMatchObject({ reportId: '7KQ4-M9XP', seq: 3, at });
  });
});

describe('recordChanges', () => {
  it('numbers several events of one change consecutively, in order, under one new version', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.array(draftArb, { minLength: 1, maxLength: 6 }), isoArb, (version, eventCount, drafts, when) => {
        const { report: next, events } = recordChanges(report(version, eventCount), drafts, when);
        expect(events.map((e) => e.seq)).toEqual(drafts.map((_, i) => eventCount + i + 1));
        expect(events.map((e) => e.type)).toEqual(drafts.map((d) => d.type));
        expect(next.eventCount).toBe(eventCount + drafts.length);
        expect(next.version).toBe(version + 1);
        expect(events.every((e) => e.at === when && e.reportId === next.id)).toBe(true);
      }),
    );
  });

  it('a run of changes, each recorded on the last, counts versions and events without gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(draftArb, { minLength: 1, maxLength: 3 }), fc.boolean()), { maxLength: 20 }), (changes) => {
        let current = report(1, 1);
        const seqs: number[] = [1];
        for (const [drafts, keep] of changes) {
          const before = current;
          const out = recordChanges(current, drafts, at, keep ? { version: 'keep' } : {});
          current = out.report;
          seqs.push(...out.events.map((e) => e.seq));
          expect(current.version).toBe(before.version + (keep ? 0 : 1));
        }
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
        expect(current.eventCount).toBe(seqs.length);
        expect(current.version).toBe(1 + changes.filter(([, keep]) => !keep).length);
      }),
    );
  });
});

describe('advanceReport and nextVersion', () => {
  it('advanceReport is the report half of recordChanges', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.array(draftArb, { maxLength: 4 }), fc.boolean(), (version, eventCount, drafts, keep) => {
        const options = keep ? ({ version: 'keep' } as const) : {};
        expect(advanceReport(report(version, eventCount), drafts.length, at, options)).toEqual(recordChanges(report(version, eventCount), drafts, at, options).report);
      }),
    );
  });

  it('nextVersion is one on from the version read', () => {
    expect(nextVersion({ version: 7 })).toBe(8);
  });
});
