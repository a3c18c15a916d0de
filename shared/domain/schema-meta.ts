/**
 * OpenAPI metadata (description, example, component id) for zod/mini schemas. zod/mini has no `.meta()` method;
 * this does what classic zod's does: a copy of the schema with the metadata in zod's global registry, which
 * zod-openapi reads at build time. A copy, so a shared schema (a status, a code list) keeps its own metadata;
 * `z.meta()` as a check would make the copy inherit its parent's instead, and `.register()` alone would change the
 * shared schema itself.
 */
import * as z from 'zod/mini';

export function meta<S extends z.ZodMiniType>(schema: S, data: z.core.GlobalMeta): S {
  const copy = schema.clone();
  z.globalRegistry.add(copy, data);
  return copy;
}
