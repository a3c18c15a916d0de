/**
 * GET /openapi.json: the API description, generated from the zod schemas and the route table at build time
 * (see shared/http/openapi-file.ts) and read once per container, not generated at every cold start. Sent as the
 * text it is: parsing it at the cold start and writing it again at every request would only cost time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { httpHandler } from '../shared/http/handler';
import { OPENAPI_DOCUMENT_ENV, OPENAPI_FILE_NAME } from '../shared/http/openapi-file';

const file = process.env[OPENAPI_DOCUMENT_ENV] || fileURLToPath(new URL(`./${OPENAPI_FILE_NAME}`, import.meta.url));
const document = readFileSync(file, 'utf8');

export const handler = httpHandler(async () => ({ status: 200, headers: { 'cache-control': 'public, max-age=300' }, jsonText: document }));
