/**
 * Retrying a read → decide → write on a version conflict, against a fake version-guarded store whose report a
 * rival writer changes between our read and our write a given number of times.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { recordChange } from '../../shared/domain/record-change';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import { jitter, retryOnConflict, WriteConflict } from '../../shared/domain/retry-on-conflict';

class StaleWrite extends WriteConflict {}

/** One report and its history; a write is refused unless the stored version is the one read. */
class FakeStore {
  report = { id: 'AAAA-BBBB', version: 1, eventCount: 1, updatedAt: '2026-01-01T00:00:00.000Z', notes: [] as string[] } as unknown as Report & { notes: string[] };
  history: HistoryEvent[] = [];
  reads = 0;
  writes = 0;

  /** the rival gets in between our read and our write this many times */
  constructor(private rivalWins: number) {}

  async load() {
    this.reads += 1;
    return structuredClone(this.report);
  }

  async save(next: Report & { notes: string[] }, event: HistoryEvent, expectedVersion: number) {
    if (this.rivalWins > 0) {
      this.rivalWins -= 1;
      this.commit(recordChange({ ...this.report, notes: [...this.report.notes, 'rival'] }, draft('rival'), '2026-01-01T00:00:01.000Z'));
    }
    this.writes += 1;
    if (this.report.version !== expectedVersion) throw new StaleWrite('moved on');
    this.commit({ report: next, event });
  }

  private commit({ report, event }: { report: Report & { notes: string[] }; event: HistoryEvent }) {
    if (this.history.some((e) => e.seq === event.seq)) throw new Error(`event ${event.seq} written twice`);
    this.report = report;
    this.history.push(event);
  }
}

const draft = (note: string) => ({ type: 'note' as const, actor: { role: 'triage' }, note, visibility: 'internal' as const, notify: false });

/** The shape every writer has: read, decide on what was read, write guarded by the version read. */
const addNote = (store: FakeStore, attempts: number) =>
  retryOnConflict(
    async () => {
      const read = await store.load();
      const { report, event } = recordChange({ ...read, notes: [...read.notes, 'ours'] }, draft('ours'), '2026-01-01T00:00:02.000Z');
      await store.save(report, event, read.version);
      return report;
    },
    { attempts },
  );

describe('retryOnConflict', () => {
  it('loses no update: with fewer rival wins than attempts, both the rival changes and ours are kept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.nat(10), async (attempts, wins) => {
        fc.pre(wins < attempts);
        const store = new FakeStore(wins);
        const written = await addNote(store, attempts);
        expect(store.reads).toBe(wins + 1);
        expect(store.report).toEqual(written);
        expect(store.report.notes).toEqual([...Array(wins).fill('rival'), 'ours']);
        expect(store.report.version).toBe(1 + wins + 1);
        expect(store.history.map((e) => e.seq)).toEqual(Array.from({ length: wins + 1 }, (_, i) => i + 2));
      }),
    );
  });

  it('gives up after the last attempt with the conflict, having written nothing of ours', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.nat(4), async (attempts, extra) => {
        const store = new FakeStore(attempts + extra);
        await expect(addNote(store, attempts)).rejects.toBeInstanceOf(StaleWrite);
        expect(store.writes).toBe(attempts);
        expect(store.report.notes).not.toContain('ours');
      }),
    );
  });

  it('throws what `exhausted` makes of the last conflict', async () => {
    const busy = new Error('busy');
    const store = new FakeStore(3);
    await expect(
      retryOnConflict(
        async () => {
          const read = await store.load();
          const { report, event } = recordChange({ ...read, notes: [] }, draft('x'), '2026-01-01T00:00:02.000Z');
          await store.save(report, event, read.version);
        },
        { attempts: 3, exhausted: (conflict) => (expect(conflict).toBeInstanceOf(StaleWrite), busy) },
      ),
    ).rejects.toBe(busy);
  });

  it('ends at once on an error that is not a conflict', async () => {
    let calls = 0;
    const refused = new Error('not allowed');
    await expect(
      retryOnConflict(
        async () => {
          calls += 1;
          throw refused;
        },
        { attempts: 5 },
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('takes what `isConflict` says is a conflict, for errors it does not own', async () => {
    const seen: number[] = [];
    const result = await retryOnConflict(
      async (n) => {
        seen.push(n);
        if (n < 3) throw Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException' });
        return 'done';
      },
      { attempts: 5, isConflict: (err) => (err as Error).name === 'ConditionalCheckFailedException' },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('pauses between attempts, told which attempt conflicted, and not after the last', async () => {
    const pauses: number[] = [];
    await expect(
      retryOnConflict(
        async () => {
          throw new WriteConflict();
        },
        { attempts: 4, pause: async (n) => void pauses.push(n) },
      ),
    ).rejects.toBeInstanceOf(WriteConflict);
    expect(pauses).toEqual([1, 2, 3]);
  });

  it('jitter waits a random part of its bound times the attempt', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      let done = false;
      void jitter(10)(3).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(14);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
    } finally {
      vi.restoreAllMocks();
      vi.useRealTimers();
    }
  });
});
