/**
 * A report's fields as the request schemas check them (zod/mini): the jurisdiction's codes, statuses, priorities and
 * text typed by a person. Apart from ./report.ts, so that a function that only reads and shows reports builds none
 * of these schemas at its cold start (nor, where nothing else needs it, bundles zod at all).
 */
import * as z from 'zod/mini';
import { jurisdiction } from '../config/jurisdiction';
import { PRIORITIES } from './sla-policy';
import { meta } from './schema-meta';
import { STATUSES } from './status-machine';

const codes = <T extends { code: string }>(items: T[]) => items.map((i) => i.code) as [string, ...string[]];

export const categoryCode = meta(z.enum(codes(jurisdiction.categories)), { description: 'Category code (GET /v1/categories)' });
export const districtCode = meta(z.enum(codes(jurisdiction.districts)), { description: 'District (kecamatan) code (GET /v1/districts)' });
export const unitCode = z.enum(codes(jurisdiction.units));

export const prioritySchema = z.enum(PRIORITIES);
export const reportStatusSchema = z.enum(STATUSES);

// C0/C1 control characters other than tab and line breaks, the bidi overrides used to disguise text, U+FFFD (what a
// decoder leaves of bytes that were no UTF-8: the text was garbled on its way, better sent again than stored so),
// U+FFFE/U+FFFF (no XML can carry them, and Open311 answers in XML), and lone surrogates (not Unicode at all:
// DynamoDB, SMS and every UTF-8 consumer would mangle them).
const FORBIDDEN_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFD-\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Something a reader can see: not white space, and not the format characters that take no room (zero-width spaces,
// joiners, a soft hyphen), which trim() leaves in place.
const VISIBLE = /[^\s\p{Cf}]/u;

/** Free text typed by a person: trimmed, length in characters, no control characters, not only invisible ones. */
export const text = (min: number, max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(min),
    z.maxLength(max),
    z.refine((s) => !FORBIDDEN_CHARS.test(s), { message: 'text.control' }),
    z.refine((s) => min === 0 || s === '' || VISIBLE.test(s), { message: 'text.blank' }),
  );
