/** Opaque list cursors: the last sort key of a page, wrapped so clients treat it as a token. */
import { ProblemError } from './problem';
import { MESSAGES, translate } from './messages';
import type { Language } from '../config/jurisdiction';

export const encodeCursor = (sortKey: string) => Buffer.from(JSON.stringify({ k: sortKey })).toString('base64url');

export function decodeCursor(cursor: string | undefined, lang: Language): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string' && parsed.k.length > 0 && parsed.k.length < 200) return parsed.k;
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError(400, 'validation', MESSAGES['cursor.invalid'], { errors: [{ field: 'query.cursor', message: translate('cursor.invalid', lang)! }] });
}
