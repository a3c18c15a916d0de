/**
 * Example phone numbers in the README, the OpenAPI document and the messages a citizen reads use the 0810 prefix,
 * which no Indonesian operator has been given (Indonesia reserves no range for fiction): copying an example never
 * texts a real person.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/lambda-function';
import { normalizeMobile } from '../../shared/domain/phone';
import { openApiDocument } from '../../shared/http/openapi';
import { MESSAGES } from '../../shared/http/messages';

/** a mobile number in any usual written form: 08…, 628…, +62 8… */
const MOBILE = /(?<![\d])(?:\+62[\s-]?|62|0)8\d{1,2}(?:[\s-]?\d){6,10}(?!\d)/g;

function numbersIn(text: string): string[] {
  return [...text.matchAll(MOBILE)].map((m) => m[0]).filter((n) => normalizeMobile(n, 'ID') !== undefined);
}

it('uses only numbers from the unassigned 0810 prefix as examples', () => {
  const sources = {
    readme: readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8'),
    openapi: JSON.stringify(openApiDocument()),
    messages: JSON.stringify(MESSAGES),
  };
  for (const [name, text] of Object.entries(sources)) {
    for (const n of numbersIn(text)) expect(normalizeMobile(n, 'ID'), `${name}: ${n}`).toMatch(/^\+62810/);
  }
  expect(numbersIn(sources.openapi).length).toBeGreaterThan(0);
});
