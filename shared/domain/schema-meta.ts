/**
 * OpenAPI metadata (description, example, component id) for zod/mini schemas. zod/mini has no `.meta()` method;
 * this does what classic zod's does: a copy of the schema with the metadata in zod's global registry, which
 * zod-openapi reads at build time. A copy, so a shared schema (a status, a code list) keeps its own metadata;
 * `z.meta()` as a check would make the copy inherit its parent's instead, and `.register()` alone would change the
 * shared schema itself.
 *
 * Only the OpenAPI document reads the metadata, at build time.
 */
import * as z from 'zod/mini';

export function meta<S extends z.ZodMiniType>(schema: S, data: z.core.GlobalMeta): S {
  // A function bundle never builds the document: the bundler sets this (infra/constructs/bundling-settings.ts), and
  // a cold start skips a copy of every described schema.
  if (process.env.SI_CENTANG_SCHEMA_META === 'off') return schema;
  const copy = schema.clone();
  z.globalRegistry.add(copy, data);
  return copy;
}
