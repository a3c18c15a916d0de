/**
 * Real answers held against the OpenAPI document. Every e2e suite's local stack reports each answer of a route
 * function here (test/support/local-stack.ts); an answer whose route and status the document describes must have
 * the documented media type and match its schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses). The setup file
 * (openapi-contract-setup.ts) fails the test file that saw a mismatch. Routes added later are checked as soon as
 * the document describes them; a route of the route table the document lacks fails at once.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ObservedAnswer } from '../../local/http-adapter';
import { openApiDocument } from '../../shared/http/openapi';
import { ROUTES } from '../../shared/http/routes';

// ajv-formats is CommonJS: its default export is the module object under some loaders
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}

import { contract } from './contract-record';

export { contract, type Seen } from './contract-record';

// the document's components under an id of their own, so `#/components/...` references resolve
const rebased = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('"#/components/', '"openapi#/components/'));

let compiled: { document: ReturnType<typeof openApiDocument>; ajv: Ajv2020; validators: Map<string, ValidateFunction> } | undefined;

function load() {
  if (compiled) return compiled;
  const document = openApiDocument();
  for (const route of ROUTES) {
    if (!(document.paths as Record<string, Record<string, unknown>>)[route.path]?.[route.method.toLowerCase()])
      throw new Error(`The OpenAPI document lacks ${route.method} ${route.path}`);
  }
  // one validator instance for the file: the shared components are compiled once, not once per answer schema
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: rebased(document.components) });
  compiled = { document, ajv, validators: new Map() };
  return compiled;
}

function validator(schema: unknown): ValidateFunction {
  const { ajv, validators } = load();
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rebased(schema) as object);
    validators.set(key, validate);
  }
  return validate;
}

/** Why this answer breaks the document, or undefined when it keeps to it or the document does not describe it. */
export function checkAnswer(method: string, path: string, status: number, contentType: string | undefined, text: string | undefined): string | undefined {
  const { document } = load();
  const operation = (document.paths as Record<string, Record<string, Operation>>)[path]?.[method.toLowerCase()];
  const where = `${method} ${path} → ${status}`;
  if (!operation) return `${where}: route not in the document`;
  const response = operation.responses[String(status)];
  contract.seen.push({ method, path, status, described: response !== undefined });
  if (!response) return undefined;
  if (!response.content) return undefined;
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const media = response.content[mediaType];
  if (!media) return `${where}: answered ${mediaType || 'no content type'}, the document says ${Object.keys(response.content).join(' or ')}`;
  // only JSON bodies are held against a schema; an XML body (Open311) is checked by its own XSD test
  if (media.schema === undefined || !mediaType.endsWith('json')) return undefined;
  let body: unknown;
  try {
    body = text === undefined || text === '' ? undefined : JSON.parse(text);
  } catch {
    return `${where}: the body is not JSON`;
  }
  const validate = validator(media.schema);
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return `${where}: ${errors.slice(0, 5).join('; ')}`;
}

/** The hook the local stack calls with each answer of a route function. */
export function observeAnswer({ route, event, result }: ObservedAnswer): void {
  if (!route) return;
  const structured = result as APIGatewayProxyStructuredResultV2;
  if (typeof structured !== 'object' || structured === null || !('statusCode' in structured)) return;
  const headers = (structured.headers ?? {}) as Record<string, string>;
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const text = structured.isBase64Encoded && structured.body ? Buffer.from(structured.body, 'base64').toString('utf8') : structured.body;
  // HEAD answers carry a GET's headers without its body
  if (event.requestContext.http.method === 'HEAD') return;
  const violation = checkAnswer(route.method, route.path, structured.statusCode ?? 200, contentType, text);
  if (violation) contract.violations.push(violation);
}
