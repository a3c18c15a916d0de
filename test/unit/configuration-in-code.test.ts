/**
 * Place and time are configuration: Serang's working hours and SLA live only in its jurisdiction file, and local
 * time is always computed through the jurisdiction's time zone, never a fixed offset written in code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localInstant } from '../../shared/domain/local-time';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['shared', 'functions', 'infra', 'local', 'scripts', 'bench', 'web/src'];
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name)) out.push(path);
  }
  return out;
}

describe('the source code', () => {
  const files = SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));

  it('is found (the scan reads what it claims to)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.map((f) => relative(ROOT, f))).toContain('shared/use-cases/staff/transition-report.ts');
  });

  it.each([
    ['a fixed UTC offset of Serang', '+07:00'],
    ['constants of one jurisdiction', 'SERANG_'],
  ])('holds no %s (%s)', (_what, needle) => {
    const found = files.filter((f) => readFileSync(f, 'utf8').includes(needle)).map((f) => relative(ROOT, f));
    expect(found).toEqual([]);
  });
});

describe('localInstant', () => {
  it('reads wall-clock time in the given zone', () => {
    expect(localInstant('2026-11-01', 'Asia/Jakarta', '17:00').toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(localInstant('2026-11-01', 'Asia/Makassar').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    // a zone with daylight saving: the offset of that very day
    expect(localInstant('2026-07-01', 'Europe/Amsterdam', '12:00').toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(localInstant('2026-12-01', 'Europe/Amsterdam', '12:00').toISOString()).toBe('2026-12-01T11:00:00.000Z');
  });
});
