/**
 * Files a function needs beside its bundle that are made while it is bundled: the OpenAPI document of get-openapi,
 * generated from the zod schemas by scripts/write-openapi.ts, so zod-openapi never ships to Lambda. Generated in a
 * child process with the synth's jurisdiction file, because the schemas read their jurisdiction when loaded.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_FILE_NAME } from '../../shared/http/openapi-file';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** Shell commands to run after esbuild for function `fn` (none for most functions). */
export function afterBundlingSteps(fn: string, jurisdictionFile: string, outputDir: string): string[] {
  if (fn !== 'get-openapi') return [];
  return [
    `(cd ${shellQuote(ROOT)} && JURISDICTION_CONFIG=${shellQuote(jurisdictionFile)} npx --no-install tsx scripts/write-openapi.ts ${shellQuote(join(outputDir, OPENAPI_FILE_NAME))})`,
  ];
}
