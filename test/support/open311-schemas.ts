/**
 * Validators for Open311 answers: the community's JSON schemas (ajv) and our XSD of the spec's XML
 * (xmllint compiled to WebAssembly, so no system package is needed). See test/fixtures/open311/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

const dir = join(import.meta.dirname, '..', 'fixtures', 'open311');
const load = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as object;

const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(load('request.json'), 'request.json');
ajv.addSchema(load('service.json'), 'service.json');

export const jsonSchemas = {
  requests: ajv.compile(load('requests.json')),
  services: ajv.compile(load('services.json')),
  serviceDefinition: ajv.compile(load('service-definition.json')),
};

/** Errors of a JSON answer against one of the schemas; empty when valid. */
export function jsonErrors(schema: keyof typeof jsonSchemas, value: unknown): string[] {
  const validate = jsonSchemas[schema];
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const xsd = readFileSync(join(dir, 'georeport-v2.xsd'), 'utf8');

/** Errors of an XML answer against the XSD; empty when valid. */
export async function xmlErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'answer.xml', contents: xml }], schema: [{ fileName: 'georeport-v2.xsd', contents: xsd }] });
  return result.valid ? [] : result.errors.map((e) => e.message);
}
