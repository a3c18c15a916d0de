/** GET /v1/staff/reports: work queues by status, unit, district, overdue; sorted by due or creation time. */
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { staffIdentity } from '../shared/auth/staff-identity';
import { toStaffListItem } from '../shared/domain/staff-view';
import { decodeCursor, encodeCursor } from '../shared/http/cursor';
import { httpHandler } from '../shared/http/handler';
import { staffAuthentication } from '../shared/http/staff-authentication';
import { parseOrThrow } from '../shared/http/problem';
import { listQueue, staffQueueQuerySchema } from '../shared/use-cases/staff/list-queue';

export const handler = httpHandler(async (req) => {
  const who = staffIdentity(req.event);
  const query = parseOrThrow(staffQueueQuerySchema, req.query, req.lang, 'query');
  const now = new Date();
  const page = await listQueue(query, decodeCursor(query.cursor, req.lang), who, { repository: reportRepository, now: () => now });
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    body: { items: page.items.map((r) => toStaffListItem(r, now)), nextCursor: page.next ? encodeCursor(page.next) : null },
  };
}, [staffAuthentication()]);
