/**
 * Writes the OpenAPI document generated from the zod schemas and the route table to a file: the build step of
 * get-openapi (its bundling runs `tsx scripts/write-openapi.ts <out>` with the jurisdiction chosen for the synth
 * in JURISDICTION_CONFIG, since the schemas describe that jurisdiction's bounds and names).
 */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../shared/http/openapi';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/write-openapi.ts <file.json>');
  process.exit(2);
}
writeFileSync(out, JSON.stringify(openApiDocument()));
