/** GET /v1/staff/audit/contact-reads?month=YYYY-MM: who read which reporter's contact details (admin only). */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { staffIdentity } from '../shared/auth/staff-identity';
import { decodeCursor, encodeCursor } from '../shared/http/cursor';
import { contactReadsQuerySchema } from '../shared/http/contact-reads-query';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow, ProblemError } from '../shared/http/problem';

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  if (who.role !== 'admin') throw new ProblemError(403, 'admin-only', { id: 'Hanya admin', en: 'Admins only' });
  const query = parseOrThrow(contactReadsQuerySchema, req.query, req.lang, 'query');
  const page = await reportRepository.listContactReads(query.month, query.limit, decodeCursor(query.cursor, req.lang));
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null } };
}, [staffAuthentication()]);
