/**
 * Stream images in the JSON form Lambda delivers them (`{ "S": "..." }`, `{ "N": "1" }`, binary as base64 text)
 * to plain values. Small and total on purpose: the SDK's unmarshall expects binary as bytes, which a Lambda event
 * never carries.
 */
export type StreamAttributeValue = {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: Record<string, StreamAttributeValue>;
  L?: StreamAttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
};

export function unmarshallValue(value: StreamAttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return unmarshallImage(value.M);
  if (value.L !== undefined) return value.L.map(unmarshallValue);
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  if (value.B !== undefined) return Buffer.from(value.B, 'base64');
  if (value.BS !== undefined) return new Set(value.BS.map((b) => Buffer.from(b, 'base64')));
  throw new TypeError(`Unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

export function unmarshallImage(image: Record<string, StreamAttributeValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(image)) out[key] = unmarshallValue(value);
  return out;
}
