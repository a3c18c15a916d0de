/**
 * The two wire formats of GeoReport v2. Every resource is a plain value (lists are arrays); JSON writes it as
 * is, XML wraps it in the spec's root and item element names. XML is built by fast-xml-parser's XMLBuilder,
 * which escapes text, so no answer is assembled by string concatenation.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type Format = 'json' | 'xml';

/** `requests.json` → { name: 'requests', format: 'json' }; no or another extension gives no format. */
export function splitResource(segment: string | undefined): { name: string; format?: Format } {
  const value = segment ?? '';
  const m = /^(.*)\.(json|xml)$/i.exec(value);
  return m ? { name: m[1]!, format: m[2]!.toLowerCase() as Format } : { name: value };
}

/** Element names of the lists: root and one item, as in the spec (and FixMyStreet's updates extension). */
export const LISTS = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  updates: ['service_request_updates', 'request_update'],
  errors: ['errors', 'error'],
} as const;
export type ListKind = keyof typeof LISTS;

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
const DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' } };

export type XmlShape = Record<string, unknown>;

/** Lists nested inside a resource, and the element name of their items in XML. */
const NESTED_ITEMS: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

/*
 * What XML 1.0 cannot carry, even escaped: control characters but tab and line breaks, U+FFFE/U+FFFF and lone
 * surrogates. The builder escapes markup but passes these through, and one of them (from a path echoed in an error,
 * or text stored before the input check refused it) would make the whole answer unreadable to every client.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The JSON shape turned into the XML one: nested lists gain their item element, absent values disappear. */
function xmlShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(xmlShape);
  if (typeof value === 'string') return value.replace(NOT_XML, '\uFFFD');
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const item = NESTED_ITEMS[key];
    out[key] = item && Array.isArray(v) ? (v.length === 0 ? '' : { [item]: xmlShape(v) }) : xmlShape(v);
  }
  return out;
}

function toXml(root: string, content: unknown): string {
  return builder.build({ ...DECLARATION, [root]: content }) as string;
}

export function xmlList(kind: ListKind, items: XmlShape[]): string {
  const [root, item] = LISTS[kind];
  return toXml(root, items.length === 0 ? '' : { [item]: xmlShape(items) });
}

export function xmlObject(root: string, content: XmlShape): string {
  return toXml(root, xmlShape(content));
}

const CONTENT_TYPES: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

export function respond(status: number, format: Format, body: { json: unknown; xml: string }, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': CONTENT_TYPES[format], ...headers },
    body: format === 'json' ? JSON.stringify(body.json) : body.xml,
  };
}

/** A list resource in either format. */
export function respondList(status: number, format: Format, kind: ListKind, items: XmlShape[], headers: Record<string, string> = {}) {
  return respond(status, format, { json: dropAbsent(items), xml: xmlList(kind, items) }, headers);
}

/** A single resource (discovery, a service definition) in either format. */
export function respondObject(status: number, format: Format, root: string, content: XmlShape, headers: Record<string, string> = {}) {
  return respond(status, format, { json: dropAbsent(content), xml: xmlObject(root, content) }, headers);
}

/** JSON leaves absent fields out rather than writing undefined or null. */
function dropAbsent<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === null ? undefined : v))) as T;
}
