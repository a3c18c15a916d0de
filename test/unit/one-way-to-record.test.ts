/**
 * Every writer records a change through shared/domain/record-change.ts and retries through
 * shared/domain/retry-on-conflict.ts: a new path that numbers events or loops on conflicts by hand would drift
 * from the others (a gap or a twin in the history, a retry without a bound).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const code = [...sources('shared'), ...sources('functions')].map((path) => ({ path: relative(root, join(root, path)), text: readFileSync(join(root, path), 'utf8') }));

const offending = (pattern: RegExp, except: string[]) =>
  code.filter(({ path, text }) => !except.includes(path) && pattern.test(text)).map(({ path }) => path);

describe('one way to record a change and to retry it', () => {
  it('the sources were found', () => {
    expect(code.map((c) => c.path)).toContain('shared/domain/record-change.ts');
  });

  it('no writer numbers a history event or moves the event count by hand', () => {
    const helper = ['shared/domain/record-change.ts'];
    expect(offending(/\bseq:\s*[\w.!?]+\.eventCount\s*\+/, helper)).toEqual([]);
    expect(offending(/\beventCount:\s*[\w.!?]+\.eventCount\s*\+/, helper)).toEqual([]);
    expect(offending(/\.eventCount\s*=\s*[\w.!?]+\.eventCount\s*\+/, helper)).toEqual([]);
  });

  it('no writer moves a report version on by hand', () => {
    expect(offending(/\bversion:\s*report\.version\s*\+\s*1|\.version\s*=\s*report\.version\s*\+|':next':\s*report\.version/, [])).toEqual([]);
  });

  it('no hand-written retry loop', () => {
    expect(offending(/for \(let attempt\b/, [])).toEqual([]);
  });
});
