/** Every test file: the answers its local stacks gave must keep to the OpenAPI document (./openapi-contract.ts). */
import { afterAll, expect } from 'vitest';
import { contract } from './openapi-contract';

afterAll(() => {
  expect(contract.violations, 'answers that disagree with the OpenAPI document').toEqual([]);
});
