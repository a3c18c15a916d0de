/**
 * What the OpenAPI contract check saw in this test file. Kept apart from the check itself (./openapi-contract.ts),
 * so the setup file that reads it after every file loads no OpenAPI document, zod or ajv into files that start no
 * local stack.
 */
export interface Seen {
  method: string;
  path: string;
  status: number;
  described: boolean;
}

/** Answers that broke the document, and every route+status seen (for the coverage test). */
export const contract = { violations: [] as string[], seen: [] as Seen[] };
