/**
 * Every test file: the answers its local stacks gave must keep to the OpenAPI document (./openapi-contract.ts).
 * Only the record is imported here, so a file that starts no stack loads no document, zod or ajv.
 */
import { afterAll, expect } from 'vitest';
import { contract } from './contract-record';

afterAll(() => {
  expect(contract.violations, 'answers that disagree with the OpenAPI document').toEqual([]);
});
