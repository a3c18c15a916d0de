/**
 * The OpenAPI document is generated from the zod schemas and the route table at build time (scripts/write-openapi.ts,
 * run by the bundling of get-openapi) and travels beside the bundle as a JSON file, so the function serves it
 * without zod-openapi and the schemas of every route in its bundle. This module names the file and nothing else:
 * the function imports it, and so must stay free of the generator.
 */

/** The file's name beside the bundle (`/var/task/openapi.json` on Lambda). */
export const OPENAPI_FILE_NAME = 'openapi.json';

/** Overrides where the file is; the local stack, which runs the TypeScript sources unbundled, writes it elsewhere. */
export const OPENAPI_DOCUMENT_ENV = 'OPENAPI_DOCUMENT';
