/** GET /v1/staff/audit/contact-reads?month=YYYY-MM: who read which reporter's contact details (admin only). */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { staffIdentity } from '../shared/auth/staff-identity';
import { decodeCursor, encodeCursor } from '../shared/http/cursor';
import { contactReadsQuerySchema } from '../shared/http/contact-reads-query';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { listContactReads, mayReadContactAudit } from '../shared/use-cases/staff/list-contact-reads';

const deps = { repository: reportRepository };

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  // refused before the query is parsed: a bad query from a non-admin is still a 403
  mayReadContactAudit(who);
  const query = parseOrThrow(contactReadsQuerySchema, req.query, req.lang, 'query');
  const page = await listContactReads(who, query, decodeCursor(query.cursor, req.lang), deps);
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null } };
}, [staffAuthentication()]);
