/**
 * The modules a function's source reaches through its imports (relative ones followed, packages named), read from
 * the TypeScript text: fast and without a build. Type-only imports are skipped; an import that is only used as a
 * type but not written `import type` is counted, so the answer may hold a module the bundle drops, never miss one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../esbuild-settings';

const IMPORT = /(?:^|[;\s])(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveLocal(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  return undefined;
}

export interface ImportClosure {
  /** repository-relative paths of the first-party modules reached */
  modules: Set<string>;
  /** package specifiers imported by them, e.g. `@aws-sdk/client-dynamodb` or `zod/mini` */
  packages: Set<string>;
}

export function importClosure(entry: string): ImportClosure {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const rel = relative(ROOT, file);
    if (modules.has(rel)) continue;
    modules.add(rel);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      if (m[1]) continue;
      const spec = m[2] ?? m[3]!;
      if (spec.startsWith('.')) {
        const found = resolveLocal(file, spec);
        if (found) pending.push(found);
      } else if (!spec.startsWith('node:')) packages.add(spec);
    }
  }
  return { modules, packages };
}
