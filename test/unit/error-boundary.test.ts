/**
 * The domain and its use cases speak in domain errors and know nothing of HTTP: no file under the directories of
 * rules imports shared/http. Read from the source tree, so a new file that breaks the rule fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const HTTP = join(ROOT, 'shared/http');

/** Directories of rules: the domain, the use cases, and the rules beside them. */
const RULE_DIRS = ['shared/domain', 'shared/use-cases', 'shared/abuse', 'shared/photos', 'shared/location', 'shared/auth', 'shared/stats', 'shared/open-data'];
/** Files there that describe the HTTP answer itself (the OpenAPI fragments) are part of the door, not the rule. */
const DOOR_FILES = new Set(['shared/stats/openapi.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

const reachesHttp = (file: string, specifier: string) => specifier.startsWith('.') && (resolve(dirname(file), specifier) + '/').startsWith(HTTP + '/');

describe('the domain knows no HTTP', () => {
  const files = RULE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir))).filter((f) => !DOOR_FILES.has(relative(ROOT, f)));

  it('finds the rule files to check', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['shared/domain/errors.ts', 'shared/use-cases/staff/transition-report.ts', 'shared/abuse/quotas.ts']));
  });

  it('no file under the domain, the use cases or the rules beside them imports shared/http', () => {
    const offenders = files.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((specifier) => reachesHttp(file, specifier))
        .map((specifier) => `${relative(ROOT, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the check sees every way of importing', () => {
    const file = join(ROOT, 'shared/use-cases/staff/example.ts');
    const source = [
      "import { ProblemError } from '../../http/problem';",
      "import type { HttpResult } from '../../http/handler';",
      "export { etagOf } from '../../http/etag';",
      "import '../../http/messages';",
      "const later = () => import('../../http/error-table');",
      "import { reportNotFound } from '../../domain/errors';",
      "import { httpish } from '../../domain/http-words';",
    ].join('\n');
    expect(importsOf(source).filter((s) => reachesHttp(file, s))).toEqual(['../../http/problem', '../../http/handler', '../../http/etag', '../../http/messages', '../../http/error-table']);
  });
});
