/**
 * fast-check arbitraries for hostile input: strings with control characters, bidi overrides, zero-width and
 * lone surrogates; huge strings; prototype-pollution keys; numbers JSON cannot or barely carry; every shape a
 * phone number can be typed in; raw bodies that are not JSON at all. Route-specific requests are built from
 * these in ./hostile-requests.ts.
 */
import fc from 'fast-check';

export const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

const SPECIAL_CHARS = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F', '\u0085', '\u009F',
  '\u00A0', '\u00AD', '\u034F', '\u061C', '\u180E', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2028', '\u2029',
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\u3000', '\uFEFF',
  '\uFFF9', '\uFFFD', '\uFFFE', '\uFFFF', '\u0301', '\u0BCD', 'é', 'ß', 'İ', 'ﷺ', '😀', '👩‍👩‍👧', '🇮🇩', '𝟘', '\u{E0041}',
  '"', '\\', '/', '<', '>', '&', "'", '%', '#', '?', '*', '$', '{', '}',
  ...LONE_SURROGATES,
];

export const hostileChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
);

const INJECTIONS = [
  '__proto__', 'constructor', 'prototype', 'toString', '<script>alert(1)</script>', "' OR '1'='1", '${jndi:ldap://x/a}',
  '{{7*7}}', '../../../../etc/passwd', '%00', '%s%s%s%n', 'null', 'undefined', 'NaN', 'Infinity', 'true', '[]', '{}',
  'R#', 'R#AAAA-AAAA', 'E#000001', ':pk', 'S#received#0', 'QUOTA#report#phone', '\u202Egnp.exe', 'a\u0000b', ' ', '',
];

/** Strings from 1,000 to 70,000 characters: over every field limit and, as a body, over 64 KB. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(1_001, 2_001, 10_000, 40_000, 65_536, 70_000), fc.constantFrom('a', 'é', '😀', '\u202E', ' ', '\u0000', '\uD800', '7'))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

export function hostileString(maxLength = 200, options: { huge?: boolean } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.string({ unit: hostileChar, maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
    { weight: options.huge === false ? 0 : 1, arbitrary: hugeString },
  );
}

/** Numbers at the edges: -0, the largest doubles, the smallest subnormal, just outside ranges; JSON turns NaN/±Infinity into null. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -6.2, 106.3, 90, -90, 180, -180, 90.000001, -6.45, -5.8, 105.8, 106.5, 1, -1, 0.1),
  fc.double(),
  fc.integer(),
);

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS, 'toString', 'valueOf', 'hasOwnProperty', '', ' ', 'pk', 'sk', 'version', 'id', 'status', 'reporter', 'phone') },
  { weight: 3, arbitrary: fc.string({ unit: hostileChar, maxLength: 12 }) },
);

/** An object with these own properties, `__proto__` included as a plain key (as JSON.parse makes it). */
export function objectFrom(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Any JSON value, with hostile leaves and keys; shallow, so many of them fit in a run. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    hostileString(40),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map(objectFrom),
})).value;

// ---------------------------------------------------------------------------------------------- phone numbers

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const EXTENDED_ARABIC_INDIC = '۰۱۲۳۴۵۶۷۸۹';
const FULLWIDTH = '０１２３４５６７８９';
const DEVANAGARI = '०१२३४५६७८९';

const toDigits = (s: string, digits: string) => s.replace(/\d/g, (d) => digits[Number(d)]!);

const OPERATOR_PREFIXES = ['811', '812', '813', '821', '822', '851', '852', '853', '855', '856', '857', '858', '877', '878', '881', '895', '896', '898', '899', '21', '254', '800', '809'];

/** A plausible Indonesian number written some usual or unusual way. */
export const phoneLike: fc.Arbitrary<string> = fc
  .record({
    prefix: fc.constantFrom('0', '+62', '62', '+62 ', '+62-', '0062', '(0', '(+62)', '+ 62', '+620', '+1', '+60', '', '00', '++62'),
    operator: fc.constantFrom(...OPERATOR_PREFIXES),
    rest: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 4, maxLength: 11 }),
    sep: fc.constantFrom('', ' ', '-', '.', ') ', '  ', '\u00A0', '\u200B', '/', '\t'),
    digits: fc.constantFrom('ascii', 'ascii', 'ascii', 'arabic', 'extended', 'fullwidth', 'devanagari'),
    suffix: fc.constantFrom('', '', '', ' ext. 12', ';ext=1', 'x', ' ', '#'),
  })
  .map(({ prefix, operator, rest, sep, digits, suffix }) => {
    const text = `${prefix}${operator}${sep}${rest.slice(0, 4)}${sep}${rest.slice(4)}${suffix}`;
    switch (digits) {
      case 'arabic':
        return toDigits(text, ARABIC_INDIC);
      case 'extended':
        return toDigits(text, EXTENDED_ARABIC_INDIC);
      case 'fullwidth':
        return toDigits(text, FULLWIDTH);
      case 'devanagari':
        return toDigits(text, DEVANAGARI);
      default:
        return text;
    }
  });

/** Every shape a phone number field may take: plausible numbers, character soup, and values of the wrong type. */
export const anyPhone: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: phoneLike },
  {
    weight: 3,
    arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789+ -()./abcxOlI', ...ARABIC_INDIC, '\u200B', '\u202E', '\u0000'), maxLength: 40 }),
  },
  { weight: 1, arbitrary: fc.constantFrom(81234567890, 6281234567890, -0, 1e308, null, true, [], {}, ['081234567890'], { number: '081234567890' }) },
  { weight: 1, arbitrary: hostileString(40) },
);

// ------------------------------------------------------------------------------------------------ raw bodies

/** Depth-n nesting as text (JSON.stringify of a deep value would itself recurse). */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(64, 1_000, 10_000, 30_000), fc.constantFrom('array', 'object'))
  .map(([n, kind]) => (kind === 'array' ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`));

/** Values only JavaScript (or nobody) would call JSON. */
const NOT_JSON_VALUES = ['NaN', '-NaN', 'Infinity', '-Infinity', 'undefined', "'single'", '0x10', '01', '+1', '.5', '1e309', '-1e309', '1.7976931348623157e309', '-0', '-0.0', '123456789012345678901234567890', '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"\\u202e"', '"a\u0000b"', '"\\x41"', 'tru', 'nul', '[1,]', '{"a":1,}', '//', '/* */1'];

/** A body that is not (valid) JSON, or JSON of an unexpected shape; `template` is a valid body's JSON text. */
export function rawBody(template: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '', ' ', '\n', 'null', 'true', '0', '-0', '1e308', '"text"', '[]', '[{}]', '{}', '{', '}', '{"', '{"a"}', '{"a":}', '{"a":1,}', '{,}', "{'a':1}",
      '\uFEFF{}', 'a=b&c=d', '<?xml version="1.0"?><a/>', '--boundary\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--boundary--',
      '{"location":{"lat":NaN,"lon":106.3}}', '{"location":{"lat":-6.2,"lon":Infinity}}', '{"location":{"lat":-Infinity,"lon":-0}}',
      '{"location":{"lat":1e309,"lon":106.3}}', '{"location":{"lat":-0,"lon":-0}}', '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"a":1}{"b":2}', '{"a":"\u0001"}', '\u0000', '\uD800',
    ),
    deepNesting,
    // the template with one value swapped for something that is not JSON, or truncated, or with garbage after it
    fc.tuple(fc.constantFrom(...NOT_JSON_VALUES), fc.nat()).map(([value, at]) => {
      const slots = [...template.matchAll(/:("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g)];
      const slot = slots[at % Math.max(1, slots.length)];
      if (!slot || slot.index === undefined) return value;
      return `${template.slice(0, slot.index + 1)}${value}${template.slice(slot.index + slot[0].length)}`;
    }),
    fc.nat().map((n) => template.slice(0, n % Math.max(1, template.length))),
    fc.constantFrom(' x', ',', ']', '}', '\u0000', ' // comment').map((tail) => template + tail),
    // duplicate keys: the last one wins in JSON.parse
    fc.constant(template.replace(/^\{/, '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},')),
  );
}

/** Body bytes that are not valid UTF-8 at all. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d], [0xef, 0xbb, 0xbf, 0x7b, 0x7d], [0x00, 0x00, 0x00, 0x7b])
  .map((bytes) => Buffer.from(bytes));

// -------------------------------------------------------------------------------------------------- headers

const HEADER_CHAR = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }).filter((c) => c >= ' ' && c <= '~') },
  { weight: 1, arbitrary: fc.constantFrom('\t', '\u00A0', 'é', 'ÿ', '\u0080', '\u00FF') },
);

/** What may travel in an HTTP header value (Node refuses CR, LF, NUL and anything above U+00FF). */
export const headerText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: HEADER_CHAR, maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 4_000, 7_000).map((n) => 'h'.repeat(n)) },
  );

export const contentType: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'APPLICATION/JSON', 'Application/Json;charset=UTF-8', 'application/json;charset=latin1',
      'application/json; charset="utf-16"', 'application/problem+json', 'application/vnd.api+json', 'application/merge-patch+json',
      'application/json;;', 'application/json ;', 'application/jsonx', 'application/json5', 'application/x-json', 'text/json',
      'text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=boundary',
      'application/octet-stream', 'image/jpeg', '*/*', '', ' ', 'json', 'application/', '/json', 'application/json, text/plain',
    ),
  },
  { weight: 1, arbitrary: headerText(40) },
);

export const acceptLanguage: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('en', 'id', 'en-US,en;q=0.9', 'id-ID,id;q=0.9,en;q=0.8', 'id;q=abc,en;q=NaN', '*', ';;;,,,', 'en;q=-1', 'EN', 'zz', 'en;q=1e309', 'en;q=', ';q=1', 'e', ',en', 'jv, su, en;q=0.1'),
  headerText(80),
);

export const ifMatch: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('@current', '@current', 'W/@current') },
  { weight: 2, arbitrary: fc.constantFrom('"1"', '*', '"abc"', '"99999999999"', '"-1"', '"0"', 'W/"1"', '"1", "2"', '', '"1', '1"', ' "1" ', '"1.0"', '"0x1"', '"１"', 'w/"1"') },
  { weight: 1, arbitrary: headerText(30) },
);

export const uploadTokenHeader: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('@token', '@other-token', '@expired-token') },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('v1', 'v2', 'V1', ''), fc.constantFrom('0', '1', '9999999999', '999999999999', '-1', '1e3', ''), fc.string({ unit: fc.constantFrom(...'AZaz09-_+/='), minLength: 0, maxLength: 50 })).map((p) => p.join('.')),
  },
  { weight: 1, arbitrary: headerText(60) },
);

export const idempotencyKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom('k-1', 'k-2', 'k-3'), headerText(80));
